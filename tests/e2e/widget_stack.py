"""A real ``yanit serve`` for the live chat tests, restartable on the same port and database, and
a second web server on another port playing the store (so the widget runs cross-origin)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.served import ServedYanit


@dataclass
class ChatServer(ServedYanit):
    seed_module: str = "tests.e2e.widget_seed"
    extra_env: dict[str, str] = field(default_factory=lambda: {"YANIT_DEMO": "true"})

    def stop(self) -> None:
        """Kills the server outright, as a crash would."""
        self.kill()

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
