"""Settings → Assignment: admins set policies and capacities; agents get 403; other workspaces 404."""

from __future__ import annotations

from typing import Any

from tests.factories import World, receive
from tests.routing.conftest import online_agents
from yanit.accounts.models import Team
from yanit.routing.models import AgentCapacity, AssignmentPolicy

POLICY = {
    "mode": "least_busy",
    "capacity": "4",
    "sticky_days": "14",
    "offline_behaviour": "reroute_after",
    "offline_grace_minutes": "15",
}


def test_admin_sets_a_team_policy_and_waiting_conversations_get_assigned(
    world: World, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Kargo")
    world.inbox.team = team
    world.inbox.save(update_fields=["team"])
    (a,) = online_agents(world, 1, team=team)
    waiting = receive(world.inbox).conversation
    client = login(world.owner)
    page = client.get("/settings/assignment/")
    assert page.status_code == 200
    assert "Kargo" in page.content.decode()
    assert client.get(f"/settings/assignment/team/{team.pk}/").status_code == 200
    response = client.post(f"/settings/assignment/team/{team.pk}/", POLICY)
    assert (response.status_code, response["Location"]) == (302, "/settings/assignment/")
    policy = AssignmentPolicy.objects.get(team=team)
    assert (
        policy.mode,
        policy.capacity,
        policy.sticky_days,
        policy.offline_behaviour,
        policy.offline_grace_minutes,
    ) == ("least_busy", 4, 14, "reroute_after", 15)
    waiting.refresh_from_db()
    assert waiting.assignee_id == a.pk
    bad = client.post(f"/settings/assignment/inbox/{world.inbox.pk}/", {**POLICY, "capacity": "0"})
    assert bad.status_code == 422
    assert not AssignmentPolicy.objects.filter(inbox=world.inbox).exists()


def test_admin_sets_agent_capacities(world: World, login: Any) -> None:
    client = login(world.owner)
    response = client.post(
        "/settings/assignment/", {f"agent_{world.agent.pk}": "7", f"agent_{world.owner.pk}": ""}
    )
    assert response.status_code == 302
    assert list(AgentCapacity.objects.values_list("agent_id", "max_open")) == [(world.agent.pk, 7)]
    client.post("/settings/assignment/", {f"agent_{world.agent.pk}": ""})
    assert not AgentCapacity.objects.exists()


def test_agents_get_403_and_other_workspaces_404(world: World, other_world: World, login: Any) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Kargo")
    agent = login(world.agent)
    assert agent.get("/settings/assignment/").status_code == 403
    assert agent.post(f"/settings/assignment/team/{team.pk}/", POLICY).status_code == 403
    assert agent.post("/settings/assignment/", {f"agent_{world.agent.pk}": "9"}).status_code == 403
    foreign = login(other_world.owner)
    assert foreign.post(f"/settings/assignment/team/{team.pk}/", POLICY).status_code == 404
    assert foreign.get(f"/settings/assignment/inbox/{world.inbox.pk}/").status_code == 404
    assert not AssignmentPolicy.objects.exists()
    assert not AgentCapacity.objects.exists()
