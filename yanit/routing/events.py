"""Events of the routing domain (assignment, snooze wake-up, merging). Ids only."""

from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class ConversationWoke(Event):
    """A snoozed conversation's time came: it is open again (notify the assignee)."""

    conversation_id: int
    assignee_id: int | None


@dataclass(frozen=True)
class ConversationAutoAssigned(Event):
    """An assignment policy picked ``agent_id`` (``reason``: round_robin, least_busy, sticky)."""

    conversation_id: int
    agent_id: int
    reason: str


@dataclass(frozen=True)
class ConversationsMerged(Event):
    """``secondary_id``'s messages moved into ``primary_id``; the secondary is closed."""

    primary_id: int
    secondary_id: int
