"""Read models for the pages: a conversation's rule runs and open reply suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yanit.automation.display import part_text
from yanit.automation.models import ReplySuggestion, RuleRun
from yanit.automation.schema import FIELDS_BY_KEY

MAX_RUNS = 50


@dataclass(frozen=True)
class ConditionLine:
    text: str
    matched: bool


@dataclass(frozen=True)
class RunLine:
    rule_id: int
    rule_name: str
    trigger: str
    matched: bool
    conditions: list[ConditionLine]
    done: list[str]
    error: str
    depth: int
    created_at: datetime


def _condition_text(condition: dict[str, Any]) -> str:
    field = FIELDS_BY_KEY.get(condition.get("field", ""))
    if field is None:
        return str(condition.get("field", ""))
    op = field.op(condition.get("op", "")) or field.ops[0]
    value = condition.get("value")
    if isinstance(value, list):
        shown = ", ".join(str(v) for v in value[:6]) + ("…" if len(value) > 6 else "")
    elif isinstance(value, dict):
        shown = " ".join(str(v) for v in value.values())
    else:
        shown = "" if value is None else str(value)
    return f"{field.label} {op.label} {shown}".strip()


def rule_runs_of(conversation_id: int) -> list[RunLine]:
    """Newest first. Conditions are described from the rule as it is now (the result from the run)."""
    from yanit.automation.models import Trigger

    runs = RuleRun.objects.filter(conversation_id=conversation_id).select_related("rule")[:MAX_RUNS]
    lines = []
    for run in runs:
        rows = (run.rule.conditions or {}).get("conditions", [])
        conditions = [
            ConditionLine(_condition_text(row), bool(ok))
            for row, ok in zip(rows, run.conditions_result or [], strict=False)
        ]
        try:
            trigger = str(Trigger(run.trigger).label)
        except ValueError:
            trigger = run.trigger
        lines.append(
            RunLine(
                rule_id=run.rule_id,
                rule_name=run.rule.name,
                trigger=trigger,
                matched=run.matched,
                conditions=conditions,
                done=[part_text(p) for p in run.actions_done or []],
                error=run.error,
                depth=run.depth,
                created_at=run.created_at,
            )
        )
    return lines


def open_suggestions(conversation_id: int) -> list[ReplySuggestion]:
    return list(
        ReplySuggestion.objects.filter(
            conversation_id=conversation_id, handled_at__isnull=True
        ).select_related("canned", "rule")[:3]
    )
