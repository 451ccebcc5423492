"""Two deliveries of the same message racing each other store it once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from tests.api.conftest import Api
from tests.factories import make_world
from yanit.conversations.models import Conversation, Message

# Runs on both databases: the SQLite test database is a file (see settings), so the two threads
# really contend for the write lock; on PostgreSQL the unique constraint decides.
pytestmark = [pytest.mark.django_db(transaction=True)]


def test_two_threads_posting_the_same_external_id(db: None) -> None:
    world = make_world("Yarış")
    barrier = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            api = Api(world.inbound_token)
            barrier.wait(timeout=10)
            response = api.post(
                f"/api/v1/inboxes/{world.inbox.pk}/inbound",
                {"contact": {"email": "yaris@example.com"}, "text": "Aynı anda", "external_id": "race-1"},
            )
            results.append((response.status_code, response.json()))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(status for status, _body in results) == [200, 201]
    bodies = [{k: v for k, v in body.items() if k != "created"} for _status, body in results]
    assert bodies[0] == bodies[1]
    assert Message.objects.filter(provider_id="race-1").count() == 1
    assert Conversation.objects.count() == 1
