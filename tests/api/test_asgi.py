"""The API through the real ASGI application: the middleware-free handler in yanit.asgi."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from asgiref.sync import async_to_sync
from django.core import signals
from django.db import close_old_connections

from tests.factories import World
from yanit.conversations.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_connection() -> Any:
    # The ASGI handler closes "old" connections around each request; inside the test's
    # transaction that would end it, so do what Django's own test clients do.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def call(method: str, path: str, **kwargs: Any) -> httpx.Response:
    from yanit.asgi import application

    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, path, **kwargs)

    return async_to_sync(run)()


def test_inbound_through_the_asgi_application(world: World, keep_connection: None) -> None:
    response = call(
        "POST",
        f"/api/v1/inboxes/{world.inbox.pk}/inbound",
        json={"contact": {"email": "asgi@example.com"}, "text": "ASGI üzerinden", "external_id": "a-1"},
        headers={"Authorization": f"Bearer {world.inbound_token}"},
    )

    assert response.status_code == 201
    assert Message.objects.get(pk=response.json()["message_id"]).text == "ASGI üzerinden"
    # No session middleware ran: the API never sets cookies.
    assert "set-cookie" not in response.headers


def test_errors_and_unknown_routes_through_asgi(world: World, keep_connection: None) -> None:
    bad = call(
        "POST",
        f"/api/v1/inboxes/{world.inbox.pk}/inbound",
        content=b"{oops",
        headers={"Authorization": f"Bearer {world.inbound_token}", "Content-Type": "application/json"},
    )
    missing = call("GET", "/api/v1/does-not-exist", headers={"Authorization": f"Bearer {world.agent_token}"})
    listed = call("GET", "/api/v1/conversations", headers={"Authorization": f"Bearer {world.agent_token}"})

    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "invalid_json")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    assert (listed.status_code, listed.json()) == (200, {"items": [], "next_cursor": None})


def test_docs_are_served_by_the_pages_handler_with_static_files(keep_connection: None) -> None:
    page = call("GET", "/api/v1/docs")
    bundle = call("GET", "/static/ninja/swagger-ui-bundle.js")

    assert page.status_code == 200
    assert bundle.status_code == 200
    assert len(bundle.content) > 100_000
