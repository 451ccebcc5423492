from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.scaleout.stack import YANIT, Stack, log_in, scratch_database, services_available

PASSWORD = "olcekleme-parola-1"
OWNER_EMAIL = "sahip@magaza.test"
AGENT_EMAIL = "temsilci@magaza.test"


class WebhookSink(ThreadingHTTPServer):
    """The store's endpoint that receives our Standard Webhooks deliveries."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.arrived = threading.Event()
        super().__init__(("127.0.0.1", 0), _SinkHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/yanit-hook"


class _SinkHandler(BaseHTTPRequestHandler):
    server: WebhookSink

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(
            {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        )
        self.send_response(204)
        self.end_headers()
        self.server.arrived.set()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Cluster:
    stack: Stack
    server_a: str
    server_b: str
    workspace_id: int
    inbox_id: int
    inbound_token: str
    owner_cookie_a: str
    agent_cookie_b: str
    sink: WebhookSink


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    problem = services_available()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem} (CI must run the scale-out tests)")
        pytest.skip(problem)
    sink = WebhookSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    root = Path(tmp_path_factory.mktemp("scaleout"))
    with scratch_database() as database_url:
        stack = Stack(database_url=database_url, data_root=root)
        try:
            stack.run(YANIT, "migrate")
            for email in (OWNER_EMAIL, AGENT_EMAIL):
                stack.run(
                    YANIT, "createadmin", "--email", email, "--password", PASSWORD, "--workspace", "Mağaza"
                )
            seeded = stack.seed("inbox", OWNER_EMAIL, sink.url)
            server_a, server_b = stack.serve("server-a"), stack.serve("server-b")
            yield Cluster(
                stack=stack,
                server_a=server_a,
                server_b=server_b,
                workspace_id=seeded["workspace_id"],
                inbox_id=seeded["inbox_id"],
                inbound_token=seeded["inbound_token"],
                owner_cookie_a=log_in(server_a, OWNER_EMAIL, PASSWORD),
                agent_cookie_b=log_in(server_b, AGENT_EMAIL, PASSWORD),
                sink=sink,
            )
        finally:
            stack.stop()
            sink.shutdown()


def loads(raw: str | bytes) -> dict[str, Any]:
    return dict(json.loads(raw))
