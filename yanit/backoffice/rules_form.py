"""The rule builder's form: condition and action rows posted as ``c<i>_*`` / ``a<i>_*`` fields,
read back into the JSON the rules service checks, and the rows to draw again (with errors).

Row indices are opaque (``c_rows`` / ``a_rows`` list them in order), so rows can be added and
removed in the page without renumbering.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Team
from yanit.automation.models import Rule, Trigger
from yanit.automation.schema import (
    ACTION_TYPES,
    AGENT,
    ATTRIBUTE,
    CHANNEL_CHOICES,
    CHANNELS,
    FIELDS,
    FIELDS_BY_KEY,
    INBOXES,
    KEYWORDS,
    LANGUAGES,
    METRICS,
    NONE,
    SLA_METRICS,
    STATUSES,
    TAGS,
    TEAM,
    Field,
)
from yanit.automation.services import RuleInput
from yanit.conversations.models import PRIORITY_NAMES, Conversation
from yanit.inboxes.models import Inbox

LIST_KINDS = frozenset({INBOXES, CHANNELS, STATUSES, METRICS})


def new_index() -> str:
    return secrets.token_hex(3)


@dataclass
class ConditionRow:
    index: str
    field: Field
    op: str
    value: Any = None
    error: str = ""

    @property
    def kind(self) -> str:
        op = self.field.op(self.op) or self.field.ops[0]
        return op.value

    @property
    def text_value(self) -> str:
        if self.kind == KEYWORDS and isinstance(self.value, list):
            return "\n".join(self.value)
        if self.kind == TAGS and isinstance(self.value, list):
            return ", ".join(self.value)
        if self.kind == ATTRIBUTE and isinstance(self.value, dict):
            return str(self.value.get("value") or "")
        return "" if self.value is None else str(self.value)

    @property
    def attribute_key(self) -> str:
        return str(self.value.get("key") or "") if isinstance(self.value, dict) else ""

    @property
    def selected(self) -> list[str]:
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [] if self.value is None else [str(self.value)]


@dataclass
class ActionRow:
    index: str
    type: str
    values: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def tags_text(self) -> str:
        tags = self.values.get("tags") or []
        return ", ".join(tags) if isinstance(tags, list) else str(tags)

    def get(self, key: str) -> str:
        value = self.values.get(key)
        return "" if value is None else str(value)


def condition_row(index: str, field_key: str, op: str = "", value: Any = None) -> ConditionRow:
    fld = FIELDS_BY_KEY.get(field_key) or FIELDS[0]
    if fld.op(op) is None:
        op = fld.ops[0].key
    return ConditionRow(index=index, field=fld, op=op, value=value)


def _condition_value(data: QueryDict, prefix: str, kind: str) -> Any:
    if kind == NONE:
        return None
    if kind in LIST_KINDS:
        return data.getlist(prefix + "values")
    if kind == ATTRIBUTE:
        return {"key": data.get(prefix + "key", ""), "value": data.get(prefix + "value", "")}
    if kind == TAGS:
        return [t for t in (data.get(prefix + "value", "")).split(",") if t.strip()]
    return data.get(prefix + "value", "")


def rows_from_post(data: QueryDict) -> tuple[list[ConditionRow], list[ActionRow]]:
    conditions = []
    for index in data.getlist("c_rows"):
        prefix = f"c{index}_"
        row = condition_row(index, data.get(prefix + "field", ""), data.get(prefix + "op", ""))
        row.value = _condition_value(data, prefix, row.kind)
        conditions.append(row)
    actions = []
    for index in data.getlist("a_rows"):
        prefix = f"a{index}_"
        kind = data.get(prefix + "type", "")
        if kind not in ACTION_TYPES:
            kind = "set_priority"
        values: dict[str, Any] = {}
        for key in ("priority", "status", "agent_id", "team_id", "hours", "until", "text", "canned_id",
                    "macro_id", "target", "url", "secret"):  # fmt: skip
            if data.get(prefix + key, "") != "":
                values[key] = data.get(prefix + key)
        if kind in ("add_tags", "remove_tags"):
            values["tags"] = [t for t in data.get(prefix + "tags", "").split(",") if t.strip()]
        if kind == "set_priority":
            values["raise_only"] = bool(data.get(prefix + "raise_only"))
        if kind == "snooze" and values.get("until") != "next_open":
            values.pop("until", None)
        actions.append(ActionRow(index=index, type=kind, values=values))
    return conditions, actions


def input_from_post(data: QueryDict, conditions: list[ConditionRow], actions: list[ActionRow]) -> RuleInput:
    return RuleInput(
        name=data.get("name", ""),
        description=data.get("description", ""),
        trigger=data.get("trigger", ""),
        trigger_value=data.get("trigger_value") or None,
        enabled=bool(data.get("enabled")),
        stop_processing=bool(data.get("stop_processing")),
        conditions={
            "match": data.get("match", "all"),
            "conditions": [{"field": r.field.key, "op": r.op, "value": r.value} for r in conditions],
        },
        actions=[{"type": a.type, **a.values} for a in actions],
    )


def rows_from_rule(rule: Rule) -> tuple[list[ConditionRow], list[ActionRow]]:
    conditions = [
        condition_row(new_index(), c["field"], c["op"], c.get("value"))
        for c in (rule.conditions or {}).get("conditions", [])
    ]
    actions = [
        ActionRow(index=new_index(), type=a["type"], values={k: v for k, v in a.items() if k != "type"})
        for a in rule.actions or []
    ]
    return conditions, actions


def attach_error(path: str, message: str, conditions: list[ConditionRow], actions: list[ActionRow]) -> str:
    """Put a service error on its row; returns the message when it belongs to the whole form."""
    parts = path.split(".")
    if len(parts) >= 2 and parts[1].isdigit():
        position = int(parts[1])
        rows: list[Any] = conditions if parts[0] == "conditions" else actions if parts[0] == "actions" else []
        if position < len(rows):
            rows[position].error = message
            return ""
    return message


def choices(workspace_id: int) -> dict[str, Any]:
    """Everything the value widgets offer, for the page and the row partials."""
    from yanit.replies.models import CannedResponse, Macro

    return {
        "fields": FIELDS,
        "action_types": list(ACTION_TYPES.items()),
        "triggers": Trigger.choices,
        "inboxes": list(Inbox.objects.filter(workspace_id=workspace_id).order_by("name")),
        "channels": CHANNEL_CHOICES,
        "agents": list(
            Agent.objects.filter(workspace_id=workspace_id, is_active=True)
            .select_related("user")
            .order_by("user__name")
        ),
        "teams": list(Team.objects.filter(workspace_id=workspace_id).order_by("name")),
        "priorities": [(name, Conversation.Priority(rank).label) for rank, name in PRIORITY_NAMES.items()],
        "statuses": Conversation.Status.choices,
        "action_statuses": [
            (s, label)
            for s, label in Conversation.Status.choices
            if s in (Conversation.Status.OPEN, Conversation.Status.PENDING, Conversation.Status.RESOLVED)
        ],
        "languages": [(code, {"tr": "Türkçe", "en": "English"}[code]) for code in LANGUAGES],
        "metrics": [
            (m, label)
            for m, label in zip(
                SLA_METRICS, (_("First response"), _("Next response"), _("Resolution")), strict=True
            )
        ],
        "canned": list(
            CannedResponse.objects.filter(workspace_id=workspace_id, owner__isnull=True).order_by("title")
        ),
        "macros": list(Macro.objects.filter(workspace_id=workspace_id, owner__isnull=True).order_by("name")),
        "kinds": {
            "agent": AGENT,
            "team": TEAM,
        },
    }
