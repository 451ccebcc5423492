"""Turning an accepted form into a conversation, once, and confirming it by email."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yanit.connectors.form.config import FormConfig, form_config
from yanit.connectors.form.fields import CheckedFile
from yanit.connectors.form.models import FormSubmission
from yanit.contacts.services.identify import ContactClaim, format_phone
from yanit.conversations.models import Conversation
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message
from yanit.conversations.services.reply import do_send_automated_reply
from yanit.inboxes.models import Inbox

RATE_LIMIT = 5
RATE_WINDOW = timedelta(minutes=10)
SUBJECT_WORDS = 8
PLAIN_NAME = re.compile(r"[\w .'-]{1,100}")


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    phone: str  # E.164 or ""
    order_number: str
    topic: str
    message: str
    files: tuple[CheckedFile, ...]
    language: str
    page: str = ""  # the page the form was embedded on, when the browser told us


def ip_hash(ip: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def rate_limited(ip: str) -> bool:
    """More than ``RATE_LIMIT`` accepted submissions from this address in ``RATE_WINDOW``.
    Counted in the database, so every server process sees the same count."""
    since = timezone.now() - RATE_WINDOW
    return FormSubmission.objects.filter(ip_hash=ip_hash(ip), created_at__gte=since).count() >= RATE_LIMIT


def earlier_submission(submission_id: str) -> FormSubmission | None:
    return FormSubmission.objects.filter(submission_id=submission_id).select_related("conversation").first()


def default_expected_reply(language: str) -> str:
    with translation.override(language):
        return _("We usually answer within one business day.")


def expected_reply(config: FormConfig, language: str) -> str:
    return config.text("expected_reply_text", language) or default_expected_reply(language)


def default_confirmation(language: str) -> str:
    with translation.override(language):
        return _(
            "Hello {name},\n\nWe received your message; its number is #{number}. {expected_reply}\n\n"
            "You can reply to this email to add anything.\n\n{store}"
        )


def fill_placeholders(template: str, values: dict[str, str]) -> str:
    # Plain replacement, not str.format: an admin's stray brace must not break the email.
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def subject_of(submission: Submission) -> str:
    words = submission.message.split()
    first = " ".join(words[:SUBJECT_WORDS]) + ("…" if len(words) > SUBJECT_WORDS else "")
    return f"{submission.topic} — {first}" if submission.topic else first


def message_text(submission: Submission, language: str) -> str:
    """The message, then the form's fields one per line: readable in any view of the message
    (search, API, webhooks) even without the card the agent page shows."""
    with translation.override(language):
        rows = [
            (_("Name"), submission.name),
            (_("Email"), submission.email),
            (_("Phone"), format_phone(submission.phone)),
            (_("Order number"), submission.order_number),
            (_("Topic"), submission.topic),
        ]
        lines = [f"{label}: {value}" for label, value in rows if value]
        return submission.message + "\n\n— " + _("Contact form") + " —\n" + "\n".join(lines)


def form_metadata(submission: Submission, submission_id: str) -> dict[str, Any]:
    return {
        "form": {
            "submission_id": submission_id,
            "name": submission.name,
            "email": submission.email,
            "phone": submission.phone,
            "order_number": submission.order_number,
            "topic": submission.topic,
            "language": submission.language,
            "page": submission.page[:500],
        }
    }


def do_submit_form(inbox: Inbox, submission: Submission, submission_id: str, ip: str) -> FormSubmission:
    """Store the submission as an inbound message (once per ``submission_id``) and queue the
    confirmation email when the inbox sends one."""
    workspace_language = getattr(inbox.workspace, "language", "tr") or "tr"
    result = do_receive_inbound_message(
        inbox,
        InboundMessage(
            contact=ContactClaim(name=submission.name, email=submission.email, phone=submission.phone),
            text=message_text(submission, workspace_language),
            subject=subject_of(submission),
            provider_id=f"form:{submission_id}",
            attachments=tuple(
                IncomingFile(filename=f.filename, content=f.content, content_type=f.content_type)
                for f in submission.files
            ),
            metadata=form_metadata(submission, submission_id),
        ),
    )
    try:
        with transaction.atomic():
            record = FormSubmission.objects.create(
                inbox=inbox,
                submission_id=submission_id,
                ip_hash=ip_hash(ip),
                conversation=result.conversation,
                language=submission.language,
            )
    except IntegrityError:
        # The same form posted twice at the same moment: the other request recorded it.
        existing = earlier_submission(submission_id)
        assert existing is not None
        record = existing
    # Whichever request stored the message confirms it, whichever recorded the submission.
    if result.created:
        send_confirmation(inbox, result.conversation, submission)
    return record


def recipient(name: str, email: str) -> str:
    """``Name <address>`` when the name is plain words; anything odd in it (quotes, brackets,
    commas) and the bare address goes, so a visitor's name can never add recipients."""
    return f"{name} <{email}>" if name and PLAIN_NAME.fullmatch(name) else email


def send_confirmation(inbox: Inbox, conversation: Conversation, submission: Submission) -> None:
    config = form_config(inbox)
    if not config.confirmation_enabled:
        return
    language = submission.language
    text = fill_placeholders(
        config.text("confirmation_text", language) or default_confirmation(language),
        {
            "name": submission.name,
            "number": str(conversation.number),
            "expected_reply": expected_reply(config, language),
            "store": inbox.workspace.name,
        },
    )
    with translation.override(language):
        subject = _("We received your message")
    do_send_automated_reply(
        conversation,
        text,
        metadata={
            "form_confirmation": True,
            "email_to": recipient(submission.name, submission.email),
            "email_subject": subject,
            "language": language,
        },
    )
