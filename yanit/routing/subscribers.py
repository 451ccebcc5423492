"""Routing reacts to conversations and agents: auto-assign, drain the queue, re-route, wake."""

from __future__ import annotations

from yanit.accounts.events import AgentAvailabilityChanged
from yanit.conversations.events import ConversationCreated, ConversationUpdated
from yanit.core.events import subscribe


def on_created(event: ConversationCreated) -> None:
    from yanit.routing.services.queue import assign_new

    assign_new(event.conversation_id)


def on_updated(event: ConversationUpdated) -> None:
    from yanit.routing.services.queue import after_update

    after_update(event.conversation_id, event.changed)


def on_availability(event: AgentAvailabilityChanged) -> None:
    from yanit.routing.services.offline import after_availability_change

    after_availability_change(event.agent_id, event.availability)


def register() -> None:
    subscribe(ConversationCreated, on_created)
    subscribe(ConversationUpdated, on_updated)
    subscribe(AgentAvailabilityChanged, on_availability)
