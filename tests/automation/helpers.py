"""Building rules for tests through the real service."""

from __future__ import annotations

from typing import Any

from yanit.accounts.models import Agent
from yanit.automation.models import Rule
from yanit.automation.services import RuleInput, do_save_rule


def make_rule(
    admin: Agent,
    *,
    trigger: str = "message_received",
    conditions: list[dict[str, Any]] | None = None,
    match: str = "all",
    actions: list[dict[str, Any]] | None = None,
    name: str = "Kural",
    trigger_value: int | None = None,
    stop_processing: bool = False,
) -> Rule:
    return do_save_rule(
        admin,
        RuleInput(
            name=name,
            trigger=trigger,
            trigger_value=trigger_value,
            conditions={"match": match, "conditions": conditions or []},
            actions=actions or [{"type": "set_priority", "priority": "high"}],
            stop_processing=stop_processing,
        ),
    )


def kw(*words: str) -> dict[str, Any]:
    return {"field": "message_text", "op": "contains_any", "value": list(words)}
