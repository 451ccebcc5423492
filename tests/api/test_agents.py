from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.factories import World
from yanit.accounts.models import Team

pytestmark = pytest.mark.django_db


def test_agents_of_the_workspace(world: World, other_world: World, api: Api) -> None:
    response = api.get("/api/v1/agents", token=world.agent_token)

    assert response.status_code == 200
    assert [(a["id"], a["role"], a["availability"], a["email"]) for a in response.json()] == [
        (world.owner.pk, "owner", "offline", world.owner.user.email),
        (world.agent.pk, "agent", "offline", world.agent.user.email),
    ]


def test_teams_with_members(world: World, other_world: World, api: Api) -> None:
    kargo = Team.objects.create(workspace=world.workspace, name="Kargo", description="Gönderiler")
    kargo.members.set([world.agent, world.owner])
    Team.objects.create(workspace=world.workspace, name="İade")
    Team.objects.create(workspace=other_world.workspace, name="Başka ekip")

    response = api.get("/api/v1/teams", token=world.agent_token)

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": kargo.pk,
            "name": "Kargo",
            "description": "Gönderiler",
            "member_ids": sorted([world.agent.pk, world.owner.pk]),
        },
        {"id": Team.objects.get(name="İade").pk, "name": "İade", "description": "", "member_ids": []},
    ]
