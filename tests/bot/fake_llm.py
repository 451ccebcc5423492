"""A local stand-in for an OpenAI-compatible provider: ``POST /v1/chat/completions`` answering
like the real API does (recorded-style payloads), or failing on purpose."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-9xYz12AbCdEf",
        "object": "chat.completion",
        "created": 1763900000,
        "model": "yerel-model",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 212, "completion_tokens": 38, "total_tokens": 250},
    }


class FakeLlm:
    """``mode``: "ok" (answers ``content``), "error" (HTTP 500), "slow" (answers after
    ``delay`` seconds), "empty" (an empty answer), "garbage" (not JSON), "unauthorized" (HTTP 401
    as the OpenAI API words it)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.content = ""
        self.delay = 3.0
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, "body": body})
                fake.auth.append(self.headers.get("Authorization", ""))
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": "not found"}})
                elif fake.mode == "error":
                    self._send(500, {"error": {"message": "The server had an error", "type": "server_error"}})
                elif fake.mode == "unauthorized":
                    self._send(
                        401,
                        {
                            "error": {
                                "message": "Incorrect API key provided: sk-yanlis.",
                                "type": "invalid_request_error",
                                "code": "invalid_api_key",
                            }
                        },
                    )
                elif fake.mode == "garbage":
                    self._send_raw(200, b"<html>bad gateway</html>")
                else:
                    if fake.mode == "slow":
                        time.sleep(fake.delay)
                    self._send(200, completion("" if fake.mode == "empty" else fake.content))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                self._send_raw(status, json.dumps(payload).encode())

            def _send_raw(self, status: int, raw: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
