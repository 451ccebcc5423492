from __future__ import annotations

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World
from yanit.accounts.models import ApiToken, Team
from yanit.connectors.models import WebhookDelivery
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import inbox_for_inbound_token

pytestmark = pytest.mark.django_db


def test_list_inboxes_of_the_workspace_only(world: World, other_world: World, api: Api) -> None:
    response = api.get("/api/v1/inboxes", token=world.agent_token)

    assert response.status_code == 200
    assert [i["id"] for i in response.json()] == [world.inbox.pk]


def test_agents_do_not_see_the_webhook_secret(world: World, api: Api) -> None:
    as_agent = api.get(f"/api/v1/inboxes/{world.inbox.pk}", token=world.agent_token).json()
    as_owner = api.get(f"/api/v1/inboxes/{world.inbox.pk}", token=world.owner_token).json()

    assert as_agent["webhook_secret"] is None
    assert as_owner["webhook_secret"] == world.inbox.webhook_secret


def test_owner_creates_an_api_inbox(world: World, api: Api, settings: object) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Kargo")

    response = api.post(
        "/api/v1/inboxes",
        {
            "name": "  Mağaza   Entegrasyonu ",
            "webhook_url": "https://magaza.example/hook",
            "team_id": team.pk,
        },
        token=world.owner_token,
    )

    assert response.status_code == 201
    body = response.json()
    inbox = Inbox.objects.get(pk=body["id"])
    assert (inbox.name, inbox.channel, inbox.team, inbox.workspace) == (
        "Mağaza Entegrasyonu",
        "api",
        team,
        world.workspace,
    )
    assert body["inbound_url"] == f"http://127.0.0.1:8000/api/v1/inboxes/{inbox.pk}/inbound"
    assert body["inbound_token"].startswith("yin_")
    assert inbox_for_inbound_token(inbox.pk, body["inbound_token"]) == inbox
    assert body["webhook_url"] == "https://magaza.example/hook"
    assert body["webhook_secret"] == inbox.webhook_secret
    assert body["webhook_secret"].startswith("whsec_")
    assert body["signing"]["headers"] == ["webhook-id", "webhook-timestamp", "webhook-signature"]
    assert body["signing"]["algorithm"] == "HMAC-SHA256"
    assert body["team_id"] == team.pk


def test_inbound_url_follows_the_base_url(world: World, api: Api, settings: object) -> None:
    settings.YANIT_BASE_URL = "https://destek.magaza.example"  # type: ignore[attr-defined]

    body = api.post("/api/v1/inboxes", {"name": "Yeni"}, token=world.owner_token).json()

    assert body["inbound_url"] == f"https://destek.magaza.example/api/v1/inboxes/{body['id']}/inbound"


def test_agent_cannot_create_an_inbox(world: World, api: Api) -> None:
    response = api.post("/api/v1/inboxes", {"name": "Yeni"}, token=world.agent_token)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert Inbox.objects.filter(workspace=world.workspace).count() == 1


@pytest.mark.parametrize(
    ("body", "code", "status"),
    [
        ({"name": "   "}, "validation_error", 422),
        ({"name": "X", "channel": "fax"}, "validation_error", 422),
        ({"name": "X", "webhook_url": "ftp://magaza.example"}, "validation_error", 422),
        ({}, "validation_error", 422),
        ({"name": "X", "team_id": 999999}, "not_found", 404),
    ],
)
def test_bad_inbox_is_refused_and_nothing_is_created(
    world: World, api: Api, body: dict[str, object], code: str, status: int
) -> None:
    response = api.post("/api/v1/inboxes", body, token=world.owner_token)

    assert response.status_code == status
    assert error_of(response)["code"] == code
    assert Inbox.objects.filter(workspace=world.workspace).count() == 1


def test_admin_updates_an_inbox(world: World, api: Api) -> None:
    old_secret = world.inbox.webhook_secret

    response = api.patch(
        f"/api/v1/inboxes/{world.inbox.pk}",
        {"name": "Yeni Ad", "webhook_url": "http://127.0.0.1:9/hook", "rotate_webhook_secret": True},
        token=world.owner_token,
    )

    assert response.status_code == 200
    world.inbox.refresh_from_db()
    assert (world.inbox.name, world.inbox.webhook_url) == ("Yeni Ad", "http://127.0.0.1:9/hook")
    assert world.inbox.webhook_secret != old_secret
    assert response.json()["webhook_secret"] == world.inbox.webhook_secret


