"""Bad rules are refused with errors that name the row and field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.automation.helpers import make_rule
from tests.factories import World
from yanit.automation.models import Rule
from yanit.automation.services import RuleInput, do_save_rule
from yanit.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def refused(world: World, **kwargs: Any) -> tuple[str, str]:
    data = {"name": "Kural", "trigger": "message_received", "actions": [{"type": "resolve"}], **kwargs}
    with pytest.raises(ValidationFailed) as info:
        do_save_rule(world.owner, RuleInput(**data))
    return info.value.details["field"], info.value.message


@pytest.mark.parametrize(
    ("kwargs", "path", "message"),
    [
        ({"name": "  "}, "name", "Give the rule a name."),
        ({"trigger": "tomorrow"}, "trigger", "Unknown trigger tomorrow."),
        ({"trigger": "no_reply"}, "trigger_value", "Enter a whole number."),
        ({"trigger": "pending", "trigger_value": 0}, "trigger_value", "Enter a number from 1 to 365."),
        ({"conditions": {"match": "some"}}, "conditions.match", "Match must be all or any."),
        (
            {"conditions": {"conditions": [{"field": "mood", "op": "is", "value": 1}]}},
            "conditions.0.field",
            "Unknown field mood.",
        ),
        (
            {"conditions": {"conditions": [{"field": "priority", "op": "like", "value": "high"}]}},
            "conditions.0.op",
            "Unknown operator like for Priority.",
        ),
        (
            {"conditions": {"conditions": [{"field": "priority", "op": "is", "value": "huge"}]}},
            "conditions.0.value",
            "Choose a priority.",
        ),
        (
            {"conditions": {"conditions": [{"field": "message_text", "op": "matches", "value": "(["}]}},
            "conditions.0.value",
            "This pattern is not valid: unterminated character set at position 1",
        ),
        (
            {
                "conditions": {
                    "conditions": [{"field": "message_text", "op": "contains_any", "value": " \n "}]
                }
            },
            "conditions.0.value",
            "Enter at least one keyword.",
        ),
        (
            {
                "conditions": {
                    "conditions": [{"field": "unanswered_messages", "op": "at_least", "value": "çok"}]
                }
            },
            "conditions.0.value",
            "Enter a whole number.",
        ),
        (
            {"conditions": {"conditions": [{"field": "inbox", "op": "in", "value": [999999]}]}},
            "conditions.0.value",
            "Inbox not found.",
        ),
        (
            {"conditions": {"conditions": [{"field": "sla_metric", "op": "in", "value": ["resolution"]}]}},
            "conditions.0.field",
            "This condition needs an SLA trigger.",
        ),
        ({"actions": []}, "actions", "Add at least one action."),
        ({"actions": [{"type": "explode"}]}, "actions.0.type", "Unknown action explode."),
        (
            {"actions": [{"type": "resolve"}, {"type": "set_status", "status": "snoozed"}]},
            "actions.1.status",
            "Choose open, pending or resolved.",
        ),
        (
            {"actions": [{"type": "assign_agent", "agent_id": 999999}]},
            "actions.0.agent_id",
            "Agent not found.",
        ),
        (
            {"actions": [{"type": "webhook", "url": "ftp://x"}]},
            "actions.0.url",
            "Enter an http or https address.",
        ),
        ({"actions": [{"type": "snooze", "hours": 0}]}, "actions.0.hours", "Snooze for 1 to 2160 hours."),
        (
            {"actions": [{"type": "send_canned", "canned_id": 999999}]},
            "actions.0.canned_id",
            "Choose a shared canned response.",
        ),
    ],
)
def test_refused(world: World, kwargs: dict[str, Any], path: str, message: str) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert refused(world, **kwargs) == (path, message)
    assert Rule.objects.count() == 0


def test_message_conditions_need_a_message_trigger(world: World) -> None:
    with pytest.raises(ValidationFailed) as info:
        make_rule(
            world.owner,
            trigger="conversation_updated",
            conditions=[{"field": "message_text", "op": "contains", "value": "x"}],
        )
    assert info.value.details["field"] == "conditions.0.field"


def test_agents_cannot_save_rules(world: World) -> None:
    with pytest.raises(PermissionDenied):
        make_rule(world.agent)
    assert Rule.objects.count() == 0


def test_keywords_from_text_are_split_and_cleaned(world: World) -> None:
    rule = make_rule(
        world.owner,
        conditions=[
            {"field": "message_text", "op": "contains_any", "value": "kargo\n  hala   gelmedi , kargo\n\n"}
        ],
    )
    assert rule.conditions["conditions"][0]["value"] == ["kargo", "hala gelmedi"]


def test_webhook_gets_a_signing_secret(world: World) -> None:
    rule = make_rule(world.owner, actions=[{"type": "webhook", "url": "https://example.com/hook"}])
    assert rule.actions[0]["secret"].startswith("whsec_")
