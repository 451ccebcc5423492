"""(d) Live chat round trip with many widget sockets open, and the widget's size.

500 visitors hold a widget websocket each (``/ws/widget/<key>/?v=<token>``) and one agent holds
the inbox websocket. One sample: a visitor sends a message frame (t0); the agent's socket gets
its ``message.created`` (t1); the agent answers at once through the REST API; the visitor's
socket gets the answer (t2). Round trip = t2 − t0, measured on one clock in this process. The
visitors' connections come from different loopback networks (127.1.N.1) so the per-network
rate limit of the widget (60 messages/min) is not what gets measured.

    python -m bench.chat_roundtrip seed 500      # inside the server's environment (bench.run does it)
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import sys
import time
import uuid
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from bench.http import Connection
from bench.stack import REPO

WIDGET = REPO / "yanit" / "connectors" / "webchat" / "static" / "webchat" / "widget.min.js"
ORIGIN = "https://magaza.bench.test"
NETWORKS = 50  # visitors are spread over this many /24 loopback networks


def widget_size() -> dict[str, int]:
    raw = WIDGET.read_bytes()
    return {"raw": len(raw), "gzip": len(gzip.compress(raw, compresslevel=9))}


def seed(n_visitors: int) -> dict[str, Any]:
    """A workspace, an agent with a session and an API token, a chat inbox and its visitors."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from yanit.accounts.services.workspaces import do_create_admin, do_issue_token
    from yanit.connectors.webchat.models import Visitor
    from yanit.connectors.webchat.services.visitors import hash_token, new_visitor_token
    from yanit.connectors.webchat.services.widgets import do_create_chat_inbox

    owner = do_create_admin(
        "sahip@chat.bench.test", "bench-parola-1", "Sohbet Mağazası", name="Ayşe Temsilci"
    )
    widget, _secret = do_create_chat_inbox(owner, name="Canlı Destek")
    tokens = [new_visitor_token() for _ in range(n_visitors)]
    now = timezone.now()
    Visitor.objects.bulk_create(
        [
            Visitor(
                workspace_id=widget.workspace_id,
                inbox_id=widget.inbox_id,
                token_hash=hash_token(token),
                name=f"Ziyaretçi {i}",
                language="tr",
                last_seen_at=now,
            )
            for i, token in enumerate(tokens)
        ]
    )
    store = SessionStore()
    store[SESSION_KEY] = str(owner.user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = owner.user.get_session_auth_hash()
    store.create()
    return {
        "widget_key": widget.public_key,
        "visitor_tokens": tokens,
        "agent_session": store.session_key,
        "agent_token": do_issue_token(owner),
    }


class Visitor:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.replies: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()

    async def listen(self) -> None:
        async for raw in self.ws:
            now = time.perf_counter()
            frame = json.loads(raw)
            if frame.get("type") == "ack":
                future = self.acks.pop(frame["client_id"], None)
                if future and not future.done():
                    future.set_result(frame["message"])
            elif frame.get("type") == "message" and frame["message"]["direction"] == "out":
                self.replies.put_nowait((now, frame["message"]))


async def _open_visitors(base: str, key: str, tokens: list[str]) -> list[Visitor]:
    url = base.replace("http://", "ws://") + f"/ws/widget/{key}/?v="
    visitors: list[Visitor] = []
    for chunk in range(0, len(tokens), 25):
        batch = await asyncio.gather(
            *[
                connect(
                    url + token,
                    origin=ORIGIN,  # type: ignore[arg-type]
                    open_timeout=30,
                    local_addr=(f"127.1.{(chunk + i) % NETWORKS}.1", 0),
                )
                for i, token in enumerate(tokens[chunk : chunk + 25])
            ]
        )
        visitors.extend(Visitor(ws) for ws in batch)
    return visitors


async def _agent_events(ws: ClientConnection, arrivals: dict[int, tuple[float, int]]) -> None:
    async for raw in ws:
        now = time.perf_counter()
        event = json.loads(raw)
        if event.get("event") == "message.created":
            arrivals[event["message_id"]] = (now, event["conversation_id"])


class Agent:
    """Replies through the REST API on one keep-alive connection, one request at a time."""

    def __init__(self, base: str, token: str) -> None:
        self.conn = Connection(base)
        self.lock = asyncio.Lock()
        self.headers = {"Authorization": f"Bearer {token}"}

    async def reply(self, conversation_id: int, text: str) -> int:
        async with self.lock:
            status, body = await self.conn.request(
                "POST",
                f"/api/v1/conversations/{conversation_id}/messages",
                body={"text": text},
                headers=self.headers,
            )
        assert status == 201, body
        return int(json.loads(body)["id"])


async def _sample(
    visitor: Visitor, agent: Agent, arrivals: dict[int, tuple[float, int]], n: int
) -> tuple[float, float, float] | None:
    client_id = str(uuid.uuid4())
    ack: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
    visitor.acks[client_id] = ack
    t0 = time.perf_counter()
    await visitor.ws.send(
        json.dumps({"type": "message", "client_id": client_id, "text": f"Kargom nerede? {n}"})
    )
    message = await asyncio.wait_for(ack, 10)
    deadline = time.perf_counter() + 10
    while message["id"] not in arrivals:
        if time.perf_counter() > deadline:
            return None
        await asyncio.sleep(0.001)
    t1, conversation_id = arrivals[message["id"]]
    reply_id = await agent.reply(conversation_id, f"Bugün kargoda {n}")
    while True:
        t2, reply = await asyncio.wait_for(visitor.replies.get(), 10)
        if reply["id"] == reply_id:
            return t2 - t0, t1 - t0, t2 - t1


async def _round(
    visitors: list[Visitor], agent: Agent, arrivals: dict[int, tuple[float, int]], messages: int, rate: float
) -> dict[str, Any]:
    results: list[tuple[float, float, float]] = []
    step = max(1, len(visitors) // max(1, messages))
    pending = []
    for n in range(messages):
        started = time.perf_counter()
        visitor = visitors[(n * step) % len(visitors)]
        pending.append(asyncio.create_task(_sample(visitor, agent, arrivals, n)))
        await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - started)))
    outcomes = await asyncio.gather(*pending, return_exceptions=True)
    results = [o for o in outcomes if isinstance(o, tuple)]
    return {
        "sockets": len(visitors),
        "round_trip": [r[0] for r in results],
        "to_agent": [r[1] for r in results],
        "to_visitor": [r[2] for r in results],
        "missing": len(outcomes) - len(results),
    }


