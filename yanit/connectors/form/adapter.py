"""The ``form`` channel sends by email: confirmations and agents' replies go to the visitor's
address through the workspace's email inbox, and a reply to that email continues the same
conversation (the email channel threads it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yanit.connectors.base import PermanentDeliveryError, SendResult
from yanit.connectors.registry import adapter_for
from yanit.conversations.models import Message


def form_email_of(message: Message) -> str:
    """The address the visitor typed in the latest form message of the conversation, if the
    customer's latest word came through the form (their contact may hold an older address)."""
    latest = (
        Message.objects.filter(conversation_id=message.conversation_id, direction=Message.Direction.IN)
        .order_by("-created_at", "-pk")
        .only("metadata")
        .first()
    )
    form = (latest.metadata or {}).get("form") if latest else None
    return str(form.get("email") or "") if isinstance(form, dict) else ""


class FormAdapter:
    channel = "form"

    def send(self, message: Message, attempt: int) -> SendResult:
        email = adapter_for("email")
        if email is None:
            raise PermanentDeliveryError(
                _("Contact form replies are sent by email, but the email channel is not installed.")
            )
        if not (message.metadata or {}).get("email_to"):
            address = form_email_of(message)
            if address:
                # In memory only: the email channel reads it, the stored message stays as written.
                message.metadata = {**(message.metadata or {}), "email_to": address}
        return email.send(message, attempt)
