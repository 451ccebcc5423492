"""Events of the replies domain (canned responses and macros). Ids only."""

from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class CannedResponseUsed(Event):
    """A canned response was rendered into a conversation (inserted by an agent or sent by a macro)."""

    canned_id: int
    conversation_id: int
    agent_id: int | None


@dataclass(frozen=True)
class MacroApplied(Event):
    macro_id: int
    conversation_id: int
    agent_id: int | None
    # The action types that ran, in order: ("reply", "add_tags", "set_status", ...).
    actions: tuple[str, ...]
