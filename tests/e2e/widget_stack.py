"""A real ``yanit serve`` for the live chat tests, restartable on the same port and database, and
a second web server on another port playing the store (so the widget runs cross-origin)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[2]
YANIT = str(Path(sys.executable).with_name("yanit"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ChatServer:
    data_dir: Path
    port: int = field(default_factory=free_port)
    seed: dict[str, Any] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.update(
            YANIT_DATA_DIR=str(self.data_dir),
            YANIT_BASE_URL=self.url,
            YANIT_DEMO="true",
            SECRET_KEY="widget-e2e-secret-key-not-for-production",
            DJANGO_SETTINGS_MODULE="yanit.settings",
            PYTHONPATH=str(ROOT),
        )
        return env

    def prepare(self) -> None:
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.e2e.widget_seed"],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
        )
        self.seed = json.loads(seeded.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        self.starts += 1
        log = (self.data_dir / f"server-{self.starts}.log").open("w")
        self.process = subprocess.Popen(
            [YANIT, "serve", "--port", str(self.port), "--no-migrate", "--log-level", "warning"],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/login/", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("yanit serve did not start:\n" + self.log())
            time.sleep(0.2)

    def stop(self) -> None:
        """Kills the server outright, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return (self.data_dir / f"server-{self.starts}.log").read_text(errors="replace")

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Reads the server's SQLite database directly (the test's own view of what was stored)."""
        with sqlite3.connect(self.data_dir / "yanit.sqlite3", timeout=10) as conn:
            return conn.execute(sql, params).fetchall()


class StorePage(ThreadingHTTPServer):
    """Serves a shop page with the widget snippet from another origin (another port). Query
    options: ``lang`` (html lang), ``hostile=1`` (aggressive global CSS on the page)."""

    daemon_threads = True

    def __init__(self, chat: ChatServer) -> None:
        self.chat = chat
        super().__init__(("127.0.0.1", 0), _StoreHandler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def html(self, query: dict[str, list[str]]) -> str:
        lang = query.get("lang", ["tr"])[0]
        hostile = ""
        if query.get("hostile"):
            hostile = """<style>
  *:not(html):not(body) { all: unset !important; display: none !important; }
  div, button, span, textarea, input, yanit-chat { font-size: 40px !important; color: red !important;
    background: yellow !important; position: static !important; transform: scale(0.2) !important; }
  yanit-chat { display: none !important; visibility: hidden !important; opacity: 0 !important; }
  body > * { filter: blur(8px) !important; }
  p.visible { display: block !important; }
</style>"""
        return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Test Mağazası</title>
{hostile}</head><body><p class="visible">Test mağazası</p>
<script src="{self.chat.url}/widget.js" data-inbox="{self.chat.seed["widget_key"]}" async></script>
</body></html>"""


class _StoreHandler(BaseHTTPRequestHandler):
    server: StorePage

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        body = self.server.html(parse_qs(parts.query)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass
