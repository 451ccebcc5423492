"""Events of the automation domain. Ids only: subscribers load what they need."""

from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class RuleRan(Event):
    """A rule's conditions matched on a conversation and its actions ran (``changed``: whether
    anything on the conversation changed; ``error``: the first action that failed, if any)."""

    rule_id: int
    conversation_id: int
    trigger: str
    changed: bool
    error: str = ""


@dataclass(frozen=True)
class RulesChanged(Event):
    """A rule of the workspace was created, edited, moved, switched on/off or deleted."""
