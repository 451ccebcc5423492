"""The conversation as readable text, emailed to the visitor on request (theirs or an agent's)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext as _

from yanit.connectors.registry import can_send
from yanit.contacts.services.identify import normalize_email
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.receive import MAX_TEXT_CHARS
from yanit.conversations.services.reply import do_send_automated_reply
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox

from .chat import visible_messages

DEFAULT_TIME_ZONE = "Europe/Istanbul"


class NoEmailChannel(ValidationFailed):
    code = "no_email_channel"


def transcript_text(conversation: Conversation, language: str) -> str:
    zone = ZoneInfo(conversation.workspace.time_zone or DEFAULT_TIME_ZONE)
    contact_name = conversation.contact.display_name
    with translation.override(language):
        lines = [
            _("Your conversation with %(inbox)s (#%(number)d)")
            % {"inbox": conversation.inbox.name, "number": conversation.number},
            "",
        ]
        for message in visible_messages(conversation.pk).order_by("created_at", "id"):
            if message.direction == Message.Direction.IN:
                who = contact_name if contact_name and not contact_name.startswith("#") else _("You")
            elif message.sender_agent is not None:
                who = message.sender_agent.name
            else:
                who = conversation.inbox.name
            stamp = message.created_at.astimezone(zone).strftime("%d.%m.%Y %H:%M")
            lines.append(f"[{stamp}] {who}:")
            if message.text:
                lines.extend("  " + line for line in message.text.split("\n"))
            for attachment in message.attachments.all():
                lines.append("  " + _("(file: %(name)s)") % {"name": attachment.filename})
            lines.append("")
        lines.append(_("Times are in %(zone)s.") % {"zone": zone.key})
    text = "\n".join(lines)
    if len(text) > MAX_TEXT_CHARS:
        text = text[: MAX_TEXT_CHARS - 200] + "\n…\n" + lines[-1]
    return text


def do_send_transcript(conversation: Conversation, email: str, *, language: str = "tr") -> Message:
    """Queue the transcript as an automated message delivered by email only (never shown in the
    widget); its delivery status and any failure show on the agent's timeline."""
    address = normalize_email(email or "")
    if not address:
        raise ValidationFailed(
            _("Write the email address to send the conversation to."), details={"email": "required"}
        )
    if not email_available(conversation.inbox):
        raise NoEmailChannel(_("This workspace has no email channel to send the conversation with."))
    with translation.override(language):
        subject = _("Your conversation with %(inbox)s (#%(number)d)") % {
            "inbox": conversation.inbox.name,
            "number": conversation.number,
        }
    return do_send_automated_reply(
        conversation,
        transcript_text(conversation, language),
        metadata={"deliver_by": "email", "email_to": address, "email_subject": subject, "transcript": True},
    )


def email_available(inbox: Inbox) -> bool:
    """Whether transcripts (and offline replies) of this chat inbox can go out by email."""
    return can_send("email", inbox)
