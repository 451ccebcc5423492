"""Settings: contact form inboxes — create, edit, copy the link and embed code, rotate the link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yanit.accounts.models import Team
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.connectors.form.config import COLOR_RE, DEFAULT_COLOR, FormConfig, form_config
from yanit.connectors.form.manage import (
    MAX_TOPIC_CHARS,
    MAX_TOPICS,
    do_create_form_inbox,
    do_rotate_form_token,
    do_save_form_inbox,
    form_token_of,
)
from yanit.connectors.form.submit import default_confirmation, default_expected_reply
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import access_inbox
from yanit.web.access import admin_required


class FormInboxForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Inbox name"), max_length=120)
    is_active = forms.BooleanField(
        label=gettext_lazy("The form accepts messages"), required=False, initial=True
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=gettext_lazy("No team"),
        help_text=gettext_lazy("New conversations from the form go to this team."),
    )
    email_inbox = forms.ModelChoiceField(
        label=gettext_lazy("Email inbox that sends replies"),
        queryset=Inbox.objects.none(),
        required=False,
        empty_label=gettext_lazy("The workspace's first email inbox"),
        help_text=gettext_lazy(
            "Confirmations and agents' replies go out from this mailbox; "
            "customers' replies to them come back into the same conversation."
        ),
    )
    topics = forms.CharField(
        label=gettext_lazy("Topics"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One per line. Leave empty to hide the topic field."),
    )
    phone_required = forms.BooleanField(label=gettext_lazy("Phone number is required"), required=False)
    order_required = forms.BooleanField(label=gettext_lazy("Order number is required"), required=False)
    color = forms.CharField(
        label=gettext_lazy("Colour"),
        initial=DEFAULT_COLOR,
        widget=forms.TextInput(attrs={"type": "color", "style": "width:4.5rem;height:2.5rem;padding:2px"}),
        help_text=gettext_lazy("Your store's colour: the button and the top of the form."),
    )
    intro_tr = forms.CharField(
        label=gettext_lazy("Intro text (Turkish)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    intro_en = forms.CharField(
        label=gettext_lazy("Intro text (English)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected_tr = forms.CharField(
        label=gettext_lazy("Expected reply time (Turkish)"), required=False, max_length=300
    )
    expected_en = forms.CharField(
        label=gettext_lazy("Expected reply time (English)"), required=False, max_length=300
    )
    confirmation_enabled = forms.BooleanField(
        label=gettext_lazy("Send a confirmation email after each message"), required=False, initial=True
    )
    confirmation_tr = forms.CharField(
        label=gettext_lazy("Confirmation email (Turkish)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 9}),
    )
    confirmation_en = forms.CharField(
        label=gettext_lazy("Confirmation email (English)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 9}),
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = Team.objects.filter(workspace_id=workspace_id)
        email_inbox = self.fields["email_inbox"]
        assert isinstance(email_inbox, forms.ModelChoiceField)
        email_inbox.queryset = Inbox.objects.filter(
            workspace_id=workspace_id, channel=Inbox.Channel.EMAIL, is_active=True
        )
        for language in ("tr", "en"):
            self.fields[f"expected_{language}"].widget.attrs["placeholder"] = default_expected_reply(language)
            self.fields[f"confirmation_{language}"].widget.attrs["placeholder"] = default_confirmation(
                language
            )
        self.fields["confirmation_tr"].help_text = _(
            "Empty uses the text shown. You can use {name}, {number}, {expected_reply} and {store}."
        )

    def clean_topics(self) -> list[str]:
        topics: list[str] = []
        for line in str(self.cleaned_data.get("topics") or "").splitlines():
            topic = " ".join(line.split())
            if not topic or topic in topics:
                continue
            if len(topic) > MAX_TOPIC_CHARS:
                raise forms.ValidationError(
                    _("“%(topic)s” is longer than %(n)d characters.")
                    % {"topic": topic[:30] + "…", "n": MAX_TOPIC_CHARS}
                )
            topics.append(topic)
        if len(topics) > MAX_TOPICS:
            raise forms.ValidationError(_("Use at most %(n)d topics.") % {"n": MAX_TOPICS})
        return topics

    def clean_color(self) -> str:
        value = str(self.cleaned_data.get("color") or "").strip()
        if not COLOR_RE.match(value):
            raise forms.ValidationError(_("Enter a colour like #2563eb."))
        return value.lower()

    def config(self) -> FormConfig:
        data = self.cleaned_data
        return FormConfig(
            topics=data["topics"],
            phone_required=data["phone_required"],
            order_required=data["order_required"],
            intro_text={"tr": data["intro_tr"].strip(), "en": data["intro_en"].strip()},
            expected_reply_text={"tr": data["expected_tr"].strip(), "en": data["expected_en"].strip()},
            confirmation_enabled=data["confirmation_enabled"],
            confirmation_text={"tr": data["confirmation_tr"].strip(), "en": data["confirmation_en"].strip()},
            color=data["color"],
        )


def initial_of(inbox: Inbox) -> dict[str, Any]:
    config = form_config(inbox)
    return {
        "name": inbox.name,
        "is_active": inbox.is_active,
        "team": inbox.team_id,
        "email_inbox": (inbox.settings or {}).get("email_inbox_id"),
        "topics": "\n".join(config.topics),
        "phone_required": config.phone_required,
        "order_required": config.order_required,
        "color": config.color,
        "confirmation_enabled": config.confirmation_enabled,
        **{f"intro_{lang}": config.text("intro_text", lang) for lang in ("tr", "en")},
        **{f"expected_{lang}": config.text("expected_reply_text", lang) for lang in ("tr", "en")},
        **{f"confirmation_{lang}": config.text("confirmation_text", lang) for lang in ("tr", "en")},
    }


def links_of(inbox: Inbox) -> dict[str, str]:
    base = settings.YANIT_BASE_URL
    token = form_token_of(inbox)
    hosted = f"{base}/f/{token}"
    return {
        "hosted_url": hosted,
        "script_snippet": f'<script src="{hosted}/embed.js" async></script>',
        "iframe_snippet": (
            f'<iframe src="{hosted}?embed=1" title="{inbox.workspace.name}" '
            'style="width:100%;max-width:680px;height:1100px;border:0"></iframe>'
        ),
    }


def _form_inbox(request: HttpRequest, inbox_id: int) -> Inbox:
    inbox = access_inbox(acting_agent(request), inbox_id)
    if inbox.channel != Inbox.Channel.FORM:
        raise Http404("not a form inbox")
    return inbox


@admin_required
@domain_errors
def inbox_new_form(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = FormInboxForm(
        request.POST or None,
        workspace_id=actor.workspace_id,
        initial={"topics": "\n".join(FormConfig().topics)},
    )
    if request.method == "POST" and form.is_valid():
        inbox = do_create_form_inbox(
            actor,
            name=form.cleaned_data["name"],
            team=form.cleaned_data["team"],
            config=form.config(),
            email_inbox_id=form.cleaned_data["email_inbox"].pk if form.cleaned_data["email_inbox"] else None,
        )
        messages.success(request, _("Contact form created. Share the link or embed it on your site."))
        return redirect("backoffice:inbox_form", inbox_id=inbox.pk)
    return render(
        request,
        "backoffice/settings/inbox_form.html",
        {"section": "inboxes", "form": form, "inbox": None},
        status=422 if form.is_bound else 200,
    )


@admin_required
@domain_errors
def inbox_form(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    inbox = _form_inbox(request, inbox_id)
    form = FormInboxForm(request.POST or None, workspace_id=actor.workspace_id, initial=initial_of(inbox))
    if request.method == "POST" and form.is_valid():
        do_save_form_inbox(
            actor,
            inbox,
            name=form.cleaned_data["name"],
            team=form.cleaned_data["team"],
            config=form.config(),
            email_inbox_id=form.cleaned_data["email_inbox"].pk if form.cleaned_data["email_inbox"] else None,
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, _("Inbox saved."))
        return redirect("backoffice:inbox_form", inbox_id=inbox.pk)
    return render(
        request,
        "backoffice/settings/inbox_form.html",
        {"section": "inboxes", "form": form, "inbox": inbox, **links_of(inbox)},
        status=422 if form.is_bound else 200,
    )


@require_POST
@admin_required
@domain_errors
def inbox_form_rotate(request: HttpRequest, inbox_id: int) -> HttpResponse:
    inbox = _form_inbox(request, inbox_id)
    do_rotate_form_token(acting_agent(request), inbox)
    messages.success(
        request, _("New link created. The old link and embed code no longer work: update your site.")
    )
    return redirect("backoffice:inbox_form", inbox_id=inbox.pk)
