"""Article view counting that never slows an article page.

A view is a dictionary increment in memory; the counts go to the database with one ``F()`` update
per article after a response has been sent (Django's ``request_finished``), at most every
``FLUSH_SECONDS``. A process that dies loses its last few seconds of views, which a popularity
ranking can afford.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from django.core.signals import request_finished
from django.db.models import F

from yanit.kb.models import Article

FLUSH_SECONDS = 5.0

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_flush = time.monotonic()


def count_view(article_id: int) -> None:
    with _lock:
        _pending[article_id] += 1


def pending() -> dict[int, int]:
    with _lock:
        return dict(_pending)


def flush() -> int:
    """Write the pending counts; returns how many views were written."""
    global _last_flush
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    # One UPDATE per distinct increment: most articles got one view since the last flush.
    by_increment: dict[int, list[int]] = {}
    for article_id, views in batch.items():
        by_increment.setdefault(views, []).append(article_id)
    for views, ids in by_increment.items():
        for start in range(0, len(ids), 500):
            Article.objects.filter(pk__in=ids[start : start + 500]).update(view_count=F("view_count") + views)
    return sum(batch.values())


def flush_if_due(**_kwargs: Any) -> None:
    if _pending and time.monotonic() - _last_flush >= FLUSH_SECONDS:
        flush()


def connect() -> None:
    request_finished.connect(flush_if_due, dispatch_uid="helpcenter-view-counts")


def discard_pending() -> None:
    """Forget unwritten views (a test's views must not land in the next test's database)."""
    with _lock:
        _pending.clear()
