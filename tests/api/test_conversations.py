from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import Api, error_of
from tests.factories import World, receive
from yanit.accounts.models import Team
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.update import do_update_conversation

pytestmark = pytest.mark.django_db


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


@pytest.fixture
def three(world: World) -> list[Conversation]:
    """Three open conversations, oldest first."""
    return [
        receive(world.inbox, f"Mesaj {n}", email=f"musteri{n}@example.com").conversation for n in range(3)
    ]


def test_list_is_newest_first_with_the_whole_shape(world: World, api: Api, three: list[Conversation]) -> None:
    response = api.get("/api/v1/conversations", token=world.agent_token)

    assert response.status_code == 200
    assert ids(response) == [c.pk for c in reversed(three)]
    item = response.json()["items"][0]
    assert item["status"] == "open"
    assert item["priority"] == "normal"
    assert item["inbox"] == {"id": world.inbox.pk, "name": "Anadolu API", "channel": "api"}
    assert item["contact"]["email"] == "musteri2@example.com"
    assert item["assignee"] is None
    assert item["last_activity_at"].endswith("+03:00")
    assert response.json()["next_cursor"] is None


def test_pages_follow_the_cursor(world: World, api: Api, three: list[Conversation]) -> None:
    first = api.get("/api/v1/conversations", {"limit": 2}, token=world.agent_token)
    second = api.get(
        "/api/v1/conversations", {"limit": 2, "cursor": first.json()["next_cursor"]}, token=world.agent_token
    )

    assert ids(first) == [three[2].pk, three[1].pk]
    assert ids(second) == [three[0].pk]
    assert second.json()["next_cursor"] is None


def test_filters(world: World, api: Api, three: list[Conversation]) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Kargo")
    do_update_conversation(world.owner, three[0], assignee=world.agent, priority="urgent", tags=["İade"])
    do_update_conversation(world.owner, three[1], status="resolved", team=team)

    def query(**params: object) -> list[int]:
        return ids(api.get("/api/v1/conversations", params, token=world.agent_token))

    assert query(view="mine") == [three[0].pk]
    assert query(view="unassigned") == [three[2].pk]
    assert query(status="resolved") == [three[1].pk]
    assert query(status="all") == [three[2].pk, three[1].pk, three[0].pk]
    assert query(priority="urgent") == [three[0].pk]
    assert query(assignee_id=world.agent.pk) == [three[0].pk]
    assert query(team_id=team.pk, status="all") == [three[1].pk]
    assert query(tag="İade") == [three[0].pk]
    assert query(inbox_id=world.inbox.pk) == [three[2].pk, three[0].pk]
    assert query(q="MUSTERI2") == [three[2].pk]
    assert query(sort="priority") == [three[0].pk, three[2].pk]
    assert query(sort="waiting") == [three[0].pk, three[2].pk]


@pytest.mark.parametrize(
    "params",
    [
        {"view": "everyone"},
        {"status": "closed"},
        {"priority": "3"},
        {"sort": "oldest"},
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "çok"},
        {"inbox_id": "abc"},
        {"cursor": "bozuk"},
    ],
)
def test_bad_filters_are_422(world: World, api: Api, params: dict[str, str]) -> None:
    response = api.get("/api/v1/conversations", params, token=world.agent_token)

    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"


def test_get_one(world: World, api: Api, three: list[Conversation]) -> None:
    response = api.get(f"/api/v1/conversations/{three[1].pk}", token=world.agent_token)

    assert response.status_code == 200
    assert response.json()["number"] == three[1].number
    assert response.json()["subject"] == "Mesaj 1"


def test_patch_changes_everything_and_writes_activities(
    world: World, api: Api, three: list[Conversation]
) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Kargo")
    until = (timezone.now() + timedelta(days=1)).replace(microsecond=0)

    response = api.patch(
        f"/api/v1/conversations/{three[0].pk}",
        {
            "status": "snoozed",
            "snoozed_until": until.isoformat(),
            "priority": "high",
            "assignee_id": world.agent.pk,
            "team_id": team.pk,
            "tags": ["İADE", "kargo"],
            "subject": "  Kargo   gecikti ",
        },
        token=world.agent_token,
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["priority"], body["subject"]) == ("snoozed", "high", "Kargo gecikti")
    assert body["assignee"] == {"id": world.agent.pk, "name": world.agent.name}
    assert body["team"] == {"id": team.pk, "name": "Kargo"}
    assert body["tags"] == ["kargo", "İADE"]
    assert body["snoozed_until"] == timezone.localtime(until).isoformat()
    verbs = set(Activity.objects.filter(conversation=three[0]).values_list("verb", flat=True))
    assert verbs == {"created", "status", "priority", "assigned", "team", "tags", "subject"}


def test_patch_null_unassigns_and_absent_fields_stay(
    world: World, api: Api, three: list[Conversation]
) -> None:
    do_update_conversation(world.owner, three[0], assignee=world.agent, priority="urgent")

    response = api.patch(
        f"/api/v1/conversations/{three[0].pk}", {"assignee_id": None}, token=world.agent_token
    )

    assert response.json()["assignee"] is None
    assert response.json()["priority"] == "urgent"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"priority": "kritik"}, 422, "validation_error"),
        ({"priority": 3}, 422, "validation_error"),
        ({"status": "closed"}, 422, "validation_error"),
        ({"status": "snoozed"}, 422, "validation_error"),
        ({"snoozed_until": "2020-01-01T10:00:00+03:00"}, 422, "validation_error"),
        ({"snoozed_until": "2099-01-01T10:00:00"}, 422, "validation_error"),
        ({"tags": "iade"}, 422, "validation_error"),
        ({"assignee_id": 987654}, 404, "not_found"),
        ({"team_id": 987654}, 404, "not_found"),
    ],
)
def test_bad_patch_changes_nothing(
    world: World, api: Api, three: list[Conversation], body: dict[str, object], status: int, code: str
) -> None:
    response = api.patch(f"/api/v1/conversations/{three[0].pk}", body, token=world.agent_token)

    assert response.status_code == status
    assert error_of(response)["code"] == code
    three[0].refresh_from_db()
    assert (three[0].status, three[0].priority, three[0].assignee_id) == ("open", 1, None)
    assert list(Activity.objects.filter(conversation=three[0]).values_list("verb", flat=True)) == ["created"]


def test_assignee_of_another_workspace_is_404(
    world: World, other_world: World, api: Api, three: list[Conversation]
) -> None:
    response = api.patch(
        f"/api/v1/conversations/{three[0].pk}", {"assignee_id": other_world.agent.pk}, token=world.agent_token
    )

    assert response.status_code == 404
    three[0].refresh_from_db()
    assert three[0].assignee_id is None


def test_unknown_conversation_is_404(world: World, api: Api) -> None:
    assert api.get("/api/v1/conversations/987654", token=world.agent_token).status_code == 404
    assert (
        api.patch("/api/v1/conversations/987654", {"priority": "low"}, token=world.agent_token).status_code
        == 404
    )
