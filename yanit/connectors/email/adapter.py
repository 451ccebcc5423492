"""The ``email`` channel adapter. It also sends the email of chat and form conversations: their
adapters hand the message over through ``adapter_for("email")``."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from yanit.connectors.base import PermanentDeliveryError, SendResult
from yanit.connectors.email import tokens
from yanit.connectors.email.config import email_inbox_for, mailbox_config
from yanit.connectors.email.mime import build_email, email_meta, envelope_for, latest_inbound_email
from yanit.connectors.email.smtp import send_email
from yanit.conversations.models import Message
from yanit.inboxes.models import Inbox


def customer_language(message: Message, answered: Message | None) -> str:
    meta = email_meta(answered)
    for language in (message.metadata.get("language"), meta.get("language")):
        if language in ("tr", "en"):
            return str(language)
    return message.conversation.workspace.language or "tr"


def _message_id(message: Message, domain: str) -> str:
    """The Message-ID is chosen once and kept in the message's metadata: a retry after a
    timeout (the server may have taken the first try) carries the same id, so the customer's
    mail program shows one email."""
    meta = email_meta(message)
    if meta.get("message_id"):
        return str(meta["message_id"])
    message_id = tokens.new_message_id(domain)
    metadata = {**(message.metadata or {}), "email": {**meta, "message_id": message_id}}
    Message.objects.filter(pk=message.pk).update(metadata=metadata)
    message.metadata = metadata
    return message_id


class EmailAdapter:
    channel = "email"

    def can_send_for(self, inbox: Inbox) -> bool:
        sending_inbox = email_inbox_for(inbox)
        return sending_inbox is not None and mailbox_config(sending_inbox).sends

    def send(self, message: Message, attempt: int) -> SendResult:
        message = (
            Message.objects.select_related(
                "inbox", "conversation__contact", "conversation__workspace", "sender_agent__user"
            )
            .prefetch_related("attachments")
            .get(pk=message.pk)
        )
        # Failure reasons are read by the agents: the workspace's language. The email itself
        # speaks the customer's.
        with translation.override(message.conversation.workspace.language or "tr"):
            return self._send(message)

    def _send(self, message: Message) -> SendResult:
        sending_inbox = email_inbox_for(message.inbox)
        if sending_inbox is None:
            raise PermanentDeliveryError(
                _("No email inbox is set up in this workspace, so this reply can't go out by email.")
            )
        config = mailbox_config(sending_inbox)
        if not config.sends:
            raise PermanentDeliveryError(
                _("The email inbox %(name)s has no SMTP settings, so this reply can't be sent.")
                % {"name": sending_inbox.name}
            )
        answered = latest_inbound_email(message.conversation, message)
        envelope = envelope_for(message, config, sending_inbox, answered)
        message_id = _message_id(message, config.domain)
        try:
            with translation.override(customer_language(message, answered)):
                email = build_email(
                    message,
                    config,
                    sending_inbox,
                    envelope=envelope,
                    answered=answered,
                    message_id=message_id,
                )
        except (ValueError, OSError) as exc:
            # Something email can't carry (an address with a line break, a lost attachment file): fail visibly
            # instead of leaving the message queued for ever.
            raise PermanentDeliveryError(
                _("This email could not be composed: %(error)s") % {"error": exc}
            ) from exc
        send_email(config, email, envelope.recipients)
        return SendResult(provider_id=message_id, status=Message.Delivery.SENT)
