"""What a rule may say: condition fields and operators, action types, and their validation.

Rules are stored as JSON; everything goes through ``check_rule`` on save, so the engine can
trust what it compiles. Errors name the condition or action (``conditions.2.value``) so the
builder can show them next to the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yanit.accounts.models import Agent, Team
from yanit.automation.models import TIME_TRIGGERS, Trigger
from yanit.conversations.models import PRIORITY_BY_NAME, Conversation
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox

MAX_CONDITIONS = 20
MAX_ACTIONS = 12
MAX_KEYWORDS = 300
MAX_TEXT = 2000
MAX_REGEX = 300
MAX_TAGS = 10
MAX_NOTE = 5000
MAX_SNOOZE_HOURS = 24 * 90
MAX_NO_REPLY_MINUTES = 60 * 24 * 30
MAX_PENDING_DAYS = 365

# Value kinds: how the builder draws the value widget and how the value is checked.
NONE = "none"
TEXT = "text"
KEYWORDS = "keywords"
REGEX = "regex"
INT = "int"
INBOXES = "inboxes"
CHANNELS = "channels"
TAGS = "tags"
PRIORITY = "priority"
STATUSES = "statuses"
AGENT = "agent"
TEAM = "team"
LANGUAGE = "language"
ATTRIBUTE = "attribute"
METRICS = "metrics"


@dataclass(frozen=True)
class Op:
    key: str
    label: Any
    value: str  # one of the value kinds above


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    ops: tuple[Op, ...]
    # The field only makes sense when the trigger has a message (text, attachment).
    needs_message: bool = False

    def op(self, key: str) -> Op | None:
        return next((op for op in self.ops if op.key == key), None)


_contains = Op("contains", gettext_lazy("contains"), TEXT)
_equals = Op("equals", gettext_lazy("is"), TEXT)
_is_set = Op("is_set", gettext_lazy("is set"), NONE)
_not_set = Op("is_not_set", gettext_lazy("is not set"), NONE)
_TEXT_OPS = (_contains, _equals, _is_set, _not_set)

FIELDS: tuple[Field, ...] = (
    Field(
        "message_text",
        gettext_lazy("Message text"),
        (
            Op("contains_any", gettext_lazy("contains any of"), KEYWORDS),
            Op("contains", gettext_lazy("contains"), TEXT),
            Op("not_contains_any", gettext_lazy("contains none of"), KEYWORDS),
            Op("matches", gettext_lazy("matches the pattern"), REGEX),
        ),
        needs_message=True,
    ),
    Field(
        "message_shouting",
        gettext_lazy("Message sounds angry (capitals, !!!)"),
        (Op("is_true", gettext_lazy("yes"), NONE), Op("is_false", gettext_lazy("no"), NONE)),
        needs_message=True,
    ),
    Field(
        "has_attachment",
        gettext_lazy("Message has an attachment"),
        (Op("is_true", gettext_lazy("yes"), NONE), Op("is_false", gettext_lazy("no"), NONE)),
        needs_message=True,
    ),
    Field("subject", gettext_lazy("Subject"), _TEXT_OPS),
    Field(
        "inbox",
        gettext_lazy("Inbox"),
        (Op("in", gettext_lazy("is one of"), INBOXES), Op("not_in", gettext_lazy("is none of"), INBOXES)),
    ),
    Field(
        "channel",
        gettext_lazy("Channel"),
        (Op("in", gettext_lazy("is one of"), CHANNELS), Op("not_in", gettext_lazy("is none of"), CHANNELS)),
    ),
    Field("contact_name", gettext_lazy("Contact name"), _TEXT_OPS),
    Field("contact_email", gettext_lazy("Contact email"), _TEXT_OPS),
    Field("contact_phone", gettext_lazy("Contact phone"), _TEXT_OPS),
    Field(
        "contact_attribute",
        gettext_lazy("Contact attribute"),
        (
            Op("equals", gettext_lazy("is"), ATTRIBUTE),
            Op("contains", gettext_lazy("contains"), ATTRIBUTE),
            Op("is_set", gettext_lazy("is set"), ATTRIBUTE),
        ),
    ),
    Field(
        "tags",
        gettext_lazy("Tags"),
        (
            Op("has_any", gettext_lazy("has any of"), TAGS),
            Op("has_all", gettext_lazy("has all of"), TAGS),
            Op("has_none", gettext_lazy("has none of"), TAGS),
        ),
    ),
    Field(
        "priority",
        gettext_lazy("Priority"),
        (
            Op("is", gettext_lazy("is"), PRIORITY),
            Op("is_not", gettext_lazy("is not"), PRIORITY),
            Op("at_least", gettext_lazy("is at least"), PRIORITY),
            Op("below", gettext_lazy("is below"), PRIORITY),
        ),
    ),
    Field(
        "status",
        gettext_lazy("Status"),
        (Op("in", gettext_lazy("is one of"), STATUSES), Op("not_in", gettext_lazy("is none of"), STATUSES)),
    ),
    Field(
        "assignee",
        gettext_lazy("Assignee"),
        (
            Op("is", gettext_lazy("is"), AGENT),
            Op("is_not", gettext_lazy("is not"), AGENT),
            Op("unassigned", gettext_lazy("is nobody"), NONE),
            Op("assigned", gettext_lazy("is somebody"), NONE),
        ),
    ),
    Field(
        "team",
        gettext_lazy("Team"),
        (
            Op("is", gettext_lazy("is"), TEAM),
            Op("is_not", gettext_lazy("is not"), TEAM),
            Op("unassigned", gettext_lazy("is no team"), NONE),
            Op("assigned", gettext_lazy("is any team"), NONE),
        ),
    ),
    Field(
        "business_hours",
        gettext_lazy("Business hours"),
        (Op("open", gettext_lazy("we are open"), NONE), Op("closed", gettext_lazy("we are closed"), NONE)),
    ),
    Field("language", gettext_lazy("Language"), (Op("is", gettext_lazy("is"), LANGUAGE),)),
    Field(
        "unanswered_messages",
        gettext_lazy("Customer messages without a reply"),
        (Op("at_least", gettext_lazy("at least"), INT),),
    ),
    Field(
        "recent_conversations",
        gettext_lazy("Contact's conversations in the last 7 days"),
        (Op("at_least", gettext_lazy("at least"), INT),),
    ),
    Field("sla_metric", gettext_lazy("SLA clock"), (Op("in", gettext_lazy("is one of"), METRICS),)),
)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}

CHANNEL_CHOICES = ("api", "email", "webchat", "form")
LANGUAGES = ("tr", "en")
SLA_METRICS = ("first_response", "next_response", "resolution")
MATCH_MODES = ("all", "any")
MESSAGE_TRIGGERS = frozenset({Trigger.CONVERSATION_CREATED, Trigger.MESSAGE_RECEIVED, Trigger.REPLY_SENT})
SLA_TRIGGERS = frozenset({Trigger.SLA_WARNING, Trigger.SLA_BREACHED})

ACTION_TYPES: dict[str, Any] = {
    "set_priority": gettext_lazy("Set priority"),
    "set_status": gettext_lazy("Set status"),
    "add_tags": gettext_lazy("Add tags"),
    "remove_tags": gettext_lazy("Remove tags"),
    "assign_agent": gettext_lazy("Assign to agent"),
    "assign_team": gettext_lazy("Assign to team"),
    "auto_assign": gettext_lazy("Assign automatically"),
    "snooze": gettext_lazy("Snooze"),
    "resolve": gettext_lazy("Resolve"),
    "add_note": gettext_lazy("Add an internal note"),
    "send_canned": gettext_lazy("Send a canned reply"),
    "suggest_canned": gettext_lazy("Suggest a canned reply to the agent"),
    "apply_macro": gettext_lazy("Apply a macro"),
    "notify": gettext_lazy("Notify"),
    "webhook": gettext_lazy("Call a webhook"),
}


def _fail(path: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, details={"field": path, "error": message})


def _int_list(value: Any, path: str) -> list[int]:
    if not isinstance(value, list) or not value:
        raise _fail(path, _("Choose at least one."))
    try:
        return [int(v) for v in value]
    except (TypeError, ValueError) as exc:
        raise _fail(path, _("Choose from the list.")) from exc


def _str_list(value: Any, path: str, allowed: tuple[str, ...] | None = None) -> list[str]:
    if not isinstance(value, list) or not value:
        raise _fail(path, _("Choose at least one."))
    items = [str(v) for v in value]
    if allowed is not None and any(v not in allowed for v in items):
        raise _fail(path, _("Choose from the list."))
    return items


def clean_keywords(value: Any) -> list[str]:
    """A keyword list from a list or from text with one keyword (or phrase) per line or comma."""
    if isinstance(value, str):
        value = re.split(r"[\n,]", value)
    if not isinstance(value, list):
        return []
    seen: list[str] = []
    for raw in value:
        word = " ".join(str(raw).split())
        if word and word not in seen:
            seen.append(word[:100])
    return seen


def clean_tags(value: Any, path: str) -> list[str]:
    tags = clean_keywords(value)
    if not tags:
        raise _fail(path, _("Name at least one tag."))
    if len(tags) > MAX_TAGS:
        raise _fail(path, _("At most %(n)d tags.") % {"n": MAX_TAGS})
    return [t[:60] for t in tags]


def _check_value(kind: str, value: Any, path: str, workspace_id: int) -> Any:
    if kind == NONE:
        return None
    if kind == TEXT:
        text = " ".join(str(value or "").split())
        if not text:
            raise _fail(path, _("Enter a value."))
        return text[:MAX_TEXT]
    if kind == KEYWORDS:
        words = clean_keywords(value)
        if not words:
            raise _fail(path, _("Enter at least one keyword."))
        if len(words) > MAX_KEYWORDS:
            raise _fail(path, _("At most %(n)d keywords.") % {"n": MAX_KEYWORDS})
        return words
    if kind == REGEX:
        pattern = str(value or "")
        if not pattern or len(pattern) > MAX_REGEX:
            raise _fail(path, _("Enter a pattern of at most %(n)d characters.") % {"n": MAX_REGEX})
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _fail(path, _("This pattern is not valid: %(error)s") % {"error": exc}) from exc
        return pattern
    if kind == INT:
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise _fail(path, _("Enter a whole number.")) from exc
        if not 1 <= number <= 1000:
            raise _fail(path, _("Enter a number from 1 to 1000."))
        return number
    if kind == INBOXES:
        ids = _int_list(value, path)
        if Inbox.objects.filter(workspace_id=workspace_id, pk__in=ids).count() != len(set(ids)):
            raise _fail(path, _("Inbox not found."))
        return ids
    if kind == CHANNELS:
        return _str_list(value, path, CHANNEL_CHOICES)
    if kind == TAGS:
        return clean_tags(value, path)
    if kind == PRIORITY:
        if value not in PRIORITY_BY_NAME:
            raise _fail(path, _("Choose a priority."))
        return value
    if kind == STATUSES:
        return _str_list(value, path, tuple(Conversation.Status.values))
    if kind == AGENT:
        return _check_agent(value, path, workspace_id)
    if kind == TEAM:
        return _check_team(value, path, workspace_id)
    if kind == LANGUAGE:
        if value not in LANGUAGES:
            raise _fail(path, _("Choose a language."))
        return value
    if kind == ATTRIBUTE:
        if not isinstance(value, dict) or not str(value.get("key") or "").strip():
            raise _fail(path, _("Name the attribute."))
        return {
            "key": str(value["key"]).strip()[:60],
            "value": " ".join(str(value.get("value") or "").split()),
        }
    if kind == METRICS:
        return _str_list(value, path, SLA_METRICS)
    raise _fail(path, _("Unknown value type."))


def _check_agent(value: Any, path: str, workspace_id: int) -> int:
    try:
        agent_id = int(value)
    except (TypeError, ValueError) as exc:
        raise _fail(path, _("Choose an agent.")) from exc
    if not Agent.objects.filter(workspace_id=workspace_id, pk=agent_id, is_active=True).exists():
        raise _fail(path, _("Agent not found."))
    return agent_id


def _check_team(value: Any, path: str, workspace_id: int) -> int:
    try:
        team_id = int(value)
    except (TypeError, ValueError) as exc:
        raise _fail(path, _("Choose a team.")) from exc
    if not Team.objects.filter(workspace_id=workspace_id, pk=team_id).exists():
        raise _fail(path, _("Team not found."))
    return team_id


def check_conditions(raw: Any, workspace_id: int, trigger: str) -> dict[str, Any]:
    if raw in (None, "", {}):
        raw = {"match": "all", "conditions": []}
    if not isinstance(raw, dict):
        raise _fail("conditions", _("Conditions must be an object with match and conditions."))
    match = raw.get("match", "all")
    if match not in MATCH_MODES:
        raise _fail("conditions.match", _("Match must be all or any."))
    rows = raw.get("conditions") or []
    if not isinstance(rows, list):
        raise _fail("conditions", _("Conditions must be a list."))
    if len(rows) > MAX_CONDITIONS:
        raise _fail("conditions", _("At most %(n)d conditions.") % {"n": MAX_CONDITIONS})
    cleaned = []
    for index, row in enumerate(rows):
        path = f"conditions.{index}"
        if not isinstance(row, dict):
            raise _fail(path, _("A condition needs a field, an operator and a value."))
        field = FIELDS_BY_KEY.get(str(row.get("field")))
        if field is None:
            raise _fail(path + ".field", _("Unknown field %(field)s.") % {"field": row.get("field")})
        op = field.op(str(row.get("op")))
        if op is None:
            raise _fail(
                path + ".op",
                _("Unknown operator %(op)s for %(field)s.") % {"op": row.get("op"), "field": field.label},
            )
        if field.needs_message and trigger not in MESSAGE_TRIGGERS:
            raise _fail(path + ".field", _("This condition needs a trigger with a message."))
        if field.key == "sla_metric" and trigger not in SLA_TRIGGERS:
            raise _fail(path + ".field", _("This condition needs an SLA trigger."))
        value = _check_value(op.value, row.get("value"), path + ".value", workspace_id)
        cleaned.append({"field": field.key, "op": op.key, "value": value})
    return {"match": match, "conditions": cleaned}


def check_actions(raw: Any, workspace_id: int) -> list[dict[str, Any]]:
    from yanit.replies.models import CannedResponse, Macro

    if not isinstance(raw, list) or not raw:
        raise _fail("actions", _("Add at least one action."))
    if len(raw) > MAX_ACTIONS:
        raise _fail("actions", _("At most %(n)d actions.") % {"n": MAX_ACTIONS})
    cleaned: list[dict[str, Any]] = []
    for index, row in enumerate(raw):
        path = f"actions.{index}"
        kind = row.get("type") if isinstance(row, dict) else None
        if kind not in ACTION_TYPES:
            raise _fail(path + ".type", _("Unknown action %(type)s.") % {"type": kind})
        assert isinstance(row, dict)
        action: dict[str, Any] = {"type": kind}
        if kind == "set_priority":
            action["priority"] = _check_value(PRIORITY, row.get("priority"), path + ".priority", workspace_id)
            # Only ever raise: an "angry customer" rule must not lower an urgent conversation.
            action["raise_only"] = bool(row.get("raise_only"))
        elif kind == "set_status":
            status = row.get("status")
            if status not in (
                Conversation.Status.OPEN,
                Conversation.Status.PENDING,
                Conversation.Status.RESOLVED,
            ):
                raise _fail(path + ".status", _("Choose open, pending or resolved."))
            action["status"] = status
        elif kind in ("add_tags", "remove_tags"):
            action["tags"] = clean_tags(row.get("tags"), path + ".tags")
        elif kind == "assign_agent":
            action["agent_id"] = _check_agent(row.get("agent_id"), path + ".agent_id", workspace_id)
        elif kind == "assign_team":
            action["team_id"] = _check_team(row.get("team_id"), path + ".team_id", workspace_id)
        elif kind == "snooze":
            if row.get("until") == "next_open":
                action["until"] = "next_open"
            else:
                try:
                    hours = _as_int(row.get("hours"))
                except (TypeError, ValueError) as exc:
                    raise _fail(path + ".hours", _("Enter the hours to snooze.")) from exc
                if not 1 <= hours <= MAX_SNOOZE_HOURS:
                    raise _fail(path + ".hours", _("Snooze for 1 to %(n)d hours.") % {"n": MAX_SNOOZE_HOURS})
                action["hours"] = hours
        elif kind == "add_note":
            text = str(row.get("text") or "").strip()
            if not text:
                raise _fail(path + ".text", _("Write the note."))
            action["text"] = text[:MAX_NOTE]
        elif kind in ("send_canned", "suggest_canned"):
            try:
                canned_id = _as_int(row.get("canned_id"))
            except (TypeError, ValueError) as exc:
                raise _fail(path + ".canned_id", _("Choose a canned response.")) from exc
            if not CannedResponse.objects.filter(
                workspace_id=workspace_id, pk=canned_id, owner__isnull=True
            ).exists():
                raise _fail(path + ".canned_id", _("Choose a shared canned response."))
            action["canned_id"] = canned_id
        elif kind == "apply_macro":
            try:
                macro_id = _as_int(row.get("macro_id"))
            except (TypeError, ValueError) as exc:
                raise _fail(path + ".macro_id", _("Choose a macro.")) from exc
            if not Macro.objects.filter(workspace_id=workspace_id, pk=macro_id, owner__isnull=True).exists():
                raise _fail(path + ".macro_id", _("Choose a shared macro."))
            action["macro_id"] = macro_id
        elif kind == "notify":
            target = row.get("target")
            if target == "assignee":
                action["target"] = "assignee"
            elif target == "agent":
                action["target"] = "agent"
                action["agent_id"] = _check_agent(row.get("agent_id"), path + ".agent_id", workspace_id)
            elif target == "team":
                action["target"] = "team"
                action["team_id"] = _check_team(row.get("team_id"), path + ".team_id", workspace_id)
            else:
                raise _fail(path + ".target", _("Choose whom to notify."))
            action["text"] = " ".join(str(row.get("text") or "").split())[:300]
        elif kind == "webhook":
            url = str(row.get("url") or "").strip()
            if not re.match(r"^https?://[^\s/]+", url) or len(url) > 500:
                raise _fail(path + ".url", _("Enter an http or https address."))
            action["url"] = url
            secret = str(row.get("secret") or "")
            action["secret"] = secret if secret.startswith("whsec_") else new_webhook_secret()
        cleaned.append(action)
    return cleaned


def _as_int(value: Any) -> int:
    return int(value)


def new_webhook_secret() -> str:
    import base64
    import secrets

    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def check_trigger(trigger: Any, value: Any) -> tuple[str, int | None]:
    if trigger not in Trigger.values:
        raise _fail("trigger", _("Unknown trigger %(trigger)s.") % {"trigger": trigger})
    if trigger not in TIME_TRIGGERS:
        return trigger, None
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise _fail("trigger_value", _("Enter a whole number.")) from exc
    limit = MAX_NO_REPLY_MINUTES if trigger == Trigger.NO_REPLY else MAX_PENDING_DAYS
    if not 1 <= number <= limit:
        raise _fail("trigger_value", _("Enter a number from 1 to %(n)d.") % {"n": limit})
    return trigger, number
