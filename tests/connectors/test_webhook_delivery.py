"""Standard Webhooks delivery of replies, against a real HTTP server on 127.0.0.1.

The receiver checks every request's signature with its own HMAC, written here from the spec,
not with the code under test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import World, make_world, receive
from yanit.connectors.models import WebhookDelivery
from yanit.conversations.models import Activity, Message
from yanit.conversations.services.reply import do_send_reply
from yanit.core.worker import run_pending_tasks
from yanit.inboxes.services.manage import do_update_inbox

pytestmark = pytest.mark.django_db(transaction=True)


def expected_signature(secret: str, webhook_id: str, timestamp: str, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = webhook_id.encode() + b"." + timestamp.encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


@dataclass
class Receiver:
    """Answers each POST with the next status of ``statuses`` and records what it got."""

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
            self.wfile.write(b"ok" if status < 300 else b"nope")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/yanit"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def hooked(receiver: Receiver) -> World:
    world = make_world("Webhook")
    do_update_inbox(world.owner, world.inbox, webhook_url=receiver.url)
    world.inbox.refresh_from_db()
    return world


def reply(world: World, text: str = "Kargonuz yolda.") -> Message:
    conversation = receive(world.inbox, external_id="musteri-7").conversation
    return do_send_reply(world.agent, conversation, text)


def make_retries_due() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))


def test_reply_is_delivered_signed(hooked: World, receiver: Receiver) -> None:
    message = reply(hooked)

    run_pending_tasks()

    assert len(receiver.received) == 1
    request = receiver.received[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["webhook-id"] == f"msg_{message.pk}"
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    assert headers["webhook-signature"] == expected_signature(
        hooked.inbox.webhook_secret, headers["webhook-id"], headers["webhook-timestamp"], request["body"]
    )
    assert headers["content-type"] == "application/json"
    payload = json.loads(request["body"])
    assert payload["type"] == "message.created"
    assert payload["data"]["message"]["text"] == "Kargonuz yolda."
    assert payload["data"]["message"]["sender"] == {
        "type": "agent",
        "id": hooked.agent.pk,
        "name": hooked.agent.name,
    }
    assert payload["data"]["contact"]["external_ids"] == ["musteri-7"]
    message.refresh_from_db()
    assert message.delivery_status == "delivered"
    log = WebhookDelivery.objects.get(message=message)
    assert (log.attempt, log.outcome, log.response_status, log.url) == (1, "succeeded", 200, receiver.url)


def test_a_tampered_body_would_not_verify(hooked: World, receiver: Receiver) -> None:
    reply(hooked)
    run_pending_tasks()

    request = receiver.received[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    forged = request["body"].replace(b"yolda", b"iptal")
    assert headers["webhook-signature"] != expected_signature(
        hooked.inbox.webhook_secret, headers["webhook-id"], headers["webhook-timestamp"], forged
    )


def test_500_then_200_retries_with_backoff_and_ends_delivered(hooked: World, receiver: Receiver) -> None:
    receiver.statuses = [500, 200]
    message = reply(hooked)

    run_pending_tasks()

    message.refresh_from_db()
    assert message.delivery_status == "queued"
    assert message.failure_reason == "HTTP 500: nope"
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after is not None
    assert 3 <= (waiting.run_after - waiting.enqueued_at).total_seconds() <= 7  # first backoff: 5 s
    first = WebhookDelivery.objects.get(message=message)
    assert (first.outcome, first.response_status, first.next_attempt_at is not None) == (
        "retrying",
        500,
        True,
    )

    make_retries_due()
    run_pending_tasks()

    message.refresh_from_db()
    assert message.delivery_status == "delivered"
    assert len(receiver.received) == 2
    ids = {r["headers"].get("webhook-id") or r["headers"].get("Webhook-Id") for r in receiver.received}
    assert ids == {f"msg_{message.pk}"}  # the same id on a retry: receivers can de-duplicate
    rows = list(WebhookDelivery.objects.filter(message=message).order_by("attempt"))
    assert [(r.attempt, r.outcome, r.response_status) for r in rows] == [
        (1, "retrying", 500),
        (2, "succeeded", 200),
    ]


def test_400_fails_for_good_with_the_reason_on_the_timeline(hooked: World, receiver: Receiver) -> None:
    receiver.statuses = [400]
    message = reply(hooked)

    run_pending_tasks()

    message.refresh_from_db()
    assert (message.delivery_status, message.failure_reason) == ("failed", "HTTP 400: nope")
    activity = Activity.objects.get(conversation_id=message.conversation_id, verb="delivery_failed")
    assert activity.data == {"message_id": message.pk, "reason": "HTTP 400: nope"}
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    log = WebhookDelivery.objects.get(message=message)
    assert (log.outcome, log.response_status) == ("failed", 400)


def test_after_max_attempts_the_message_is_failed(hooked: World, receiver: Receiver, settings: Any) -> None:
    settings.YANIT_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.statuses = [503, 503, 503, 200]
    message = reply(hooked)

    for _ in range(3):
        make_retries_due()
        run_pending_tasks()

    message.refresh_from_db()
    assert (message.delivery_status, message.failure_reason) == ("failed", "HTTP 503: nope")
    assert len(receiver.received) == 3
    rows = list(WebhookDelivery.objects.filter(message=message).order_by("attempt"))
    assert [(r.attempt, r.outcome) for r in rows] == [(1, "retrying"), (2, "retrying"), (3, "failed")]
    assert rows[2].next_attempt_at is None
    assert (
        Activity.objects.filter(conversation_id=message.conversation_id, verb="delivery_failed").count() == 1
    )
    make_retries_due()
    run_pending_tasks()
    assert len(receiver.received) == 3


def test_unreachable_receiver_is_retried(hooked: World, receiver: Receiver) -> None:
    do_update_inbox(hooked.owner, hooked.inbox, webhook_url="http://127.0.0.1:9/closed")
    message = reply(hooked)

    run_pending_tasks()

    message.refresh_from_db()
    assert message.delivery_status == "queued"
    assert message.failure_reason.startswith("ConnectError")
    log = WebhookDelivery.objects.get(message=message)
    assert (log.outcome, log.response_status) == ("retrying", None)


def test_notes_are_never_delivered(hooked: World, receiver: Receiver) -> None:
    conversation = receive(hooked.inbox).conversation
    do_send_reply(hooked.agent, conversation, "İç not", private=True)

    run_pending_tasks()

    assert receiver.received == []
    assert WebhookDelivery.objects.count() == 0
