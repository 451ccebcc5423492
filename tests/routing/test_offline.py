"""What happens to an agent's open conversations when they go away or offline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import World
from tests.routing.conftest import online_agents
from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import do_set_availability
from yanit.routing.models import AssignmentPolicy, OfflineReroute
from yanit.routing.tasks import reroute_after_grace


def setup(world: World, behaviour: str, grace: int = 10) -> tuple[Agent, Agent]:
    a, b = online_agents(world, 2)
    AssignmentPolicy.objects.create(
        workspace=world.workspace,
        inbox=world.inbox,
        mode="round_robin",
        capacity=10,
        offline_behaviour=behaviour,
        offline_grace_minutes=grace,
    )
    return a, b


def go(agent: Agent, availability: str, capture: Any) -> None:
    agent.refresh_from_db()
    with capture(execute=True):
        do_set_availability(agent, availability)


def test_keep(world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any) -> None:
    a, _b = setup(world, "keep")
    conversations = [new_conversation() for _ in range(3)]
    go(a, "offline", django_capture_on_commit_callbacks)
    for c in conversations:
        c.refresh_from_db()
    assert [c.assignee_id for c in conversations] == [
        conversations[0].assignee_id,
        conversations[1].assignee_id,
        a.pk,
    ]
    assert [c.assignee_id for c in conversations].count(a.pk) == 2


@pytest.mark.parametrize("availability", ["offline", "away"])
def test_reroute_at_once(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any, availability: str
) -> None:
    a, b = setup(world, "reroute")
    conversations = [new_conversation() for _ in range(3)]
    assert [c.assignee_id for c in conversations] == [a.pk, b.pk, a.pk]
    go(a, availability, django_capture_on_commit_callbacks)
    for c in conversations:
        c.refresh_from_db()
    assert [c.assignee_id for c in conversations] == [b.pk, b.pk, b.pk]
    texts = list(conversations[0].activities.filter(verb="assigned").values_list("data", flat=True))
    assert [(d["to"], d.get("reason")) for d in texts] == [
        (a.name, "round_robin"),
        (None, None),
        (b.name, "round_robin"),
    ]


def test_reroute_after_grace(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a, b = setup(world, "reroute_after", grace=10)
    conversations = [new_conversation() for _ in range(2)]
    go(a, "offline", django_capture_on_commit_callbacks)
    conversations[0].refresh_from_db()
    assert conversations[0].assignee_id == a.pk  # still within the grace period
    assert reroute_after_grace.call(a.pk) == "rerouted 0"
    OfflineReroute.objects.filter(agent=a).update(went_offline_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert reroute_after_grace.call(a.pk) == "rerouted 1"
    conversations[0].refresh_from_db()
    assert conversations[0].assignee_id == b.pk
    assert not OfflineReroute.objects.filter(agent=a).exists()
    assert reroute_after_grace.call(a.pk) == "rerouted 0"  # idempotent


def test_back_online_within_grace_keeps_them(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a, _b = setup(world, "reroute_after", grace=5)
    conversation = new_conversation()
    go(a, "offline", django_capture_on_commit_callbacks)
    OfflineReroute.objects.filter(agent=a).update(went_offline_at=timezone.now() - timedelta(minutes=6))
    go(a, "online", django_capture_on_commit_callbacks)
    assert reroute_after_grace.call(a.pk) == "online again"
    conversation.refresh_from_db()
    assert conversation.assignee_id == a.pk
