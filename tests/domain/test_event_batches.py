"""Events published together reach batch subscribers in one call, and everyone else one by one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction

from yanit.core import events
from yanit.core.events import Event, publish_many_on_commit, publish_on_commit, subscribe, subscribe_batch


@dataclass(frozen=True)
class Ping(Event):
    n: int


@dataclass(frozen=True)
class LoudPing(Ping):
    pass


@dataclass(frozen=True)
class Pong(Event):
    n: int


calls: list[tuple[str, object]] = []


def one(event: Ping) -> None:
    calls.append(("one", event.n))


def many(batch: list[Ping]) -> None:
    calls.append(("many", [event.n for event in batch]))


def broken(batch: list[Ping]) -> None:
    raise RuntimeError("a subscriber bug")


@pytest.fixture(autouse=True)
def _subscribers() -> Iterator[None]:
    calls.clear()
    subscribe_batch(Ping, broken)
    subscribe_batch(Ping, many)
    subscribe(Ping, one)
    yield
    events._batch_subscribers[Ping].remove(broken)
    events._batch_subscribers[Ping].remove(many)
    events._subscribers[Ping].remove(one)


@pytest.mark.django_db(transaction=True)
def test_published_together_one_call_in_order_after_commit() -> None:
    with transaction.atomic():
        publish_many_on_commit([Ping(1, 1), LoudPing(1, 2), Pong(1, 3), Ping(1, 4)])
        assert calls == []
    # The batch subscriber first (the failing one does not stop it), then each event alone;
    # a subclass counts as its base type, an unrelated type is not included.
    assert calls == [("many", [1, 2, 4]), ("one", 1), ("one", 2), ("one", 4)]


@pytest.mark.django_db(transaction=True)
def test_published_alone_a_batch_of_one_and_nothing_on_rollback() -> None:
    with transaction.atomic():
        publish_on_commit(Ping(1, 7))

    def rolled_back() -> None:
        with transaction.atomic():
            publish_many_on_commit([Ping(1, 8), Ping(1, 9)])
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        rolled_back()
    assert calls == [("many", [7]), ("one", 7)]
