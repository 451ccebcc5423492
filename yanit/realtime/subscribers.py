"""Domain events → websocket pushes. A push says what changed; pages re-fetch their fragment."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from yanit.accounts.events import AgentAvailabilityChanged
from yanit.contacts.events import ContactsMerged, ContactUpdated
from yanit.conversations.events import (
    ConversationUpdated,
    MessageCreated,
    MessageDeliveryChanged,
)
from yanit.core.events import Event, subscribe_batch
from yanit.realtime.groups import workspace_group

logger = logging.getLogger(__name__)

# ConversationCreated is not pushed on its own: the message that opens a conversation arrives as
# message.created with "opens_conversation": true. One frame per inbound message instead of two
# halves the fan-out to a workspace's sockets (docs/benchmarks.md).
EVENT_NAMES: dict[type[Event], str] = {
    ConversationUpdated: "conversation.updated",
    MessageCreated: "message.created",
    MessageDeliveryChanged: "message.delivery",
    ContactUpdated: "contact.updated",
    ContactsMerged: "contact.merged",
    AgentAvailabilityChanged: "agent.availability",
}


def event_payload(event: Event) -> dict[str, Any]:
    payload: dict[str, Any] = {"event": EVENT_NAMES[type(event)], "sent_at": time.time()}
    for name, value in vars(event).items():
        if name != "workspace_id":
            payload[name] = list(value) if isinstance(value, tuple) else value
    return payload


def push_to_workspace(events: list[Event]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all() -> None:
        for event in events:
            # Serialised once here, not once per connected socket: a workspace may have hundreds.
            text = json.dumps(event_payload(event), separators=(",", ":"))
            await layer.group_send(
                workspace_group(event.workspace_id), {"type": "domain.event", "text": text}
            )

    # One event loop for a batch (an SLA scan's state changes): async_to_sync costs ~1 ms a call.
    async_to_sync(send_all)()


def register() -> None:
    for event_type in EVENT_NAMES:
        subscribe_batch(event_type, push_to_workspace)
