"""Every action, run by the engine through the real services as actor "rule:<id>"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.automation.helpers import make_rule
from tests.factories import World, make_agent, receive
from yanit.accounts.models import Agent, Team
from yanit.automation.engine import compile_rule, run_rules
from yanit.automation.models import ReplySuggestion, RuleRun, WebhookCall
from yanit.conversations.models import Activity, Conversation, Message
from yanit.notifications.models import Notification
from yanit.replies.models import CannedResponse, Macro
from yanit.replies.services.install import install_default_replies

pytestmark = pytest.mark.django_db


def run(world: World, conversation: Conversation, actions: list[dict[str, Any]]) -> RuleRun:
    rule = make_rule(world.owner, name="Test kuralı", trigger="conversation_updated", actions=actions)
    runs = run_rules(world.workspace.pk, "conversation_updated", conversation.pk, only=[compile_rule(rule)])
    assert len(runs) == 1
    return runs[0]


def fresh(conversation: Conversation) -> Conversation:
    return Conversation.objects.get(pk=conversation.pk)


def test_set_priority_status_and_tags(world: World) -> None:
    c = receive(world.inbox, "Merhaba").conversation
    from yanit.conversations.services.update import do_update_conversation

    do_update_conversation(world.owner, c, tags=["eski", "VIP"])
    done = run(
        world,
        c,
        [
            {"type": "set_priority", "priority": "urgent"},
            {"type": "set_status", "status": "pending"},
            {"type": "add_tags", "tags": ["kargo", "vip"]},
            {"type": "remove_tags", "tags": ["ESKİ"]},
        ],
    )
    c = fresh(c)
    assert (c.priority, c.status) == (Conversation.Priority.URGENT, "pending")
    assert sorted(c.tags.values_list("name", flat=True)) == ["VIP", "kargo"]
    assert done.actions_done == [
        ["priority", "urgent"],
        ["status", "pending"],
        ["tags_added", ["kargo"]],
        ["tags_removed", ["eski"]],
    ]
    kinds = set(
        Activity.objects.filter(conversation=c, actor_kind__startswith="rule:").values_list("verb", flat=True)
    )
    assert kinds == {"rule", "priority", "status", "tags"}


def test_raise_only_never_lowers(world: World) -> None:
    c = receive(world.inbox, "Merhaba").conversation
    Conversation.objects.filter(pk=c.pk).update(priority=Conversation.Priority.URGENT)
    done = run(world, c, [{"type": "set_priority", "priority": "high", "raise_only": True}])
    assert fresh(c).priority == Conversation.Priority.URGENT
    assert done.actions_done == []
    assert not Activity.objects.filter(conversation=c, verb="rule").exists()


def test_assign_agent_and_team(world: World) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Kargo Ekibi")
    c = receive(world.inbox, "Merhaba").conversation
    done = run(
        world,
        c,
        [{"type": "assign_agent", "agent_id": world.agent.pk}, {"type": "assign_team", "team_id": team.pk}],
    )
    c = fresh(c)
    assert (c.assignee_id, c.team_id) == (world.agent.pk, team.pk)
    assert done.actions_done == [["assignee", world.agent.name], ["team", "Kargo Ekibi"]]


def test_snooze_for_hours_and_resolve(world: World) -> None:
    c = receive(world.inbox, "Merhaba").conversation
    before = timezone.now()
    run(world, c, [{"type": "snooze", "hours": 4}])
    c = fresh(c)
    assert c.status == "snoozed"
    assert before + timedelta(hours=4) <= c.snoozed_until <= timezone.now() + timedelta(hours=4)
    run(world, c, [{"type": "resolve"}])
    assert fresh(c).status == "resolved"


def test_snooze_until_next_open_time(world: World) -> None:
    from yanit.sla.clock import next_open_at
    from yanit.sla.schedules import schedule_for
    from yanit.sla.services.hours import do_save_business_hours

    do_save_business_hours(
        world.owner,
        weekly={"1": [["09:00", "18:00"]], **{str(d): [] for d in range(2, 8)}},
        observe_holidays=False,
    )
    c = receive(world.inbox, "Merhaba").conversation
    run(world, c, [{"type": "snooze", "until": "next_open"}])
    c = fresh(c)
    schedule = schedule_for(world.workspace.pk)
    assert schedule is not None
    local = timezone.localtime(c.snoozed_until, schedule.tz) if hasattr(schedule, "tz") else c.snoozed_until
    assert c.status == "snoozed"
    assert c.snoozed_until > timezone.now()
    # It wakes exactly when Monday 09:00 opens (the next opening after now or after today's close).
    assert next_open_at(schedule, c.snoozed_until) == c.snoozed_until
    assert local.weekday() == 0


def test_internal_note(world: World) -> None:
    c = receive(world.inbox, "Merhaba").conversation
    done = run(world, c, [{"type": "add_note", "text": "Müşteri VIP, öncelik ver."}])
    note = Message.objects.get(conversation=c, kind=Message.Kind.NOTE)
    assert (note.text, note.sender_agent_id, note.direction) == ("Müşteri VIP, öncelik ver.", None, "out")
    assert done.actions_done == [["note", "Müşteri VIP, öncelik ver."]]


def test_send_canned_reply_is_automated_and_rendered(world: World) -> None:
    install_default_replies(world.workspace)
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="merhaba")
    c = receive(world.inbox, "Merhaba, siparişim hakkında", name="Ayşe Kaya").conversation
    done = run(world, c, [{"type": "send_canned", "canned_id": canned.pk}])
    reply = Message.objects.get(conversation=c, kind=Message.Kind.AUTOMATED)
    assert reply.text.startswith("Merhaba Ayşe, ")
    assert "{{" not in reply.text
    assert reply.delivery_status == Message.Delivery.QUEUED
    assert done.actions_done == [["canned_sent", canned.title]]
    assert fresh(c).waiting_since is not None  # an automated reply doesn't stop the customer's wait


def test_suggest_canned_is_stored_once_and_not_sent(world: World) -> None:
    install_default_replies(world.workspace)
    canned = CannedResponse.objects.filter(workspace=world.workspace, complaint_tag="kargo gecikmesi").get()
    c = receive(world.inbox, "kargom gelmedi").conversation
    first = run(world, c, [{"type": "suggest_canned", "canned_id": canned.pk}])
    second = run(world, c, [{"type": "suggest_canned", "canned_id": canned.pk}])
    assert ReplySuggestion.objects.filter(conversation=c).count() == 1
    assert (first.actions_done, second.actions_done) == ([["suggested", canned.title]], [])
    assert not Message.objects.filter(conversation=c, direction="out").exists()


def test_apply_macro(world: World) -> None:
    install_default_replies(world.workspace)
    macro = Macro.objects.create(
        workspace=world.workspace,
        name="Kargo takibi",
        actions=[{"type": "add_tags", "tags": ["takip"]}, {"type": "set_status", "status": "pending"}],
    )
    c = receive(world.inbox, "Merhaba").conversation
    done = run(world, c, [{"type": "apply_macro", "macro_id": macro.pk}])
    c = fresh(c)
    assert (c.status, list(c.tags.values_list("name", flat=True))) == ("pending", ["takip"])
    assert done.actions_done == [["macro", "Kargo takibi"]]
    assert (
        Activity.objects.filter(conversation=c, verb="macro", actor_kind=f"rule:{done.rule_id}").count() == 1
    )


def test_notify_assignee_agent_and_team(world: World) -> None:
    third = make_agent(world.workspace, name="Zeynep Ekip")
    team = Team.objects.create(workspace=world.workspace, name="Destek")
    team.members.add(third)
    c = receive(world.inbox, "Merhaba").conversation
    Conversation.objects.filter(pk=c.pk).update(assignee=world.agent)
    c = fresh(c)
    run(
        world,
        c,
        [
            {"type": "notify", "target": "assignee", "text": "Acil bakılmalı"},
            {"type": "notify", "target": "team", "team_id": team.pk},
            {"type": "notify", "target": "agent", "agent_id": world.owner.pk},
        ],
    )
    rows = sorted((n.recipient_id, n.kind, n.text) for n in Notification.objects.filter(conversation=c))
    assert rows == sorted(
        [
            (world.agent.pk, "rule", "Acil bakılmalı"),
            (third.pk, "rule", "Test kuralı"),
            (world.owner.pk, "rule", "Test kuralı"),
        ]
    )


def test_auto_assign_through_routing(world: World) -> None:
    from yanit.routing.models import AssignmentPolicy

    Agent.objects.filter(pk=world.owner.pk).update(availability=Agent.Availability.OFFLINE)
    Agent.objects.filter(pk=world.agent.pk).update(availability=Agent.Availability.ONLINE)
    AssignmentPolicy.objects.create(
        workspace=world.workspace, inbox=world.inbox, mode=AssignmentPolicy.Mode.ROUND_ROBIN
    )
    c = receive(world.inbox, "Merhaba").conversation
    Conversation.objects.filter(pk=c.pk).update(assignee=None)
    done = run(world, c, [{"type": "auto_assign"}])
    assert fresh(c).assignee_id == world.agent.pk
    assert done.actions_done == [["assignee", world.agent.name]]
    assert (
        Activity.objects.filter(conversation=c, verb="assigned", actor_kind=f"rule:{done.rule_id}").count()
        == 1
    )


def test_failing_action_is_logged_and_others_still_run(world: World) -> None:
    install_default_replies(world.workspace)
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="merhaba")
    c = receive(world.inbox, "Merhaba").conversation
    rule = make_rule(
        world.owner,
        trigger="conversation_updated",
        actions=[{"type": "send_canned", "canned_id": canned.pk}, {"type": "add_tags", "tags": ["devam"]}],
    )
    canned.delete()
    runs = run_rules(world.workspace.pk, "conversation_updated", c.pk, only=[compile_rule(rule)])
    assert runs[0].error.startswith("send_canned: ")
    assert list(fresh(c).tags.values_list("name", flat=True)) == ["devam"]


def test_webhook_call_is_queued_with_the_payload(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    c = receive(world.inbox, "Merhaba").conversation
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = run(world, c, [{"type": "webhook", "url": "https://example.com/hook"}])
    call = WebhookCall.objects.get()
    assert (call.url, call.status, call.rule_id) == ("https://example.com/hook", "queued", done.rule_id)
    assert call.payload["type"] == "rule.fired"
    assert call.payload["data"]["conversation"]["number"] == c.number
    assert len(callbacks) >= 1
