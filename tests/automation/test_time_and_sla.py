"""Time-based triggers fire once per conversation per period; SLA events run their rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.automation.helpers import make_rule
from tests.factories import World, receive
from yanit.automation.models import RuleFiring, RuleRun
from yanit.automation.scan import scan_time_rules
from yanit.conversations.models import Conversation
from yanit.core.events import dispatch
from yanit.sla.events import SlaBreached, SlaWarning

pytestmark = pytest.mark.django_db


def tags(conversation: Conversation) -> list[str]:
    return sorted(Conversation.objects.get(pk=conversation.pk).tags.values_list("name", flat=True))


def test_no_reply_fires_once_per_wait(world: World) -> None:
    rule = make_rule(
        world.owner,
        trigger="no_reply",
        trigger_value=30,
        actions=[{"type": "add_tags", "tags": ["bekliyor"]}],
    )
    waiting = receive(world.inbox, "Merhaba", email="a@example.com").conversation
    fresh = receive(world.inbox, "Merhaba", email="b@example.com").conversation
    now = timezone.now()
    Conversation.objects.filter(pk=waiting.pk).update(waiting_since=now - timedelta(minutes=45))
    assert scan_time_rules(now) == 1
    assert tags(waiting) == ["bekliyor"]
    assert tags(fresh) == []
    # Scanning again, on another worker or later: the same wait never fires twice.
    assert scan_time_rules(now + timedelta(minutes=5)) == 0
    assert RuleRun.objects.filter(rule=rule, matched=True).count() == 1
    # A new wait (answered, then the customer wrote again) is a new period.
    Conversation.objects.filter(pk=waiting.pk).update(waiting_since=now - timedelta(minutes=31))
    assert scan_time_rules(now) == 1
    assert RuleFiring.objects.filter(rule=rule, conversation=waiting).count() == 2


def test_no_reply_counts_business_minutes(world: World) -> None:
    from yanit.sla.services.hours import do_save_business_hours

    make_rule(
        world.owner,
        trigger="no_reply",
        trigger_value=30,
        actions=[{"type": "add_tags", "tags": ["bekliyor"]}],
    )
    # Closed every day: an hour of calendar waiting is zero business minutes.
    do_save_business_hours(world.owner, weekly={str(d): [] for d in range(1, 8)})
    c = receive(world.inbox, "Merhaba").conversation
    now = timezone.now()
    Conversation.objects.filter(pk=c.pk).update(waiting_since=now - timedelta(hours=1))
    assert scan_time_rules(now) == 0
    # Open around the clock: the same hour counts.
    do_save_business_hours(
        world.owner, weekly={str(d): [["00:00", "24:00"]] for d in range(1, 8)}, observe_holidays=False
    )
    assert scan_time_rules(now) == 1


def test_no_reply_ignores_answered_and_closed_conversations(world: World) -> None:
    make_rule(
        world.owner, trigger="no_reply", trigger_value=10, actions=[{"type": "add_tags", "tags": ["x"]}]
    )
    answered = receive(world.inbox, "Merhaba", email="a@example.com").conversation
    resolved = receive(world.inbox, "Merhaba", email="b@example.com").conversation
    now = timezone.now()
    Conversation.objects.filter(pk=answered.pk).update(waiting_since=None)
    Conversation.objects.filter(pk=resolved.pk).update(
        waiting_since=now - timedelta(hours=1), status="resolved"
    )
    assert scan_time_rules(now) == 0


def test_pending_for_days(world: World) -> None:
    make_rule(world.owner, trigger="pending", trigger_value=3, actions=[{"type": "resolve"}])
    old = receive(world.inbox, "Merhaba", email="a@example.com").conversation
    recent = receive(world.inbox, "Merhaba", email="b@example.com").conversation
    now = timezone.now()
    Conversation.objects.filter(pk=old.pk).update(status="pending", last_activity_at=now - timedelta(days=4))
    Conversation.objects.filter(pk=recent.pk).update(
        status="pending", last_activity_at=now - timedelta(days=2)
    )
    assert scan_time_rules(now) == 1
    assert Conversation.objects.get(pk=old.pk).status == "resolved"
    assert Conversation.objects.get(pk=recent.pk).status == "pending"
    assert scan_time_rules(now) == 0


def test_disabled_time_rule_does_not_fire(world: World) -> None:
    rule = make_rule(world.owner, trigger="pending", trigger_value=1, actions=[{"type": "resolve"}])
    rule.enabled = False
    rule.save()
    c = receive(world.inbox, "Merhaba").conversation
    Conversation.objects.filter(pk=c.pk).update(
        status="pending", last_activity_at=timezone.now() - timedelta(days=9)
    )
    assert scan_time_rules() == 0


def test_sla_warning_and_breach_triggers(world: World) -> None:
    make_rule(
        world.owner,
        trigger="sla_warning",
        actions=[{"type": "set_priority", "priority": "high"}],
    )
    make_rule(
        world.owner,
        trigger="sla_breached",
        conditions=[{"field": "sla_metric", "op": "in", "value": ["first_response"]}],
        actions=[
            {"type": "set_priority", "priority": "urgent"},
            {"type": "add_tags", "tags": ["sla-ihlali"]},
        ],
    )
    c = receive(world.inbox, "Merhaba").conversation
    common = {
        "workspace_id": world.workspace.pk,
        "conversation_id": c.pk,
        "due_at": "2026-11-23T18:00:00+00:00",
        "policy_id": 1,
        "assignee_id": None,
        "team_id": None,
    }
    dispatch(SlaWarning(metric="first_response", **common))
    assert Conversation.objects.get(pk=c.pk).priority == Conversation.Priority.HIGH
    dispatch(SlaBreached(metric="resolution", **common))
    assert tags(c) == []
    dispatch(SlaBreached(metric="first_response", **common))
    assert Conversation.objects.get(pk=c.pk).priority == Conversation.Priority.URGENT
    assert tags(c) == ["sla-ihlali"]