def test_patch_leaves_unsent_fields_alone_and_null_team_clears(world: World, api: Api) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Kargo")
    world.inbox.team = team
    world.inbox.webhook_url = "https://magaza.example/hook"
    world.inbox.save()

    response = api.patch(f"/api/v1/inboxes/{world.inbox.pk}", {"team_id": None}, token=world.owner_token)

    assert response.status_code == 200
    world.inbox.refresh_from_db()
    assert (world.inbox.team, world.inbox.webhook_url, world.inbox.name) == (
        None,
        "https://magaza.example/hook",
        "Anadolu API",
    )


def test_deactivating_an_inbox(world: World, api: Api) -> None:
    response = api.patch(f"/api/v1/inboxes/{world.inbox.pk}", {"is_active": False}, token=world.owner_token)

    assert response.json()["is_active"] is False
    assert inbox_for_inbound_token(world.inbox.pk, world.inbound_token) is None


def test_agent_cannot_update_an_inbox(world: World, api: Api) -> None:
    response = api.patch(f"/api/v1/inboxes/{world.inbox.pk}", {"name": "Hack"}, token=world.agent_token)

    assert response.status_code == 403
    world.inbox.refresh_from_db()
    assert world.inbox.name == "Anadolu API"


def test_rotating_the_inbound_token(world: World, api: Api) -> None:
    response = api.post(f"/api/v1/inboxes/{world.inbox.pk}/rotate-token", token=world.owner_token)

    assert response.status_code == 200
    new_token = response.json()["inbound_token"]
    assert new_token.startswith("yin_")
    assert new_token != world.inbound_token
    assert inbox_for_inbound_token(world.inbox.pk, world.inbound_token) is None
    assert inbox_for_inbound_token(world.inbox.pk, new_token) == world.inbox
    assert response.json()["inbound_url"] == f"http://127.0.0.1:8000/api/v1/inboxes/{world.inbox.pk}/inbound"


def test_agent_cannot_rotate_the_token(world: World, api: Api) -> None:
    response = api.post(f"/api/v1/inboxes/{world.inbox.pk}/rotate-token", token=world.agent_token)

    assert response.status_code == 403
    assert inbox_for_inbound_token(world.inbox.pk, world.inbound_token) == world.inbox


def test_delivery_log_newest_first(world: World, api: Api) -> None:
    for attempt, outcome in ((1, "retrying"), (2, "succeeded")):
        WebhookDelivery.objects.create(
            workspace=world.workspace,
            inbox=world.inbox,
            webhook_id="msg_1",
            event_type="message.created",
            url="https://magaza.example/hook",
            attempt=attempt,
            outcome=outcome,
            response_status=500 if attempt == 1 else 200,
        )

    response = api.get(f"/api/v1/inboxes/{world.inbox.pk}/webhook-deliveries", token=world.owner_token)

    assert response.status_code == 200
    rows = response.json()
    assert [(r["attempt"], r["outcome"], r["response_status"]) for r in rows] == [
        (2, "succeeded", 200),
        (1, "retrying", 500),
    ]
    assert rows[0]["webhook_id"] == "msg_1"
    limited = api.get(
        f"/api/v1/inboxes/{world.inbox.pk}/webhook-deliveries", {"limit": 1}, token=world.owner_token
    )
    assert [r["attempt"] for r in limited.json()] == [2]


def test_agent_cannot_read_the_delivery_log(world: World, api: Api) -> None:
    response = api.get(f"/api/v1/inboxes/{world.inbox.pk}/webhook-deliveries", token=world.agent_token)

    assert response.status_code == 403


def test_unknown_inbox_is_404(world: World, api: Api) -> None:
    for path in ("", "/webhook-deliveries"):
        response = api.get(f"/api/v1/inboxes/987654{path}", token=world.owner_token)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"
    assert ApiToken.objects.count() == 2
