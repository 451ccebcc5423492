"""(b) Inbound → agent websocket latency with many agents connected.

Every agent socket is held by this process; a message is posted through the inbound API and
each socket's arrival of its ``message.created`` is timed against the moment the POST was sent
(one clock, one machine).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from bench.http import Connection


async def _open_sockets(base: str, sessions: list[str]) -> list[ClientConnection]:
    url = base.replace("http://", "ws://") + "/ws/agent/"
    sockets: list[ClientConnection] = []
    for chunk in range(0, len(sessions), 20):
        batch = await asyncio.gather(
            *[
                connect(url, additional_headers={"Cookie": f"sessionid={key}"}, origin=base, open_timeout=30)  # type: ignore[arg-type]
                for key in sessions[chunk : chunk + 20]
            ]
        )
        sockets.extend(batch)
    for ws in sockets:
        hello = json.loads(await ws.recv())
        assert hello["event"] == "hello", hello
    return sockets


async def _listen(ws: ClientConnection, arrivals: dict[int, list[float]]) -> None:
    async for raw in ws:
        now = time.perf_counter()
        event = json.loads(raw)
        if event.get("event") == "message.created":
            arrivals.setdefault(event["message_id"], []).append(now)


async def _run(
    base: str, setup: dict[str, Any], sockets_wanted: int, messages: int, rate: float
) -> dict[str, Any]:
    sessions = setup["agent_sessions"][:sockets_wanted]
    sockets = await _open_sockets(base, sessions)
    arrivals: dict[int, list[float]] = {}
    listeners = [asyncio.create_task(_listen(ws, arrivals)) for ws in sockets]
    conn = Connection(base)
    path = f"/api/v1/inboxes/{setup['inbox_id']}/inbound"
    headers = {"Authorization": f"Bearer {setup['inbound_token']}"}
    sent: dict[int, float] = {}
    for n in range(messages):
        started = time.perf_counter()
        status, body = await conn.request(
            "POST",
            path,
            body={
                "contact": {"name": f"Canlı Müşteri {n % 20}", "email": f"canli{n % 20}@example.com"},
                "text": f"Gecikme ölçümü {n}",
            },
            headers=headers,
        )
        assert status == 201, body
        sent[json.loads(body)["message_id"]] = started
        await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - started)))
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and sum(len(arrivals.get(m, [])) for m in sent) < len(sent) * len(
        sockets
    ):
        await asyncio.sleep(0.05)
    latencies = [t - sent[m] for m in sent for t in arrivals.get(m, [])]
    missing = len(sent) * len(sockets) - len(latencies)
    for task in listeners:
        task.cancel()
    await conn.close()
    await asyncio.gather(*[ws.close() for ws in sockets], return_exceptions=True)
    return {"latencies": latencies, "missing": missing, "sockets": len(sockets), "messages": len(sent)}


def run(server: Any, setup: dict[str, Any], *, sockets: int, messages: int, rate: float) -> dict[str, Any]:
    return asyncio.run(_run(server.base, setup, sockets, messages, rate))
