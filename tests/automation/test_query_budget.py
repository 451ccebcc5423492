"""How many statements an inbound message costs with 200 active rules: a regression fails here.

The figures are what receiving costs today, everything subscribed included (rules, SLA timers,
routing, notifications, realtime); raise them only with a reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import World, receive
from yanit.automation import engine
from yanit.automation.models import Rule, RuleRun
from yanit.automation.playbook import install_default_rules
from yanit.automation.services import RuleInput, check_rule
from yanit.conversations.models import Conversation
from yanit.sla.models import SlaPolicy

pytestmark = pytest.mark.django_db(transaction=True)

N_RULES = 200
WORDS = ["fatura", "indirim", "kupon", "kampanya", "adres", "teslimat", "beden", "renk", "garanti", "servis"]

# Statements per message, transaction control (BEGIN, SAVEPOINT, COMMIT…) not counted. Each
# includes one read by the instant-answer bot, which checks the message's inbox.
FIRST_MESSAGE_MAX = 29
FOLLOW_UP_MAX = 12
FOLLOW_UP_MATCHING_MAX = 39


def _spec(i: int, inbox_id: int) -> dict[str, Any]:
    words = [f"{WORDS[(i + k) % len(WORDS)]} {i}" for k in range(3)]
    kinds: list[list[dict[str, Any]]] = [
        [{"field": "message_text", "op": "contains_any", "value": words}],
        [
            {"field": "message_text", "op": "contains_any", "value": words},
            {"field": "priority", "op": "is", "value": "urgent"},
        ],
        [
            {"field": "subject", "op": "contains", "value": words[0]},
            {"field": "inbox", "op": "in", "value": [inbox_id]},
        ],
        [
            {"field": "tags", "op": "has_any", "value": [f"etiket-{i}"]},
            {"field": "channel", "op": "in", "value": ["email"]},
        ],
        [
            {"field": "contact_email", "op": "contains", "value": f"ozel{i}.example"},
            {"field": "message_text", "op": "matches", "value": rf"\bsiparis no {i}\b"},
        ],
        [
            {"field": "message_text", "op": "contains_any", "value": words},
            {"field": "status", "op": "in", "value": ["open"]},
        ],
    ]
    return {
        "name": f"Kural {i}",
        "trigger": "message_received",
        "conditions": {"match": "any" if i % 6 == 3 else "all", "conditions": kinds[i % 6]},
        "actions": [{"type": "add_tags", "tags": [f"etiket-{i}"]}],
    }


@pytest.fixture
def busy(world: World) -> World:
    """The complaint playbook plus admin rules up to 200, and an SLA policy."""
    install_default_rules(world.workspace)
    position = Rule.objects.filter(workspace=world.workspace).count()
    rules = []
    for i in range(position, N_RULES):
        clean = check_rule(world.workspace.pk, RuleInput(**_spec(i, world.inbox.pk)))
        rules.append(
            Rule(
                workspace=world.workspace,
                position=i,
                name=clean.name,
                trigger=clean.trigger,
                conditions=clean.conditions,
                actions=clean.actions,
            )
        )
    Rule.objects.bulk_create(rules)
    engine.invalidate(world.workspace.pk)
    SlaPolicy.objects.create(
        workspace=world.workspace,
        name="Standart",
        business_time=False,
        targets={
            priority: {"first_response": 60, "resolution": 1440}
            for priority in ("low", "normal", "high", "urgent")
        },
    )
    assert Rule.objects.filter(workspace=world.workspace, enabled=True).count() == N_RULES
    return world


def _statements(captured: CaptureQueriesContext) -> int:
    control = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "COMMIT", "SET LOCAL")
    return sum(1 for q in captured.captured_queries if not q["sql"].upper().startswith(control))


def test_statements_per_inbound_message_with_200_rules(busy: World) -> None:
    engine.compiled_rules(busy.workspace.pk)  # compiled once per workspace, not per message
    with CaptureQueriesContext(connection) as first:
        opened = receive(busy.inbox, "Merhaba, bir sorum olacak.", provider_id="m-1")
    with CaptureQueriesContext(connection) as follow_up:
        receive(busy.inbox, "Bir de şunu soracaktım, teşekkürler", provider_id="m-2")
    with CaptureQueriesContext(connection) as matching:
        receive(busy.inbox, "Kupon 12 kodum çalışmıyor", provider_id="m-3")

    conversation = Conversation.objects.get(pk=opened.conversation.pk)
    # The third message matched "Kural 12" (kupon 12) and, as the third unanswered message,
    # the playbook's repeated-contact rule: their tags are the proof they ran.
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["etiket-12", "tekrarlayan başvuru"]
    assert conversation.message_count == 3
    assert conversation.sla_state == "ok"
    assert RuleRun.objects.filter(conversation=conversation, matched=True).count() == 2

    assert _statements(first) <= FIRST_MESSAGE_MAX, [q["sql"] for q in first.captured_queries]
    assert _statements(follow_up) <= FOLLOW_UP_MAX, [q["sql"] for q in follow_up.captured_queries]
    assert _statements(matching) <= FOLLOW_UP_MATCHING_MAX, [q["sql"] for q in matching.captured_queries]


def test_rule_evaluation_reads_each_thing_once(busy: World) -> None:
    """200 rules evaluated on a message that matches none: one read of the message with its
    conversation, contact and inbox and what the conditions ask beyond them (tags, waiting
    messages, recent conversations, attachments), one write of the near misses; nothing per rule."""
    result = receive(busy.inbox, "Bir de şunu soracaktım, teşekkürler", provider_id="m-1")
    engine.compiled_rules(busy.workspace.pk)
    with CaptureQueriesContext(connection) as captured:
        runs = engine.run_rules(
            busy.workspace.pk, "message_received", result.conversation.pk, message_id=result.message.pk
        )
    assert [r.matched for r in runs] == [False] * len(runs)
    assert 0 < len(runs) <= engine.MAX_NEAR_MISSES
    assert _statements(captured) == 2, [q["sql"] for q in captured.captured_queries]
