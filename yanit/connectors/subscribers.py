from __future__ import annotations

from yanit.connectors.api.adapter import ApiAdapter
from yanit.connectors.registry import register_adapter
from yanit.conversations.events import MessageCreated
from yanit.conversations.models import Message
from yanit.core.events import subscribe


def queue_outbound_delivery(event: MessageCreated) -> None:
    if event.direction == Message.Direction.OUT and event.kind in (
        Message.Kind.MESSAGE,
        Message.Kind.AUTOMATED,
    ):
        from yanit.connectors.tasks import deliver_message

        deliver_message.enqueue(event.message_id)


def register() -> None:
    register_adapter(ApiAdapter())
    subscribe(MessageCreated, queue_outbound_delivery)
