"""(a) Inbound API throughput: concurrent clients posting customer messages for a fixed time."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from typing import Any

from bench.http import Connection
from bench.stats import summary_ms

CONTACTS = 500  # a message's sender is one of these: new conversations first, then follow-ups


@dataclass
class RunResult:
    messages: int
    seconds: float
    errors: int
    latencies: list[float]
    server_cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds

    @property
    def cpu_ms_per_message(self) -> float:
        return self.server_cpu_seconds * 1000 / max(1, self.messages)


async def _client(
    base: str,
    path: str,
    token: str,
    seq: itertools.count[int],
    run_id: str,
    until: float,
    out: dict[str, Any],
) -> None:
    conn = Connection(base)
    headers = {"Authorization": f"Bearer {token}"}
    while time.perf_counter() < until:
        n = next(seq)
        body = {
            "contact": {"name": f"Müşteri {n % CONTACTS}", "email": f"musteri{n % CONTACTS}@example.com"},
            "text": f"Merhaba, {n} numaralı siparişim İstanbul'a ne zaman gelir?",
            "external_id": f"{run_id}-{n}",
        }
        started = time.perf_counter()
        status, _ = await conn.request("POST", path, body=body, headers=headers)
        out["latencies"].append(time.perf_counter() - started)
        if status == 201:
            out["ok"] += 1
        else:
            out["errors"] += 1
    await conn.close()


async def _run(base: str, path: str, token: str, clients: int, seconds: float, run_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {"ok": 0, "errors": 0, "latencies": []}
    seq = itertools.count()
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*[_client(base, path, token, seq, run_id, until, out) for _ in range(clients)])
    out["seconds"] = time.perf_counter() - started
    return out


def run(server: Any, setup: dict[str, Any], *, clients: int, seconds: float, run_id: str) -> RunResult:
    path = f"/api/v1/inboxes/{setup['inbox_id']}/inbound"
    cpu_before = server.cpu_seconds()
    out = asyncio.run(_run(server.base, path, setup["inbound_token"], clients, seconds, run_id))
    return RunResult(
        messages=out["ok"],
        seconds=out["seconds"],
        errors=out["errors"],
        latencies=out["latencies"],
        server_cpu_seconds=server.cpu_seconds() - cpu_before,
    )


def describe(result: RunResult) -> str:
    s = summary_ms(result.latencies)
    return (
        f"{result.per_second:.0f} msg/s, {result.errors} errors, p50 {s['p50']:.1f} ms, "
        f"p99 {s['p99']:.1f} ms, server CPU {result.cpu_ms_per_message:.2f} ms/msg"
    )
