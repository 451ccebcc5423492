"""Rules run by real events after commit: triggers, all/any, stop processing, timeline, loop protection."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.automation.helpers import kw, make_rule
from tests.factories import World, receive
from yanit.automation.engine import MAX_DEPTH
from yanit.automation.models import RuleRun
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.web.timeline import thread_entries

pytestmark = pytest.mark.django_db(transaction=True)


def tags_of(conversation: Conversation) -> list[str]:
    return sorted(conversation.tags.values_list("name", flat=True))


def test_message_received_rule_sets_priority_and_tag_with_one_timeline_line(world: World) -> None:
    rule = make_rule(
        world.owner,
        name="Kargo şikayeti",
        conditions=[kw("kargo")],
        actions=[
            {"type": "set_priority", "priority": "high"},
            {"type": "add_tags", "tags": ["kargo gecikmesi"]},
        ],
    )
    result = receive(world.inbox, "KARGOM hâlâ gelmedi")
    conversation = Conversation.objects.get(pk=result.conversation.pk)
    assert conversation.priority == Conversation.Priority.HIGH
    assert tags_of(conversation) == ["kargo gecikmesi"]
    rule_rows = Activity.objects.filter(conversation=conversation, verb="rule")
    assert [(a.actor_kind, a.data["parts"]) for a in rule_rows] == [
        (f"rule:{rule.pk}", [["priority", "high"], ["tags_added", ["kargo gecikmesi"]]])
    ]
    # The services' own rows stay for audit, carrying the rule as actor.
    assert set(
        Activity.objects.filter(conversation=conversation, actor_kind=f"rule:{rule.pk}").values_list(
            "verb", flat=True
        )
    ) == {"rule", "priority", "tags"}
    with translation.override("tr"):
        lines = [e.text for e in thread_entries(conversation) if e.kind == "activity"]
    assert lines == [
        "Konuşma başladı: Anadolu API",
        "Kural 'Kargo şikayeti': öncelik yüksek, etiket kargo gecikmesi",
    ]
    with translation.override("en"):
        lines = [e.text for e in thread_entries(conversation) if e.kind == "activity"]
    assert lines[1] == "Rule 'Kargo şikayeti': priority high, tag kargo gecikmesi"
    run = RuleRun.objects.get(rule=rule)
    assert (run.matched, run.conditions_result, run.trigger, run.depth, run.error) == (
        True,
        [True],
        "message_received",
        0,
        "",
    )


def test_non_matching_message_changes_nothing_and_logs_nothing(world: World) -> None:
    make_rule(world.owner, conditions=[kw("kargo")])
    result = receive(world.inbox, "Fatura istiyorum")
    assert Conversation.objects.get(pk=result.conversation.pk).priority == Conversation.Priority.NORMAL
    assert RuleRun.objects.count() == 0


def test_all_versus_any(world: World) -> None:
    both = make_rule(
        world.owner,
        name="ikisi",
        conditions=[kw("kargo"), kw("iade")],
        actions=[{"type": "add_tags", "tags": ["ikisi"]}],
    )
    either = make_rule(
        world.owner,
        name="biri",
        match="any",
        conditions=[kw("kargo"), kw("iade")],
        actions=[{"type": "add_tags", "tags": ["biri"]}],
    )
    one = receive(world.inbox, "kargo nerede", email="a@example.com")
    assert tags_of(Conversation.objects.get(pk=one.conversation.pk)) == ["biri"]
    two = receive(world.inbox, "kargo geldi ama iade edeceğim", email="b@example.com")
    assert tags_of(Conversation.objects.get(pk=two.conversation.pk)) == ["biri", "ikisi"]
    # The partial match of "ikisi" on the first message is logged as a near miss.
    miss = RuleRun.objects.get(rule=both, conversation=one.conversation)
    assert (miss.matched, miss.conditions_result) == (False, [True, False])
    assert RuleRun.objects.get(rule=either, conversation=one.conversation).matched is True


def test_stop_processing_skips_later_rules(world: World) -> None:
    make_rule(
        world.owner,
        name="ilk",
        conditions=[kw("kargo")],
        actions=[{"type": "add_tags", "tags": ["ilk"]}],
        stop_processing=True,
    )
    make_rule(
        world.owner,
        name="sonraki",
        conditions=[kw("kargo")],
        actions=[{"type": "add_tags", "tags": ["sonraki"]}],
    )
    result = receive(world.inbox, "kargo")
    assert tags_of(Conversation.objects.get(pk=result.conversation.pk)) == ["ilk"]


def test_later_rules_see_earlier_changes(world: World) -> None:
    make_rule(
        world.owner, name="a", conditions=[kw("kargo")], actions=[{"type": "add_tags", "tags": ["kargo"]}]
    )
    make_rule(
        world.owner,
        name="b",
        conditions=[{"field": "tags", "op": "has_any", "value": ["KARGO"]}],
        actions=[{"type": "set_priority", "priority": "urgent"}],
    )
    result = receive(world.inbox, "kargo")
    assert Conversation.objects.get(pk=result.conversation.pk).priority == Conversation.Priority.URGENT


def test_conversation_created_runs_once_per_conversation(world: World) -> None:
    rule = make_rule(
        world.owner, trigger="conversation_created", actions=[{"type": "add_tags", "tags": ["yeni"]}]
    )
    first = receive(world.inbox, "Merhaba")
    receive(world.inbox, "Bir şey daha")
    assert tags_of(Conversation.objects.get(pk=first.conversation.pk)) == ["yeni"]
    assert RuleRun.objects.filter(rule=rule).count() == 1


def test_reply_sent_trigger(world: World) -> None:
    make_rule(
        world.owner,
        trigger="reply_sent",
        conditions=[kw("çözüldü")],
        actions=[{"type": "set_status", "status": "pending"}],
    )
    result = receive(world.inbox, "Merhaba")
    do_send_reply(world.agent, result.conversation, "Sorununuz ÇÖZÜLDÜ, iyi günler")
    assert Conversation.objects.get(pk=result.conversation.pk).status == Conversation.Status.PENDING


def test_conversation_updated_trigger(world: World) -> None:
    make_rule(
        world.owner,
        trigger="conversation_updated",
        conditions=[{"field": "priority", "op": "at_least", "value": "urgent"}],
        actions=[{"type": "assign_agent", "agent_id": world.agent.pk}],
    )
    result = receive(world.inbox, "Merhaba")
    do_update_conversation(world.owner, result.conversation, priority="urgent")
    assert Conversation.objects.get(pk=result.conversation.pk).assignee_id == world.agent.pk


def test_rule_never_refires_for_its_own_change(world: World) -> None:
    rule = make_rule(
        world.owner,
        trigger="conversation_updated",
        conditions=[{"field": "tags", "op": "has_none", "value": ["x"]}],
        actions=[{"type": "add_tags", "tags": ["y"]}, {"type": "set_priority", "priority": "high"}],
    )
    result = receive(world.inbox, "Merhaba")
    do_update_conversation(world.owner, result.conversation, tags=["z"])
    runs = RuleRun.objects.filter(rule=rule, matched=True)
    assert runs.count() == 1
    assert tags_of(Conversation.objects.get(pk=result.conversation.pk)) == ["y", "z"]


def test_ping_pong_rules_stop_at_the_depth_limit(world: World) -> None:
    ping = make_rule(
        world.owner,
        name="ping",
        trigger="conversation_updated",
        conditions=[{"field": "priority", "op": "is", "value": "high"}],
        actions=[{"type": "set_priority", "priority": "low"}],
    )
    pong = make_rule(
        world.owner,
        name="pong",
        trigger="conversation_updated",
        conditions=[{"field": "priority", "op": "is", "value": "low"}],
        actions=[{"type": "set_priority", "priority": "high"}],
    )
    result = receive(world.inbox, "Merhaba")
    do_update_conversation(world.owner, result.conversation, priority="high")
    runs = list(RuleRun.objects.filter(matched=True).order_by("id").values_list("rule_id", "depth"))
    # The chain ends: ping, pong, ping nested (depth 0, 1, 2); then pong's turn in the first
    # pass counts one level deeper because it looks at a rule's change, and its chain stops too.
    assert runs == [(ping.pk, 0), (pong.pk, 1), (ping.pk, 2), (pong.pk, 1), (ping.pk, 2)]
    assert max(depth for _rule, depth in runs) == MAX_DEPTH - 1


def test_disabled_rule_does_not_run(world: World) -> None:
    from yanit.automation.services import do_set_rule_enabled

    rule = make_rule(world.owner, conditions=[kw("kargo")])
    do_set_rule_enabled(world.owner, rule, False)
    result = receive(world.inbox, "kargo")
    assert Conversation.objects.get(pk=result.conversation.pk).priority == Conversation.Priority.NORMAL


def test_rules_of_another_workspace_do_not_run(world: World, other_world: World) -> None:
    make_rule(other_world.owner, conditions=[kw("kargo")])
    result = receive(world.inbox, "kargo")
    assert Conversation.objects.get(pk=result.conversation.pk).priority == Conversation.Priority.NORMAL
