"""Role enforcement (agents can't change settings) and workspace isolation (404 across tenants)."""

from __future__ import annotations

import pytest

from tests.backoffice.conftest import ClientFor
from tests.factories import World
from yanit.accounts.models import Agent, Team, Workspace
from yanit.accounts.services.workspaces import do_invite_agent, do_save_team
from yanit.connectors.models import WebhookDelivery
from yanit.inboxes.models import Inbox


@pytest.fixture
def records(world: World) -> dict[str, int]:
    """One of everything a settings URL can point at, in ``world``'s workspace."""
    team = do_save_team(world.owner, "Kargo", member_ids=[world.agent.pk])
    invitation, _token = do_invite_agent(world.owner, "bekleyen@example.test")
    return {
        "agent": world.agent.pk,
        "team": team.pk,
        "inbox": world.inbox.pk,
        "invitation": invitation.pk,
    }


def record_changes(ids: dict[str, int]) -> list[tuple[str, dict[str, str]]]:
    """Changes aimed at one existing record."""
    return [
        (f"/settings/agents/{ids['agent']}/", {"action": "role", "role": "admin"}),
        (f"/settings/agents/{ids['agent']}/", {"action": "deactivate"}),
        (f"/settings/invitations/{ids['invitation']}/resend/", {}),
        (f"/settings/invitations/{ids['invitation']}/revoke/", {}),
        (f"/settings/teams/{ids['team']}/", {"name": "Değişti"}),
        (f"/settings/inboxes/{ids['inbox']}/", {"name": "Değişti"}),
        (f"/settings/inboxes/{ids['inbox']}/rotate-token/", {}),
        (f"/settings/inboxes/{ids['inbox']}/rotate-secret/", {}),
    ]


def changes(ids: dict[str, int]) -> list[tuple[str, dict[str, str]]]:
    return [
        ("/settings/workspace/", {"name": "Ele Geçirildi", "time_zone": "Europe/Istanbul", "language": "en"}),
        ("/settings/agents/invite/", {"email": "sizma@example.test", "role": "agent"}),
        ("/settings/teams/", {"name": "Yeni Ekip"}),
        ("/settings/inboxes/new/", {"name": "Sızma"}),
        *record_changes(ids),
    ]


def snapshot(workspace: Workspace) -> tuple[object, ...]:
    return (
        Workspace.objects.filter(pk=workspace.pk).values_list("name", "language").get(),
        sorted(Agent.objects.filter(workspace=workspace).values_list("pk", "role", "is_active")),
        sorted(Team.objects.filter(workspace=workspace).values_list("pk", "name")),
        sorted(
            Inbox.objects.filter(workspace=workspace).values_list(
                "pk", "name", "inbound_token_hash", "webhook_secret"
            )
        ),
        sorted(workspace.invitations.values_list("pk", "token_hash")),
    )


def test_an_agent_gets_403_on_every_settings_change(
    client_for: ClientFor, world: World, records: dict[str, int]
) -> None:
    client = client_for(world.agent)
    before = snapshot(world.workspace)
    statuses = [(url, client.post(url, data).status_code) for url, data in changes(records)]
    assert statuses == [(url, 403) for url, _data in changes(records)]
    assert len(statuses) == 12
    assert snapshot(world.workspace) == before


@pytest.mark.parametrize(
    "url",
    [
        "/settings/workspace/",
        "/settings/agents/",
        "/settings/teams/",
        "/settings/inboxes/",
        "/settings/inboxes/new/",
        "/settings/inboxes/{inbox}/",
        "/settings/inboxes/{inbox}/deliveries/",
        "/settings/teams/{team}/",
    ],
)
def test_an_agent_gets_403_on_admin_pages(
    client_for: ClientFor, world: World, records: dict[str, int], url: str
) -> None:
    assert client_for(world.agent).get(url.format(**records)).status_code == 403


def test_an_admin_of_another_workspace_gets_404_for_every_record(
    client_for: ClientFor, world: World, other_world: World, records: dict[str, int]
) -> None:
    WebhookDelivery.objects.create(
        workspace=world.workspace,
        inbox=world.inbox,
        webhook_id="msg_1",
        event_type="message.created",
        url="https://magaza.example/hook",
        attempt=1,
        outcome="failed",
        error="gizli hata",
    )
    intruder = client_for(other_world.owner)
    before = snapshot(world.workspace)
    statuses = [(url, intruder.post(url, data).status_code) for url, data in record_changes(records)]
    reads = [
        f"/settings/teams/{records['team']}/",
        f"/settings/inboxes/{records['inbox']}/",
        f"/settings/inboxes/{records['inbox']}/deliveries/",
    ]
    statuses += [(url, intruder.get(url).status_code) for url in reads]
    assert statuses == [(url, 404) for url, _status in statuses]
    assert len(statuses) == 11
    assert snapshot(world.workspace) == before
    # Lists only ever show the intruder's own workspace.
    agents_page = intruder.get("/settings/agents/").text
    assert world.agent.user.email not in agents_page
    assert "bekleyen@example.test" not in agents_page
    assert world.inbox.name not in intruder.get("/settings/inboxes/").text
    assert "Kargo" not in intruder.get("/settings/teams/").text


def test_team_members_from_another_workspace_are_ignored(
    client_for: ClientFor, world: World, other_world: World
) -> None:
    owner = client_for(world.owner)
    response = owner.post(
        "/settings/teams/", {"name": "Destek", "members": [str(world.agent.pk), str(other_world.agent.pk)]}
    )
    assert response.status_code == 422  # the form refuses a member it doesn't offer
    assert not Team.objects.filter(name="Destek").exists()
    owner.post("/settings/teams/", {"name": "Destek", "members": [str(world.agent.pk)]})
    team = Team.objects.get(workspace=world.workspace, name="Destek")
    assert list(team.members.values_list("pk", flat=True)) == [world.agent.pk]