async def _warm_up(
    visitors: list[Visitor], agent: Agent, arrivals: dict[int, tuple[float, int]], parallel: int = 8
) -> dict[str, Any]:
    """One exchange per visitor (opening its conversation), a few at a time: as fast as the
    server goes, without building a queue that would spill into the measured rounds."""
    gate = asyncio.Semaphore(parallel)

    async def one(n: int, visitor: Visitor) -> tuple[float, float, float] | None:
        async with gate:
            return await _sample(visitor, agent, arrivals, n)

    outcomes = await asyncio.gather(*[one(n, v) for n, v in enumerate(visitors)], return_exceptions=True)
    return {"missing": sum(1 for o in outcomes if not isinstance(o, tuple))}


async def _run(
    base: str, setup: dict[str, Any], sockets: int, rounds: int, messages: int, rate: float
) -> list[dict[str, Any]]:
    """Opens the sockets once; a warm-up message per visitor (it opens the visitor's conversation),
    a pause for the server to drain, then the measured rounds."""
    visitors = await _open_visitors(base, setup["widget_key"], setup["visitor_tokens"][:sockets])
    listeners = [asyncio.create_task(v.listen()) for v in visitors]
    agent_ws = await connect(
        base.replace("http://", "ws://") + "/ws/agent/",
        additional_headers={"Cookie": f"sessionid={setup['agent_session']}"},
        origin=base,  # type: ignore[arg-type]
    )
    arrivals: dict[int, tuple[float, int]] = {}
    agent_task = asyncio.create_task(_agent_events(agent_ws, arrivals))
    agent = Agent(base, setup["agent_token"])
    await asyncio.sleep(2)
    warm = await _warm_up(visitors, agent, arrivals)
    await asyncio.sleep(3)
    out = [{**await _round(visitors, agent, arrivals, messages, rate), "warmup_missing": warm["missing"]}]
    for _ in range(rounds - 1):
        await asyncio.sleep(1)
        out.append(await _round(visitors, agent, arrivals, messages, rate))
    for task in [*listeners, agent_task]:
        task.cancel()
    await agent.conn.close()
    await asyncio.gather(agent_ws.close(), *[v.ws.close() for v in visitors], return_exceptions=True)
    return out


def run(
    server: Any, setup: dict[str, Any], *, sockets: int, rounds: int, messages: int, rate: float
) -> list[dict[str, Any]]:
    return asyncio.run(_run(server.base, setup, sockets, rounds, messages, rate))


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
    django.setup()
    command, count = sys.argv[1:3]
    assert command == "seed"
    print(json.dumps(seed(int(count))))
