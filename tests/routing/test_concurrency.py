"""Twenty conversations created at the same moment never push an agent over capacity.

Runs on both databases: on PostgreSQL the row locks (conversation, policy, agents) serialise
the count-and-assign section; on SQLite (a file database in tests) IMMEDIATE transactions do.
Counting is slowed down by 300 ms so that, without those locks, the threads would all read the
same counts and overfill the agents (checked: removing the locks makes this test fail).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from tests.factories import make_world, receive
from tests.routing.conftest import online_agents
from yanit.conversations.models import Conversation
from yanit.routing.models import AssignmentPolicy
from yanit.routing.services import assign

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("mode", ["least_busy", "round_robin"])
def test_twenty_at_once_four_agents_capacity_three(db: None, mode: str, monkeypatch: Any) -> None:
    real_open_counts = assign.open_counts

    def slow_open_counts(agent_ids: list[int]) -> dict[int, int]:
        counts = real_open_counts(agent_ids)
        time.sleep(0.3)
        return counts

    monkeypatch.setattr(assign, "open_counts", slow_open_counts)
    world = make_world("Eşzamanlı")
    agents = online_agents(world, 4)
    AssignmentPolicy.objects.create(workspace=world.workspace, inbox=world.inbox, mode=mode, capacity=3)
    n = 20
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def arrive(i: int) -> None:
        try:
            # Take a connection first (the PostgreSQL pool opens them one by one), then race.
            connection.ensure_connection()
            barrier.wait(timeout=30)
            receive(world.inbox, f"Acil {i}", email=f"yaris{i}@example.com")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=arrive, args=(i,)) for i in range(n)]
    connection.close()  # hand the test's own connection back: the pool holds twenty
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert Conversation.objects.filter(workspace=world.workspace).count() == n
    per_agent = Counter(
        Conversation.objects.filter(workspace=world.workspace).values_list("assignee_id", flat=True)
    )
    assert {agent.pk: per_agent[agent.pk] for agent in agents} == {agent.pk: 3 for agent in agents}
    assert per_agent[None] == n - 12
    assert connection.vendor in ("postgresql", "sqlite")


@pytest.mark.parametrize("mode", ["least_busy"])
def test_twenty_auto_assigns_racing_each_other(db: None, mode: str, monkeypatch: Any) -> None:
    """The assignment step alone, twenty threads released together, counting slowed by 100 ms."""
    world = make_world("Yarışan")
    agents = online_agents(world, 4)
    policy = AssignmentPolicy.objects.create(
        workspace=world.workspace, inbox=world.inbox, mode="manual", capacity=3
    )
    conversations = [
        receive(world.inbox, "Acil", email=f"kuyruk{i}@example.com").conversation for i in range(20)
    ]
    AssignmentPolicy.objects.filter(pk=policy.pk).update(mode=mode)
    real_open_counts = assign.open_counts

    def slow_open_counts(agent_ids: list[int]) -> dict[int, int]:
        counts = real_open_counts(agent_ids)
        time.sleep(0.1)
        return counts

    monkeypatch.setattr(assign, "open_counts", slow_open_counts)
    barrier = threading.Barrier(len(conversations))
    errors: list[BaseException] = []
    picked: list[int | None] = []

    def race(conversation: Conversation) -> None:
        try:
            # Take a connection first (the PostgreSQL pool opens them one by one), then race.
            connection.ensure_connection()
            barrier.wait(timeout=30)
            agent = assign.do_auto_assign(conversation)
            picked.append(agent.pk if agent else None)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(c,)) for c in conversations]
    connection.close()  # hand the test's own connection back: the pool holds twenty
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert Counter(picked) == Counter({**{a.pk: 3 for a in agents}, None: 8})
    stored = Counter(
        Conversation.objects.filter(workspace=world.workspace).values_list("assignee_id", flat=True)
    )
    assert stored == Counter({**{a.pk: 3 for a in agents}, None: 8})
