"""The webhook action against a real HTTP server on 127.0.0.1: signed, retried, logged.

The receiver checks the signature with its own HMAC written from the Standard Webhooks spec.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.automation.helpers import kw, make_rule
from tests.factories import World, receive
from yanit.automation.models import WebhookCall
from yanit.core.worker import run_pending_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Receiver:
    statuses: list[int] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append({"headers": dict(self.headers.items()), "body": body})
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/kural"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def signature(secret: str, headers: dict[str, str], body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def run_due_now() -> None:
    # Retries are scheduled with a backoff: make them due, then run the worker once.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_pending_tasks()


def test_webhook_is_signed_and_delivered(world: World, receiver: Receiver) -> None:
    rule = make_rule(
        world.owner,
        name="Kargo",
        conditions=[kw("kargo")],
        actions=[{"type": "webhook", "url": receiver.url}],
    )
    secret = rule.actions[0]["secret"]
    result = receive(world.inbox, "kargom gelmedi")
    run_pending_tasks()
    assert len(receiver.received) == 1
    got = receiver.received[0]
    headers = {k.lower(): v for k, v in got["headers"].items()}
    assert headers["webhook-signature"] == signature(secret, headers, got["body"])
    payload = json.loads(got["body"])
    assert payload["type"] == "rule.fired"
    assert payload["data"]["rule"] == {"id": rule.pk, "name": "Kargo"}
    assert payload["data"]["conversation"]["id"] == result.conversation.pk
    call = WebhookCall.objects.get()
    assert (call.status, call.attempts, call.response_status) == ("sent", 1, 200)


def test_webhook_retries_then_succeeds(world: World, receiver: Receiver) -> None:
    receiver.statuses = [503, 500]
    make_rule(world.owner, conditions=[kw("kargo")], actions=[{"type": "webhook", "url": receiver.url}])
    receive(world.inbox, "kargo")
    run_pending_tasks()
    assert WebhookCall.objects.get().status == "queued"
    run_due_now()
    run_due_now()
    call = WebhookCall.objects.get()
    assert (call.status, call.attempts, call.response_status, call.error) == ("sent", 3, 200, "")
    assert len(receiver.received) == 3
    # One delivery id across attempts, so the receiver can de-duplicate.
    assert len({r["headers"]["webhook-id"] for r in receiver.received}) == 1


def test_webhook_refused_is_failed_and_not_retried(world: World, receiver: Receiver) -> None:
    receiver.statuses = [400]
    make_rule(world.owner, conditions=[kw("kargo")], actions=[{"type": "webhook", "url": receiver.url}])
    receive(world.inbox, "kargo")
    run_pending_tasks()
    run_due_now()
    call = WebhookCall.objects.get()
    assert (call.status, call.attempts, call.response_status, call.error) == ("failed", 1, 400, "HTTP 400")
    assert len(receiver.received) == 1
