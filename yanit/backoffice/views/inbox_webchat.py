"""Settings: live chat inboxes — create, edit the widget (colours, texts, origins, limits), the
install snippet, and the identity secret (shown once, rotatable)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from yanit.accounts.models import Team
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.connectors.webchat.models import ChatWidget
from yanit.connectors.webchat.services.widgets import (
    LANGUAGES,
    MAX_FILE_BYTES_CEILING,
    TEXT_KEYS,
    WidgetChanges,
    access_widget,
    default_texts,
    do_create_chat_inbox,
    do_rotate_identity_secret,
    do_update_chat_inbox,
)
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.web.access import admin_required

TEXT_LABELS = {
    "title": _("Title"),
    "greeting": _("Greeting"),
    "online": _("Text when agents are online"),
    "offline": _("Text when nobody is online"),
    "expected_reply": _("Expected reply time"),
}
LANGUAGE_NAMES = {"tr": "Türkçe", "en": "English"}


class ChatInboxForm(forms.Form):
    name = forms.CharField(label=_("Inbox name"), max_length=120)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("No team"),
        help_text=_("New conversations in this inbox go to this team."),
    )
    color = forms.CharField(
        label=_("Colour"), max_length=7, initial="#0f766e", widget=forms.TextInput(attrs={"type": "color"})
    )
    position = forms.ChoiceField(label=_("Position"), choices=ChatWidget.Position.choices)
    prechat_mode = forms.ChoiceField(
        label=_("Pre-chat form"),
        choices=ChatWidget.Prechat.choices,
        help_text=_("Ask for the visitor's name and email before the first message."),
    )
    allowed_origins = forms.CharField(
        label=_("Allowed websites"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://magaza.example.com"}),
        help_text=_(
            "One origin per line, like https://shop.example.com. Leave empty to allow every website."
        ),
    )
    max_file_mb = forms.IntegerField(
        label=_("File size limit (MB)"),
        min_value=1,
        max_value=MAX_FILE_BYTES_CEILING // 1_048_576,
        initial=10,
        help_text=_("Visitors can send images and PDF files up to this size."),
    )
    email_inbox = forms.ModelChoiceField(
        label=_("Email inbox for offline replies"),
        queryset=Inbox.objects.none(),
        required=False,
        empty_label=_("The workspace's first email inbox"),
        help_text=_("Replies to visitors who have left, and transcripts, are sent from this mailbox."),
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = Team.objects.filter(workspace_id=workspace_id)
        mailbox = self.fields["email_inbox"]
        assert isinstance(mailbox, forms.ModelChoiceField)
        mailbox.queryset = Inbox.objects.filter(workspace_id=workspace_id, channel=Inbox.Channel.EMAIL)
        for language in LANGUAGES:
            with translation.override(language):
                defaults = default_texts()
            for key in TEXT_KEYS:
                self.fields[f"text_{language}_{key}"] = forms.CharField(
                    label=f"{TEXT_LABELS[key]} ({LANGUAGE_NAMES[language]})",
                    required=False,
                    max_length=500,
                    widget=forms.TextInput(attrs={"placeholder": defaults[key]}),
                )

    def text_fields(self) -> list[tuple[str, list[Any]]]:
        return [
            (LANGUAGE_NAMES[lang], [self[f"text_{lang}_{key}"] for key in TEXT_KEYS]) for lang in LANGUAGES
        ]

    def changes(self) -> WidgetChanges:
        data = self.cleaned_data
        return WidgetChanges(
            color=data["color"],
            position=data["position"],
            prechat_mode=data["prechat_mode"],
            texts={lang: {key: data[f"text_{lang}_{key}"] for key in TEXT_KEYS} for lang in LANGUAGES},
            allowed_origins=data["allowed_origins"].splitlines(),
            max_file_bytes=data["max_file_mb"] * 1_048_576,
        )


def initial_for(widget: ChatWidget) -> dict[str, Any]:
    inbox = widget.inbox
    initial: dict[str, Any] = {
        "name": inbox.name,
        "team": inbox.team_id,
        "color": widget.color,
        "position": widget.position,
        "prechat_mode": widget.prechat_mode,
        "allowed_origins": "\n".join(widget.allowed_origins or []),
        "max_file_mb": max(1, widget.max_file_bytes // 1_048_576),
        "email_inbox": (inbox.settings or {}).get("email_inbox_id"),
    }
    for language in LANGUAGES:
        for key, value in ((widget.texts or {}).get(language) or {}).items():
            initial[f"text_{language}_{key}"] = value
    return initial


def snippet(widget: ChatWidget) -> str:
    return (
        f'<script src="{settings.YANIT_BASE_URL}/widget.js" data-inbox="{widget.public_key}" async></script>'
    )


def page_context(widget: ChatWidget, **extra: Any) -> dict[str, Any]:
    return {
        "section": "inboxes",
        "inbox": widget.inbox,
        "widget": widget,
        "snippet": snippet(widget),
        **extra,
    }


def _apply_form_errors(form: ChatInboxForm, exc: ValidationFailed) -> None:
    field = next(iter(exc.details), None) if exc.details else None
    form.add_error(field if field in form.fields else None, exc.message)


@admin_required
@domain_errors
def inbox_new_webchat(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = ChatInboxForm(request.POST or None, workspace_id=actor.workspace_id)
    if request.method == "POST" and form.is_valid():
        mailbox = form.cleaned_data["email_inbox"]
        try:
            widget, secret = do_create_chat_inbox(
                actor,
                name=form.cleaned_data["name"],
                team=form.cleaned_data["team"],
                changes=form.changes(),
                email_inbox_id=mailbox.pk if mailbox else None,
            )
        except ValidationFailed as exc:
            _apply_form_errors(form, exc)
        else:
            # Rendered, not redirected: the identity secret exists only in this response.
            return render(
                request,
                "backoffice/settings/inbox_webchat_secret.html",
                page_context(widget, secret=secret, created=True),
            )
    return render(
        request,
        "backoffice/settings/inbox_webchat_new.html",
        {"section": "inboxes", "form": form},
        status=422 if form.is_bound else 200,
    )


@admin_required
@domain_errors
def inbox_webchat(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    widget = access_widget(actor, inbox_id)
    form = ChatInboxForm(request.POST or None, initial=initial_for(widget), workspace_id=actor.workspace_id)
    if request.method == "POST" and form.is_valid():
        mailbox = form.cleaned_data["email_inbox"]
        try:
            do_update_chat_inbox(
                actor,
                widget,
                name=form.cleaned_data["name"],
                team=form.cleaned_data["team"],
                changes=form.changes(),
                email_inbox_id=mailbox.pk if mailbox else None,
            )
        except ValidationFailed as exc:
            _apply_form_errors(form, exc)
        else:
            messages.success(request, _("Chat settings saved."))
            return redirect("backoffice:inbox_webchat", inbox_id=widget.inbox_id)
    return render(
        request,
        "backoffice/settings/inbox_webchat.html",
        page_context(widget, form=form),
        status=422 if form.is_bound else 200,
    )


@require_POST
@admin_required
@domain_errors
def inbox_webchat_rotate_secret(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    widget = access_widget(actor, inbox_id)
    secret = do_rotate_identity_secret(actor, widget)
    return render(
        request,
        "backoffice/settings/inbox_webchat_secret.html",
        page_context(widget, secret=secret, created=False),
    )
