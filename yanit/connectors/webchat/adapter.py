"""The ``webchat`` channel adapter.

The reply itself reaches an open widget through the websocket push (``subscribers.py``); this
adapter decides what "delivered" means: a visitor still on the page has it; one who has left
gets it by email when they left an address (a reply to that email continues the chat);
otherwise it waits in the chat for their return.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from yanit.connectors.base import PermanentDeliveryError, SendResult
from yanit.connectors.registry import adapter_for, can_send
from yanit.conversations.models import Message

from .models import Visitor
from .services.visitors import is_present


class WebchatAdapter:
    channel = "webchat"

    def send(self, message: Message, attempt: int) -> SendResult:
        metadata = message.metadata or {}
        if metadata.get("deliver_by") == "email":
            return self._by_email(message, attempt)
        visitors = list(
            Visitor.objects.filter(conversation_id=message.conversation_id).order_by("-last_seen_at")
        )
        # Seen recently, not "has a socket": a live widget pings every 25 s, and a socket count
        # left over from a crashed server must not keep replies from going out by email.
        if any(is_present(v) for v in visitors):
            return SendResult(status=Message.Delivery.SENT)
        address = next((v.email for v in visitors if v.email), "") or message.conversation.contact.email
        if address and can_send("email", message.inbox):
            metadata = {**metadata, "email_to": address}
            message.metadata = metadata
            Message.objects.filter(pk=message.pk).update(metadata=metadata)
            return self._by_email(message, attempt)
        # Nobody to email: the visitor sees it when they come back (session history, sync).
        return SendResult(status=Message.Delivery.SENT)

    def _by_email(self, message: Message, attempt: int) -> SendResult:
        email = adapter_for("email")
        if email is None:
            raise PermanentDeliveryError(_("No email channel: connect an email inbox to send this by email."))
        return email.send(message, attempt)
