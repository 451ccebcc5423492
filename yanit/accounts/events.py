from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class AgentAvailabilityChanged(Event):
    agent_id: int
    availability: str


@dataclass(frozen=True)
class WorkspaceCreated(Event):
    """A workspace was created (after commit): apps add what every workspace starts with."""
