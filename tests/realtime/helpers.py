"""Agent websockets against the real ASGI application, logged in through a real session."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urlparse

from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.test import Client

from yanit.accounts.models import Agent, User
from yanit.asgi import application
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY

ORIGIN = b"http://127.0.0.1:8000"


class WebsocketCommunicator(ApplicationCommunicator):
    """Drives a websocket ASGI app in-process.

    Channels ships the same helper, but importing ``channels.testing`` needs daphne, which
    yanit does not use; this is the part we need.
    """

    def __init__(self, app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        parsed = urlparse(path)
        super().__init__(
            app,
            {
                "type": "websocket",
                "path": unquote(parsed.path),
                "query_string": parsed.query.encode(),
                "headers": headers,
                "subprotocols": [],
            },
        )

    async def connect(self, timeout: float = 1) -> tuple[bool, Any]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept"
        return True, response.get("subprotocol")

    async def send_json_to(self, data: Any) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = 1) -> Any:
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def session_cookie(user: User, workspace_id: int | None = None) -> str:
    """A logged-in session for ``user`` (optionally with a chosen workspace), as a cookie value."""
    client = Client()
    client.force_login(user)
    if workspace_id is not None:
        session = client.session
        session[SESSION_WORKSPACE_KEY] = workspace_id
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def socket(cookie: str | None = None) -> WebsocketCommunicator:
    headers: list[tuple[bytes, bytes]] = [(b"origin", ORIGIN)]
    if cookie is not None:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, "/ws/agent/", headers=headers)


def without_clock(payload: dict[str, Any]) -> dict[str, Any]:
    """The event minus ``sent_at`` (a wall-clock stamp used for latency measurement)."""
    assert isinstance(payload.pop("sent_at"), float)
    return payload


async def connected(cookie: str, agent: Agent) -> WebsocketCommunicator:
    """An open socket whose greeting has been checked and consumed."""
    ws = socket(cookie)
    accepted, _ = await ws.connect()
    assert accepted is True
    assert await ws.receive_json_from() == {
        "event": "hello",
        "agent_id": agent.pk,
        "workspace_id": agent.workspace_id,
    }
    return ws


async def settled(ws: WebsocketCommunicator) -> None:
    """Wait until the consumer has handled everything sent before (it handles frames in order)."""
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"event": "pong"}
