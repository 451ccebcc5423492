from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class AgentAvailabilityChanged(Event):
    agent_id: int
    availability: str
