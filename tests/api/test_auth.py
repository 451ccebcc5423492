from __future__ import annotations

import json

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import PASSWORD, World
from yanit.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_login_gives_a_token_that_works(world: World, api: Api) -> None:
    response = api.post("/api/v1/auth/token", {"email": world.agent.user.email.upper(), "password": PASSWORD})

    assert response.status_code == 200
    token = response.json()["token"]
    assert token.startswith("ynt_")
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(token)).agent == world.agent
    assert api.get("/api/v1/agents", token=token).status_code == 200


def test_login_chooses_the_named_workspace(world: World, other_world: World, api: Api) -> None:
    user = world.agent.user
    other_world.workspace.agents.create(user=user, role="agent")

    response = api.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": PASSWORD, "workspace": other_world.workspace.slug},
    )

    token = response.json()["token"]
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(token)).workspace == other_world.workspace


def test_wrong_password_is_401(world: World, api: Api) -> None:
    response = api.post("/api/v1/auth/token", {"email": world.agent.user.email, "password": "yanlis-parola"})

    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_credentials"
    assert ApiToken.objects.filter(agent=world.agent, name="login").count() == 0


def test_unknown_email_is_401(db: None, api: Api) -> None:
    response = api.post("/api/v1/auth/token", {"email": "kimse@example.test", "password": PASSWORD})

    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_credentials"


def test_workspace_the_user_is_not_in_is_403(world: World, other_world: World, api: Api) -> None:
    response = api.post(
        "/api/v1/auth/token",
        {"email": world.agent.user.email, "password": PASSWORD, "workspace": other_world.workspace.slug},
    )

    assert response.status_code == 403
    assert error_of(response)["code"] == "no_workspace"


def test_login_without_password_is_422(db: None, api: Api) -> None:
    response = api.post("/api/v1/auth/token", {"email": "a@example.test"})

    assert response.status_code == 422
    assert error_of(response)["details"]["fields"] == [
        {"in": "body", "field": "password", "message": "Field required", "type": "missing"}
    ]


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer ynt_not-a-real-token", "Token ynt_x", "Basic dXNlcjpwYXNz", "Bearer yin_abc"],
)
def test_missing_or_invalid_token_is_401(world: World, api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}

    response = api.client.get("/api/v1/inboxes", headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="yanit"'
    assert error_of(response)["code"] == "unauthorized"


def test_revoked_token_is_401(world: World, api: Api) -> None:
    from django.utils import timezone

    ApiToken.objects.filter(key_hash=ApiToken.hash_key(world.agent_token)).update(revoked_at=timezone.now())

    assert api.get("/api/v1/inboxes", token=world.agent_token).status_code == 401


def test_token_of_a_deactivated_agent_is_401(world: World, api: Api) -> None:
    world.agent.is_active = False
    world.agent.save()

    assert api.get("/api/v1/inboxes", token=world.agent_token).status_code == 401


def test_errors_follow_accept_language(world: World, api: Api) -> None:
    turkish = api.client.get(
        "/api/v1/inboxes/999999", headers={"Authorization": f"Bearer {world.agent_token}"}
    )
    english = api.client.get(
        "/api/v1/inboxes/999999",
        headers={"Authorization": f"Bearer {world.agent_token}", "Accept-Language": "en"},
    )

    assert error_of(turkish)["message"] == "Gelen kutusu bulunamadı."
    assert error_of(english)["message"] == "Inbox not found."


def test_repeated_wrong_passwords_are_throttled_with_the_sign_in_page(world: World, api: Api) -> None:
    email = world.agent.user.email
    for _attempt in range(9):
        assert api.post("/api/v1/auth/token", {"email": email, "password": "yanlis"}).status_code == 401
    # The sign-in page counts into the same limit: its failure is the tenth.
    api.client.post("/login/", {"username": email, "password": "yanlis"})

    blocked = api.post("/api/v1/auth/token", {"email": email, "password": PASSWORD})

    assert blocked.status_code == 429
    assert error_of(blocked)["code"] == "too_many_attempts"
    assert ApiToken.objects.filter(agent=world.agent, name="login").count() == 0
    # Another address is not blocked by this one's failures.
    other = api.client.post(
        "/api/v1/auth/token",
        json.dumps({"email": email, "password": PASSWORD}),
        content_type="application/json",
        REMOTE_ADDR="192.0.2.10",
    )
    assert other.status_code == 200


def test_success_clears_earlier_failures(world: World, api: Api) -> None:
    email = world.agent.user.email
    for _attempt in range(9):
        api.post("/api/v1/auth/token", {"email": email, "password": "yanlis"})
    assert api.post("/api/v1/auth/token", {"email": email, "password": PASSWORD}).status_code == 200
    for _attempt in range(9):
        api.post("/api/v1/auth/token", {"email": email, "password": "yanlis"})

    assert api.post("/api/v1/auth/token", {"email": email, "password": PASSWORD}).status_code == 200
