"""Assignment policies: round-robin, least-busy, capacity, online only, sticky, inbox vs team."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone, translation

from tests.factories import World
from tests.routing.conftest import online_agents
from yanit.accounts.models import Agent, Team
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.update import do_update_conversation
from yanit.routing.events import ConversationAutoAssigned
from yanit.routing.models import AgentCapacity, AssignmentPolicy
from yanit.routing.services.assign import do_auto_assign
from yanit.web.timeline import activity_text


def team_with_policy(world: World, mode: str, n_agents: int, **policy: Any) -> tuple[Team, list[Agent]]:
    team = Team.objects.create(workspace=world.workspace, name=f"Destek {mode}")
    world.inbox.team = team
    world.inbox.save(update_fields=["team"])
    agents = online_agents(world, n_agents, team=team)
    AssignmentPolicy.objects.create(workspace=world.workspace, team=team, mode=mode, **policy)
    return team, agents


def test_round_robin_exact_order(world: World, new_conversation: Any) -> None:
    _team, (a, b, c) = team_with_policy(world, "round_robin", 3, capacity=10)
    assignees = [new_conversation().assignee_id for _ in range(7)]
    assert assignees == [a.pk, b.pk, c.pk, a.pk, b.pk, c.pk, a.pk]
    assert AssignmentPolicy.objects.get(team__isnull=False).last_agent_id == a.pk


def test_round_robin_skips_agents_at_capacity_and_keeps_the_rotation(
    world: World, new_conversation: Any
) -> None:
    _team, (a, b, c) = team_with_policy(world, "round_robin", 3, capacity=10)
    AgentCapacity.objects.create(workspace=world.workspace, agent=b, max_open=1)
    assignees = [new_conversation().assignee_id for _ in range(6)]
    assert assignees == [a.pk, b.pk, c.pk, a.pk, c.pk, a.pk]


def test_least_busy_picks_the_fewest_open_and_ties_take_turns(world: World, new_conversation: Any) -> None:
    _team, (a, b, c) = team_with_policy(world, "manual", 3, capacity=10)
    for agent, load in ((a, 2), (b, 0), (c, 1)):
        for _ in range(load):
            conversation = new_conversation()
            do_update_conversation(None, conversation, assignee=agent)
    resolved = new_conversation()
    do_update_conversation(None, resolved, assignee=b, status="resolved")  # resolved: no seat
    AssignmentPolicy.objects.update(mode="least_busy")
    assignees = [new_conversation().assignee_id for _ in range(4)]
    # b (0 open) → b and c tie at 1, rotation after b → c → b alone at 1 → all at 2, after b → c
    assert assignees == [b.pk, c.pk, b.pk, c.pk]
    activity = Activity.objects.filter(verb=Activity.Verb.ASSIGNED, actor_kind="system").last()
    assert activity is not None
    assert activity.data == {"from": None, "to": c.name, "to_id": c.pk, "reason": "least_busy"}
    with translation.override("tr"):
        assert activity_text(activity) == f"Otomatik atama: en az meşgul → {c.name}"
    with translation.override("en"):
        assert activity_text(activity) == f"Auto-assigned (least busy): {c.name}"


def test_capacity_queues_and_a_freed_seat_takes_the_oldest_waiting(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _team, (a, b) = team_with_policy(world, "least_busy", 2, capacity=2)
    conversations = [new_conversation() for _ in range(6)]
    assigned = [c.assignee_id for c in conversations]
    assert sorted(x for x in assigned if x) == [a.pk, a.pk, b.pk, b.pk]
    assert assigned[4:] == [None, None]
    with django_capture_on_commit_callbacks(execute=True):
        do_update_conversation(a, conversations[0], status="resolved")
    conversations[4].refresh_from_db()
    conversations[5].refresh_from_db()
    assert conversations[4].assignee_id == conversations[0].assignee_id
    assert conversations[5].assignee_id is None


def test_agent_capacity_overrides_the_policy_default(world: World, new_conversation: Any) -> None:
    _team, (a, b) = team_with_policy(world, "round_robin", 2, capacity=1)
    AgentCapacity.objects.create(workspace=world.workspace, agent=a, max_open=3)
    assignees = [new_conversation().assignee_id for _ in range(5)]
    assert assignees == [a.pk, b.pk, a.pk, a.pk, None]


def test_only_online_team_members(world: World, new_conversation: Any) -> None:
    _team, (a, b, c) = team_with_policy(world, "round_robin", 3, capacity=10)
    Agent.objects.filter(pk=b.pk).update(availability=Agent.Availability.AWAY)
    Agent.objects.filter(pk=c.pk).update(availability=Agent.Availability.OFFLINE)
    outsider = online_agents(world, 1)[0]  # online but not in the team
    assignees = {new_conversation().assignee_id for _ in range(3)}
    assert assignees == {a.pk}
    assert outsider.pk not in assignees


def test_nobody_online_leaves_it_waiting_until_someone_comes_online(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from yanit.accounts.services.workspaces import do_set_availability

    _team, (a,) = team_with_policy(world, "round_robin", 1)
    Agent.objects.filter(pk=a.pk).update(availability=Agent.Availability.OFFLINE)
    a.refresh_from_db()
    waiting = new_conversation()
    assert waiting.assignee_id is None
    with django_capture_on_commit_callbacks(execute=True):
        do_set_availability(a, "online")
    waiting.refresh_from_db()
    assert waiting.assignee_id == a.pk


def new_conversation_after_resolving(world: World) -> None:
    world.inbox.settings = {**world.inbox.settings, "reopen_days": 0}
    world.inbox.save(update_fields=["settings"])


def test_sticky_within_window_and_not_outside(world: World, new_conversation: Any) -> None:
    new_conversation_after_resolving(world)
    _team, (a, b) = team_with_policy(world, "round_robin", 2, capacity=10, sticky_days=7)
    first = new_conversation(email="sadik@example.com")
    assert first.assignee_id == a.pk
    do_update_conversation(a, first, status="resolved")
    again = new_conversation(email="sadik@example.com")
    assert (
        again.assignee_id,
        Activity.objects.filter(conversation=again, verb="assigned").get().data["reason"],
    ) == (
        a.pk,
        "sticky",
    )
    # Sticky picks don't move the rotation: the next stranger gets b.
    assert new_conversation().assignee_id == b.pk
    do_update_conversation(a, again, status="resolved")
    Conversation.objects.filter(contact=first.contact).update(
        last_activity_at=timezone.now() - timedelta(days=8)
    )
    late = new_conversation(email="sadik@example.com")
    assert late.assignee_id == a.pk  # by rotation (after b), not sticky
    assert Activity.objects.filter(conversation=late, verb="assigned").get().data["reason"] == "round_robin"


def test_sticky_agent_offline_or_full_falls_back(world: World, new_conversation: Any) -> None:
    new_conversation_after_resolving(world)
    _team, (a, b) = team_with_policy(world, "round_robin", 2, capacity=1, sticky_days=30)
    first = new_conversation(email="sadik@example.com")
    assert first.assignee_id == a.pk
    do_update_conversation(a, first, status="resolved")
    assert [new_conversation().assignee_id for _ in range(2)] == [b.pk, a.pk]
    AgentCapacity.objects.create(workspace=world.workspace, agent=b, max_open=2)
    again = new_conversation(email="sadik@example.com")  # a is full: not sticky
    assert again.pk != first.pk
    assert again.assignee_id == b.pk


def test_inbox_policy_wins_over_team_policy(world: World, new_conversation: Any) -> None:
    _team, (a, _b) = team_with_policy(world, "round_robin", 2)
    AssignmentPolicy.objects.create(workspace=world.workspace, inbox=world.inbox, mode="manual")
    assert new_conversation().assignee_id is None
    AssignmentPolicy.objects.filter(inbox=world.inbox).update(mode="least_busy")
    assert new_conversation().assignee_id == a.pk


def test_no_policy_is_manual_and_do_auto_assign_returns_none(world: World, new_conversation: Any) -> None:
    online_agents(world, 2)
    conversation = new_conversation()
    assert conversation.assignee_id is None
    assert do_auto_assign(conversation) is None


def test_reopened_unassigned_conversation_is_assigned(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    AssignmentPolicy.objects.create(workspace=world.workspace, inbox=world.inbox, mode="manual")
    conversation = new_conversation()
    do_update_conversation(None, conversation, status="resolved")
    (a,) = online_agents(world, 1)
    AssignmentPolicy.objects.update(mode="round_robin")
    with django_capture_on_commit_callbacks(execute=True):
        do_update_conversation(None, conversation, status="open")
    conversation.refresh_from_db()
    assert conversation.assignee_id == a.pk


def test_auto_assign_publishes_event_and_returns_agent(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from yanit.core.events import subscribe

    seen: list[ConversationAutoAssigned] = []
    subscribe(ConversationAutoAssigned, seen.append)
    AssignmentPolicy.objects.create(workspace=world.workspace, inbox=world.inbox, mode="manual")
    conversation = new_conversation()
    (a,) = online_agents(world, 1)
    AssignmentPolicy.objects.update(mode="round_robin")
    with django_capture_on_commit_callbacks(execute=True):
        assert do_auto_assign(conversation, actor_kind="rule:5") == a
    assert seen[-1] == ConversationAutoAssigned(
        workspace_id=world.workspace.pk, conversation_id=conversation.pk, agent_id=a.pk, reason="round_robin"
    )
    assert Activity.objects.filter(conversation=conversation, verb="assigned").get().actor_kind == "rule:5"
    assert do_auto_assign(conversation) is None  # already assigned
