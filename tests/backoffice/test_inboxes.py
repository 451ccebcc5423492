from __future__ import annotations

import re

from tests.backoffice.conftest import ClientFor
from tests.factories import World
from yanit.accounts.services.workspaces import do_save_team
from yanit.connectors.models import WebhookDelivery
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import inbox_for_inbound_token

TOKEN = re.compile(r'<code id="inbound-token" data-testid="inbound-token">(yin_[\w-]+)</code>')


def test_creating_an_api_inbox_shows_a_working_token_once(client_for: ClientFor, world: World) -> None:
    team = do_save_team(world.owner, "Kargo")
    client = client_for(world.owner)
    response = client.post(
        "/settings/inboxes/new/",
        {"name": "  Mağaza   Sitesi ", "team": str(team.pk), "webhook_url": "https://magaza.example/yanit"},
    )
    assert response.status_code == 200
    inbox = Inbox.objects.get(workspace=world.workspace, name="Mağaza Sitesi")
    assert (inbox.channel, inbox.team_id, inbox.webhook_url) == (
        "api",
        team.pk,
        "https://magaza.example/yanit",
    )
    match = TOKEN.search(response.text)
    assert match is not None
    token = match.group(1)
    assert inbox_for_inbound_token(inbox.pk, token) == inbox
    assert f"http://127.0.0.1:8000/api/v1/inboxes/{inbox.pk}/inbound" in response.text
    assert f"-H 'Authorization: Bearer {token}'" in response.text
    assert inbox.webhook_secret in response.text
    assert inbox.webhook_secret.startswith("whsec_")
    # Never again: the settings page of the inbox doesn't contain it.
    assert token not in client.get(f"/settings/inboxes/{inbox.pk}/").text


def test_inbox_form_errors_are_shown(client_for: ClientFor, world: World) -> None:
    response = client_for(world.owner).post("/settings/inboxes/new/", {"name": "", "webhook_url": "ftp://x"})
    assert response.status_code == 422
    assert Inbox.objects.filter(workspace=world.workspace).count() == 1


def test_rotating_the_token_kills_the_old_one(client_for: ClientFor, world: World) -> None:
    client = client_for(world.owner)
    response = client.post(f"/settings/inboxes/{world.inbox.pk}/rotate-token/")
    assert response.status_code == 200
    assert "Önceki anahtar artık çalışmıyor." in response.text
    new_token = TOKEN.search(response.text).group(1)  # type: ignore[union-attr]
    assert inbox_for_inbound_token(world.inbox.pk, world.inbound_token) is None
    assert inbox_for_inbound_token(world.inbox.pk, new_token) == world.inbox


def test_rotating_the_webhook_secret(client_for: ClientFor, world: World) -> None:
    old_secret = world.inbox.webhook_secret
    response = client_for(world.owner).post(f"/settings/inboxes/{world.inbox.pk}/rotate-secret/", follow=True)
    world.inbox.refresh_from_db()
    assert world.inbox.webhook_secret != old_secret
    assert world.inbox.webhook_secret in response.text


def test_editing_an_inbox(client_for: ClientFor, world: World) -> None:
    client = client_for(world.owner)
    response = client.post(
        f"/settings/inboxes/{world.inbox.pk}/",
        {"name": "Yeni Ad", "team": "", "webhook_url": ""},
        follow=True,
    )
    assert "Gelen kutusu kaydedildi." in response.text
    world.inbox.refresh_from_db()
    assert (world.inbox.name, world.inbox.team_id, world.inbox.webhook_url) == ("Yeni Ad", None, "")


def test_delivery_log_shows_each_attempt(client_for: ClientFor, world: World) -> None:
    common = {
        "workspace": world.workspace,
        "inbox": world.inbox,
        "webhook_id": "msg_7",
        "event_type": "message.created",
        "url": "https://magaza.example/yanit",
    }
    WebhookDelivery.objects.create(
        **common,
        attempt=1,
        outcome="retrying",
        response_status=503,
        error="HTTP 503 Service Unavailable",
        duration_ms=812,
    )
    WebhookDelivery.objects.create(
        **common, attempt=2, outcome="succeeded", response_status=200, duration_ms=95
    )
    client = client_for(world.owner)
    page = client.get(f"/settings/inboxes/{world.inbox.pk}/deliveries/").text
    rows = re.findall(r'<tr class="outcome-(\w+)">(.*?)</tr>', page, re.S)
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][1:]
        for _outcome, row in rows
    ]
    assert [outcome for outcome, _row in rows] == ["succeeded", "retrying"]
    assert cells == [
        ["message.created", "2", "200", "İletildi", "", "95 ms"],
        [
            "message.created",
            "1",
            "503",
            "Başarısız, yeniden denenecek",
            "HTTP 503 Service Unavailable",
            "812 ms",
        ],
    ]
    only_failed = client.get(
        f"/settings/inboxes/{world.inbox.pk}/deliveries/?outcome=retrying", headers={"HX-Request": "true"}
    )
    assert "<html" not in only_failed.text
    assert only_failed.text.count('<tr class="outcome-') == 1


def test_workspace_settings_are_saved(client_for: ClientFor, world: World) -> None:
    client = client_for(world.owner)
    response = client.post(
        "/settings/workspace/", {"name": "İzmir Mağazası", "time_zone": "Europe/London", "language": "en"}
    )
    assert response.status_code == 302
    world.workspace.refresh_from_db()
    assert (world.workspace.name, world.workspace.time_zone, world.workspace.language) == (
        "İzmir Mağazası",
        "Europe/London",
        "en",
    )
    bad = client.post("/settings/workspace/", {"name": "x", "time_zone": "Mars/Olympus", "language": "tr"})
    assert bad.status_code == 422
