"""Whatever bytes arrive, the answer is a 4xx JSON error and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World
from yanit.contacts.models import Contact
from yanit.conversations.models import Message
from yanit.inboxes.models import Inbox

pytestmark = pytest.mark.django_db


def nothing_written() -> tuple[int, int, int]:
    return Message.objects.count(), Contact.objects.count(), Inbox.objects.count()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"contact": {"email": "a@example.com"}, "text": "x"', "invalid_json"),
        (b"{'contact': 1}", "invalid_json"),
        (b"not json at all", "invalid_json"),
        (b'{"contact": {"email": "a@example.com"}, "text": NaN}', "invalid_json"),
        (b"[" * 100_000 + b"]" * 100_000, "invalid_json"),
        (b'{"contact": {"email": "a@example.com"}, "text": "Merhaba \xff\xfe"}', "invalid_utf8"),
        (b'{"contact": {"email": "a@example.com"}, "text": "\\u0000"}', "invalid_characters"),
    ],
)
def test_unreadable_bodies_are_400(world: World, api: Api, data: bytes, code: str) -> None:
    before = nothing_written()

    response = api.raw("POST", f"/api/v1/inboxes/{world.inbox.pk}/inbound", data, token=world.inbound_token)

    assert response.status_code == 400
    assert error_of(response)["code"] == code
    assert nothing_written() == before


def test_invalid_json_says_where(world: World, api: Api) -> None:
    response = api.raw("POST", "/api/v1/inboxes", b'{"name": }', token=world.owner_token)

    assert error_of(response)["details"] == {"line": 1, "column": 10, "reason": "Expecting value"}


def test_body_over_the_limit_is_413(world: World, api: Api, settings: Any) -> None:
    settings.YANIT_MAX_BODY_BYTES = 1000
    before = nothing_written()
    data = b'{"contact": {"email": "a@example.com"}, "text": "' + b"x" * 1000 + b'"}'

    response = api.raw("POST", f"/api/v1/inboxes/{world.inbox.pk}/inbound", data, token=world.inbound_token)

    assert response.status_code == 413
    assert error_of(response) == {
        "code": "payload_too_large",
        "message": "İstek gövdesi 1000 bayttan büyük.",
        "details": {"limit": 1000},
    }
    assert nothing_written() == before


def test_lying_content_length_is_413(world: World, api: Api, settings: Any) -> None:
    settings.YANIT_MAX_BODY_BYTES = 1000

    response = api.raw(
        "POST",
        "/api/v1/inboxes",
        b'{"name": "Yeni"}',
        token=world.owner_token,
        CONTENT_LENGTH="5000000",
    )

    assert response.status_code == 413
    assert Inbox.objects.count() == 1


def test_body_just_under_the_limit_is_accepted(world: World, api: Api, settings: Any) -> None:
    prefix, suffix = b'{"contact": {"email": "a@example.com"}, "text": "', b'"}'
    settings.YANIT_MAX_BODY_BYTES = 1000
    data = prefix + b"x" * (1000 - len(prefix) - len(suffix)) + suffix

    response = api.raw("POST", f"/api/v1/inboxes/{world.inbox.pk}/inbound", data, token=world.inbound_token)

    assert response.status_code == 201


def test_empty_body_where_one_is_needed_is_422(world: World, api: Api) -> None:
    response = api.raw("POST", "/api/v1/inboxes", b"", token=world.owner_token)

    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"


def test_nul_in_a_query_string_is_400(world: World, api: Api) -> None:
    response = api.get("/api/v1/conversations", {"tag": "a\x00b"}, token=world.agent_token)

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_characters"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing",
        "/api/v1/inboxes/abc",
        "/api/v1/conversations/1/unknown",
        "/api/v1/",
        "/api/v2/inboxes",
    ],
)
def test_unknown_routes_are_json_404(world: World, api: Api, path: str) -> None:
    response = api.get(path, token=world.agent_token)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["code"] == "not_found"


def test_ids_too_large_for_the_database_are_404(world: World, api: Api) -> None:
    huge = "9" * 30
    for path in (f"/api/v1/inboxes/{huge}", f"/api/v1/conversations/{huge}", f"/api/v1/contacts/{huge}"):
        response = api.get(path, token=world.agent_token)
        assert (path, response.status_code) == (path, 404)


def test_ids_too_large_in_bodies_are_422(world: World, api: Api) -> None:
    response = api.get("/api/v1/conversations", {"assignee_id": "9" * 30}, token=world.agent_token)

    assert response.status_code == 422


def test_wrong_method_is_json_405(world: World, api: Api) -> None:
    response = api.send("DELETE", "/api/v1/inboxes", token=world.owner_token)

    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert error_of(response)["details"] == {"allowed": ["GET", "POST"]}
    assert Inbox.objects.count() == 1


def test_validation_errors_name_each_field(world: World, api: Api) -> None:
    response = api.post("/api/v1/inboxes", {"name": 5, "team_id": "bir"}, token=world.owner_token)

    assert response.status_code == 422
    fields = error_of(response)["details"]["fields"]
    assert [(f["in"], f["field"], f["type"]) for f in fields] == [
        ("body", "name", "string_type"),
        ("body", "team_id", "int_parsing"),
    ]
