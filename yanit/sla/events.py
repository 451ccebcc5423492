"""Events of the SLA domain: a timer crossed its warning threshold or its due time.

Published after commit by the SLA scan job (one event per timer and threshold, never twice).
Notifications and automation rules subscribe to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event

# The three clocks an SLA policy can set: values of ``metric``.
FIRST_RESPONSE = "first_response"
NEXT_RESPONSE = "next_response"
RESOLUTION = "resolution"


@dataclass(frozen=True)
class SlaEvent(Event):
    conversation_id: int
    metric: str  # "first_response" | "next_response" | "resolution"
    due_at: str  # ISO 8601 with offset, e.g. "2026-11-23T18:00:00+00:00"
    policy_id: int
    assignee_id: int | None
    team_id: int | None


@dataclass(frozen=True)
class SlaWarning(SlaEvent):
    """The timer used up its policy's warning threshold (e.g. 80 %) and is still running."""


@dataclass(frozen=True)
class SlaBreached(SlaEvent):
    """The timer passed its due time without being met."""
