"""Scale-out profile: two ``yanit serve`` processes sharing PostgreSQL and Redis, plus a worker.

An inbound message posted to server A reaches an agent's websocket held by server B; presence
crosses servers; ``yanit worker`` delivers a reply's webhook from PostgreSQL's queue and its
delivery update reaches B's socket too.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import psycopg
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.asynctools import run_in_fresh_loop
from tests.scaleout.conftest import AGENT_EMAIL, Cluster
from tests.scaleout.stack import YANIT
from yanit.connectors.standard_webhooks import verify

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.postgres, pytest.mark.xdist_group("scaleout")]


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/ws/agent/"


async def agent_socket(base: str, cookie: str) -> ClientConnection:
    ws = await connect(
        ws_url(base), additional_headers={"Cookie": f"sessionid={cookie}"}, origin=base, open_timeout=10
    )  # type: ignore[arg-type]
    hello = json.loads(await ws.recv())
    assert hello["event"] == "hello"
    return ws


async def next_event(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    event = dict(json.loads(await asyncio.wait_for(ws.recv(), timeout)))
    event.pop("sent_at", None)
    return event


async def next_event_for(ws: ClientConnection, conversation_id: int, timeout: float = 10) -> dict[str, Any]:
    """The next event about one conversation; events about others (an earlier test's, arriving
    late on a loaded machine) are passed over."""
    while True:
        event = await next_event(ws, timeout)
        if event.get("conversation_id") == conversation_id:
            return event


async def nothing_within(ws: ClientConnection, seconds: float) -> bool:
    try:
        await asyncio.wait_for(ws.recv(), seconds)
    except TimeoutError:
        return True
    return False


def post_inbound(cluster: Cluster, text: str, email: str) -> dict[str, Any]:
    """A customer's message through server A's inbound API, with the inbox's token."""
    response = httpx.post(
        f"{cluster.server_a}/api/v1/inboxes/{cluster.inbox_id}/inbound",
        json={"contact": {"name": "Ayşe Yılmaz", "email": email}, "text": text},
        headers={"Authorization": f"Bearer {cluster.inbound_token}"},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_inbound_on_server_a_reaches_a_socket_on_server_b(cluster: Cluster) -> None:
    async def scenario() -> None:
        on_b = await agent_socket(cluster.server_b, cluster.agent_cookie_b)
        on_a = await agent_socket(cluster.server_a, cluster.owner_cookie_a)
        stored = await asyncio.to_thread(
            post_inbound, cluster, "Siparişim İzmir'e gelmedi", "ayse@example.com"
        )
        for ws in (on_b, on_a):
            assert await next_event(ws) == {
                "event": "message.created",
                "conversation_id": stored["conversation_id"],
                "message_id": stored["message_id"],
                "direction": "in",
                "kind": "message",
                "opens_conversation": True,
            }
        assert await nothing_within(on_b, 0.5) is True
        await on_a.close()
        await on_b.close()

    run_in_fresh_loop(scenario())


def test_presence_crosses_servers(cluster: Cluster) -> None:
    async def scenario() -> None:
        stored = await asyncio.to_thread(post_inbound, cluster, "Fatura lazım", "fatura@example.com")
        conversation_id = stored["conversation_id"]
        on_a = await agent_socket(cluster.server_a, cluster.owner_cookie_a)
        on_b = await agent_socket(cluster.server_b, cluster.agent_cookie_b)
        await on_a.send(json.dumps({"action": "view", "conversation_id": conversation_id}))
        await on_a.send(json.dumps({"action": "ping"}))
        assert await next_event(on_a) == {"event": "pong"}
        await on_b.send(json.dumps({"action": "view", "conversation_id": conversation_id}))
        joined = await next_event(on_a)
        assert (joined["event"], joined["conversation_id"]) == ("presence.join", conversation_id)
        here = await next_event(on_b)
        assert (here["event"], here["conversation_id"]) == ("presence.here", conversation_id)
        assert here["agent_id"] != joined["agent_id"]
        await on_b.send(json.dumps({"action": "typing", "is_typing": True}))
        typing = await next_event(on_a)
        assert typing == {**joined, "event": "presence.typing", "is_typing": True}
        await on_b.close()
        assert await next_event(on_a) == {**joined, "event": "presence.leave"}
        await on_a.close()

    run_in_fresh_loop(scenario())


def test_worker_process_delivers_a_reply_and_the_update_reaches_server_b(cluster: Cluster) -> None:
    async def scenario() -> tuple[int, int]:
        stored = await asyncio.to_thread(post_inbound, cluster, "Kargom nerede?", "kargo@example.com")
        on_b = await agent_socket(cluster.server_b, cluster.agent_cookie_b)
        reply = await asyncio.to_thread(
            cluster.stack.seed, "reply", AGENT_EMAIL, str(stored["conversation_id"]), "Yarın teslim edilecek."
        )
        events = [await next_event_for(on_b, stored["conversation_id"]) for _ in range(2)]
        assert sorted(e["event"] for e in events) == ["conversation.updated", "message.created"]
        assert delivery_status(cluster, reply["message_id"]) == "queued"
        # Nothing delivers until a worker runs: the servers were started with --no-worker.
        assert cluster.sink.received == []
        await asyncio.to_thread(cluster.stack.run, YANIT, "worker", "--batch", name="worker")
        assert await next_event_for(on_b, stored["conversation_id"]) == {
            "event": "message.delivery",
            "conversation_id": stored["conversation_id"],
            "message_id": reply["message_id"],
            "delivery_status": "delivered",
        }
        await on_b.close()
        return stored["conversation_id"], reply["message_id"]

    conversation_id, message_id = run_in_fresh_loop(scenario())
    assert delivery_status(cluster, message_id) == "delivered"
    [delivery] = cluster.sink.received
    assert delivery["path"] == "/yanit-hook"
    assert delivery["headers"]["webhook-id"] == f"msg_{message_id}"
    with psycopg.connect(cluster.stack.database_url) as conn:
        row = conn.execute(
            "SELECT webhook_secret FROM inboxes_inbox WHERE id = %s", [cluster.inbox_id]
        ).fetchone()
    assert row is not None
    assert verify(row[0], delivery["headers"], delivery["body"]) is True
    payload = json.loads(delivery["body"])
    assert payload["type"] == "message.created"
    assert payload["data"]["conversation"]["id"] == conversation_id
    assert payload["data"]["message"]["id"] == message_id
    assert payload["data"]["message"]["text"] == "Yarın teslim edilecek."
    assert payload["data"]["contact"]["email"] == "kargo@example.com"


def delivery_status(cluster: Cluster, message_id: int) -> str:
    with psycopg.connect(cluster.stack.database_url) as conn:
        row = conn.execute(
            "SELECT delivery_status FROM conversations_message WHERE id = %s", [message_id]
        ).fetchone()
    assert row is not None
    return str(row[0])
