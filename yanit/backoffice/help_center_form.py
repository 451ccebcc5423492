"""The help center settings form. It shapes input; ``do_save_help_center`` checks and writes it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yanit.inboxes.models import Inbox
from yanit.kb.branding import is_hex_color
from yanit.kb.services.help_center import SOCIAL_NETWORKS, HelpCenterInput


class HelpCenterForm(forms.Form):
    is_public = forms.BooleanField(label=_("Published: anyone can read the help center"), required=False)
    title_tr = forms.CharField(label=_("Title (Turkish)"), max_length=120, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=120, required=False)
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("PNG, JPEG, GIF or WebP, at most 1 MB.")
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    brand_color = forms.CharField(
        label=_("Brand colour"),
        max_length=7,
        help_text=_("# and six hex digits, e.g. #0f766e. Text on it is made readable automatically."),
        widget=forms.TextInput(attrs={"pattern": "#[0-9a-fA-F]{6}", "data-testid": "brand-color"}),
    )
    chat_inbox = forms.TypedChoiceField(label=_("Live chat"), coerce=int, empty_value=None, required=False)
    form_inbox = forms.TypedChoiceField(label=_("Contact form"), coerce=int, empty_value=None, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    whatsapp = forms.CharField(label=_("WhatsApp number"), max_length=30, required=False)
    hours_note_tr = forms.CharField(label=_("Hours note (Turkish)"), max_length=200, required=False)
    hours_note_en = forms.CharField(label=_("Hours note (English)"), max_length=200, required=False)

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inboxes = Inbox.objects.filter(workspace_id=workspace_id).order_by("name")
        none = [("", _("Not shown"))]
        self.fields["chat_inbox"].choices = none + [  # type: ignore[attr-defined]
            (i.pk, i.name) for i in inboxes if i.channel == Inbox.Channel.WEBCHAT
        ]
        self.fields["form_inbox"].choices = none + [  # type: ignore[attr-defined]
            (i.pk, i.name) for i in inboxes if i.channel == Inbox.Channel.FORM
        ]
        for network, (label, hosts) in SOCIAL_NETWORKS.items():
            self.fields[f"social_{network}"] = forms.CharField(
                label=label,
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": f"https://{hosts[0]}/…"}),
            )

    def social_fields(self) -> list[forms.BoundField]:
        return [self[f"social_{network}"] for network in SOCIAL_NETWORKS]

    def clean_brand_color(self) -> str:
        value = str(self.cleaned_data["brand_color"]).strip()
        if not is_hex_color(value):
            raise forms.ValidationError(_("Write the colour as # and six hex digits, e.g. #0f766e."))
        return value.lower()

    def to_input(self) -> HelpCenterInput:
        data = self.cleaned_data
        return HelpCenterInput(
            is_public=data["is_public"],
            title_tr=data["title_tr"],
            title_en=data["title_en"],
            brand_color=data["brand_color"],
            email=data["email"],
            phone=data["phone"],
            whatsapp=data["whatsapp"],
            chat_inbox_id=data["chat_inbox"],
            form_inbox_id=data["form_inbox"],
            hours_note_tr=data["hours_note_tr"],
            hours_note_en=data["hours_note_en"],
            social={network: data[f"social_{network}"] for network in SOCIAL_NETWORKS},
        )
