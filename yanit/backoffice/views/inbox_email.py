"""Settings: an email inbox — the mailbox, IMAP and SMTP servers (with presets and a "Test
connection" button), sender name and signature, and the automatic acknowledgement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.backoffice.email_forms import PRESETS, EmailInboxForm
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.connectors.email.autoack import (
    DEFAULT_EXPECTED_REPLY,
    DEFAULT_TEXT,
    LANGUAGES,
    ack_template,
    expected_reply_text,
    render_ack,
)
from yanit.connectors.email.check import check_mailbox
from yanit.connectors.email.config import MailboxConfig, mailbox_config, stored_settings
from yanit.connectors.email.models import MailboxState
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import access_inbox, do_create_inbox, do_update_inbox
from yanit.web.access import admin_required

# What the preview fills the placeholders with.
PREVIEW_VALUES = {"name": "Ayşe Yılmaz", "number": "123", "subject": "Siparişim nerede?"}


def email_inbox(request: HttpRequest, inbox_id: int) -> Inbox:
    inbox = access_inbox(acting_agent(request), inbox_id)
    if inbox.channel != Inbox.Channel.EMAIL:
        raise Http404("not an email inbox")
    return inbox


def previews(config: MailboxConfig, inbox: Inbox | None, workspace_id: int) -> list[dict[str, str]]:
    """The acknowledgement as a customer would get it now: the expected-reply time comes from the
    business hours and SLA policy (the inbox's team's, once it has one), like the real email."""
    rows = []
    for language in LANGUAGES:
        values = {
            **PREVIEW_VALUES,
            "expected_reply_time": expected_reply_text(config, language, inbox, workspace_id=workspace_id),
            "inbox": config.from_name or (inbox.name if inbox else ""),
        }
        rows.append({"language": language, "text": render_ack(ack_template(config, language), values)})
    return rows


def page_context(
    form: EmailInboxForm, inbox: Inbox | None, config: MailboxConfig, workspace_id: int
) -> dict[str, Any]:
    state = MailboxState.objects.filter(inbox=inbox).first() if inbox is not None else None
    return {
        "section": "inboxes",
        "inbox": inbox,
        "form": form,
        "presets": PRESETS,
        "previews": previews(config, inbox, workspace_id),
        "default_texts": DEFAULT_TEXT,
        "default_expected": DEFAULT_EXPECTED_REPLY,
        "preview_values": PREVIEW_VALUES,
        "mailbox_state": state,
        "config": config,
    }


@admin_required
@domain_errors
def inbox_new_email(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    defaults = MailboxConfig()
    form = EmailInboxForm(
        request.POST or None,
        workspace_id=actor.workspace_id,
        initial=EmailInboxForm.initial_from("", None, True, defaults),
    )
    if request.method == "POST" and form.is_valid():
        config = form.to_config()
        inbox, _token = do_create_inbox(
            actor,
            name=form.cleaned_data["name"],
            channel=Inbox.Channel.EMAIL,
            settings={"email": stored_settings(config)},
            team=form.cleaned_data["team"],
        )
        messages.success(request, _("Email inbox created. Use “Test connection” to check the servers."))
        return redirect("backoffice:inbox_email", inbox_id=inbox.pk)
    return render(
        request,
        "backoffice/settings/inbox_email.html",
        page_context(form, None, defaults, actor.workspace_id),
        status=422 if form.is_bound else 200,
    )


@admin_required
@domain_errors
def inbox_email(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    inbox = email_inbox(request, inbox_id)
    saved = mailbox_config(inbox)
    form = EmailInboxForm(
        request.POST or None,
        workspace_id=actor.workspace_id,
        saved=saved,
        initial=EmailInboxForm.initial_from(inbox.name, inbox.team_id, inbox.is_active, saved),
    )
    if request.method == "POST" and form.is_valid():
        config = form.to_config()
        do_update_inbox(
            actor,
            inbox,
            name=form.cleaned_data["name"],
            team=form.cleaned_data["team"],
            is_active=form.cleaned_data["is_active"],
            settings={"email": stored_settings(config)},
        )
        messages.success(request, _("Inbox saved."))
        return redirect("backoffice:inbox_email", inbox_id=inbox.pk)
    return render(
        request,
        "backoffice/settings/inbox_email.html",
        page_context(form, inbox, saved, actor.workspace_id),
        status=422 if form.is_bound else 200,
    )


def _check(request: HttpRequest, form: EmailInboxForm) -> HttpResponse:
    if not form.is_valid():
        return render(request, "backoffice/settings/_email_check.html", {"invalid": True, "form": form})
    results = check_mailbox(form.to_config())
    return render(request, "backoffice/settings/_email_check.html", {"results": results})


@require_POST
@admin_required
@domain_errors
def inbox_new_email_check(request: HttpRequest) -> HttpResponse:
    """The servers as typed into the form, before the inbox exists."""
    return _check(request, EmailInboxForm(request.POST, workspace_id=acting_agent(request).workspace_id))


@require_POST
@admin_required
@domain_errors
def inbox_email_check(request: HttpRequest, inbox_id: int) -> HttpResponse:
    """The servers as typed into the form; blank passwords use the saved ones."""
    inbox = email_inbox(request, inbox_id)
    form = EmailInboxForm(
        request.POST, workspace_id=acting_agent(request).workspace_id, saved=mailbox_config(inbox)
    )
    return _check(request, form)
