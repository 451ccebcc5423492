"""Eight sources notifying the same agent about the same conversation at the same moment make one
notification, on both databases.

The "anything recent?" read is slowed down by 300 ms, so without the lock on the recipient's row
every thread would read "nothing" and insert its own (checked: removing the select_for_update makes
this fail on PostgreSQL; on SQLite IMMEDIATE transactions serialise the callers).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

import pytest
from django.db import connection

from tests.factories import make_world, receive
from yanit.notifications.models import Notification
from yanit.notifications.services import notify

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_simultaneous_notifications_make_one(db: None, monkeypatch: Any) -> None:
    real = notify._recent

    def slow(wanted: list[Any], now: datetime) -> set[tuple[int, str, int | None]]:
        found = real(wanted, now)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(notify, "_recent", slow)
    world = make_world("Yarış")
    conversation = receive(world.inbox).conversation
    n = 8
    barrier = threading.Barrier(n)
    created: list[int] = []
    errors: list[BaseException] = []

    def notify_once(i: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            rows = notify.do_notify(
                [world.agent], "assigned", conversation=conversation, actor=world.owner, text=f"kaynak {i}"
            )
            created.append(len(rows))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=notify_once, args=(i,)) for i in range(n)]
    connection.close()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(created) == [0] * (n - 1) + [1]
    assert Notification.objects.filter(recipient=world.agent, kind="assigned").count() == 1
    # Another kind for the same conversation is not a duplicate.
    assert len(notify.do_notify([world.agent], "mention", conversation=conversation, actor=world.owner)) == 1
