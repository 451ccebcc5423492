"""Rendered help center pages kept in memory for a short while.

A page is stored with the knowledge base version (``yanit.kb.index_state``, bumped by every
article, category and synonym change) and the help center settings' ``updated_at``; a request
whose current values differ renders afresh, so an edit or an unpublished article shows at once.
What changes without either — opening hours ("we are open now"), view counts in "popular" and
related lists — may lag by at most ``TTL_SECONDS``. Each process has its own cache; the
help center settings row and the version are still read on every request, which also keeps
an unpublished help center 404 immediately.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

TTL_SECONDS = 60.0
MAX_PAGES = 2000


@dataclass(frozen=True)
class CachedPage:
    stamp: Any
    expires: float
    html: str
    article_id: int | None
    last_modified: datetime | None


_lock = threading.Lock()
_pages: OrderedDict[tuple[Any, ...], CachedPage] = OrderedDict()


def get(key: tuple[Any, ...], stamp: Any) -> CachedPage | None:
    with _lock:
        page = _pages.get(key)
        if page is None:
            return None
        if page.stamp != stamp or page.expires < time.monotonic():
            del _pages[key]
            return None
        _pages.move_to_end(key)
        return page


def put(
    key: tuple[Any, ...],
    stamp: Any,
    html: str,
    *,
    article_id: int | None = None,
    last_modified: datetime | None = None,
) -> None:
    page = CachedPage(stamp, time.monotonic() + TTL_SECONDS, html, article_id, last_modified)
    with _lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)


def clear() -> None:
    with _lock:
        _pages.clear()
