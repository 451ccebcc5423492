"""(c) The inbox list with 100,000 conversations: over HTTP (page, fragment, API) and bare."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.http import Connection
from bench.stats import summary_ms


async def _timed(base: str, path: str, headers: dict[str, str], repeat: int) -> tuple[int, list[float]]:
    conn = Connection(base)
    status, _ = await conn.request("GET", path, headers=headers)  # warm-up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        status, body = await conn.request("GET", path, headers=headers)
        timings.append(time.perf_counter() - started)
        assert status == 200, (path, status, body[:300])
    await conn.close()
    return status, timings


def http(server: Any, setup: dict[str, Any], repeat: int) -> dict[str, dict[str, float]]:
    session = {"Cookie": f"sessionid={setup['owner_session']}"}
    token = {"Authorization": f"Bearer {setup['owner_token']}"}
    targets = {
        "page GET / (rail counts + first 25)": ("/", session),
        "fragment GET /list/ (first 25)": ("/list/", session),
        "API GET /api/v1/conversations (25)": ("/api/v1/conversations?limit=25", token),
        "API, unassigned, sort priority": (
            "/api/v1/conversations?view=unassigned&sort=priority&limit=25",
            token,
        ),
        "API, search 'ayşe kargo'": ("/api/v1/conversations?q=ay%C5%9Fe%20kargo&status=all&limit=25", token),
    }
    results = {}
    for name, (path, headers) in targets.items():
        _status, timings = asyncio.run(_timed(server.base, path, headers, repeat))
        results[name] = summary_ms(timings)
    return results
