"""What the email channel does when something happens elsewhere."""

from __future__ import annotations

from yanit.connectors.email.adapter import EmailAdapter
from yanit.connectors.registry import register_adapter
from yanit.conversations.events import MessageCreated
from yanit.conversations.models import Message
from yanit.core.events import subscribe


def acknowledge_new_conversation(event: MessageCreated) -> None:
    # Only the email that starts a conversation is acknowledged; a reopened thread is not.
    if event.opens_conversation and event.direction == Message.Direction.IN:
        from yanit.connectors.email.autoack import acknowledge

        acknowledge(event.message_id)


def register() -> None:
    register_adapter(EmailAdapter())
    subscribe(MessageCreated, acknowledge_new_conversation)
