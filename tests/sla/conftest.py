from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from yanit.sla import schedules


class FrozenClock:
    """``timezone.now()`` for every module, moved by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now

    def set(self, at: datetime) -> datetime:
        self.now = at.astimezone(UTC)
        return self.now


@pytest.fixture
def clock() -> Iterator[FrozenClock]:
    frozen = FrozenClock(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))  # Monday 10:00 in Istanbul
    with mock.patch("django.utils.timezone.now", side_effect=lambda: frozen.now):
        yield frozen


@pytest.fixture(autouse=True)
def _fresh_schedule_cache() -> Iterator[None]:
    schedules._cache.clear()
    yield
    schedules._cache.clear()
