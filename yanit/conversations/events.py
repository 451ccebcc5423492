"""Events of the conversations domain. Ids only: subscribers load what they need."""

from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class ConversationEvent(Event):
    conversation_id: int


@dataclass(frozen=True)
class ConversationCreated(ConversationEvent):
    inbox_id: int


@dataclass(frozen=True)
class ConversationUpdated(ConversationEvent):
    changed: tuple[str, ...]
    # Who made the change ("agent", "contact", "rule:<id>"…): rules use it so a rule never
    # re-fires for its own change.
    actor_kind: str = ""


@dataclass(frozen=True)
class MessageCreated(ConversationEvent):
    message_id: int
    direction: str
    kind: str
    # True for the message that started its conversation (published right after
    # ConversationCreated), so a subscriber that reacts to both can react once.
    opens_conversation: bool = False


@dataclass(frozen=True)
class MessageDeliveryChanged(ConversationEvent):
    message_id: int
    delivery_status: str
