"""In-process event bus. Events are published after the surrounding transaction commits.

Subscribers are registered explicitly from each app's ``ready()``; a rolled-back transaction
never reaches a websocket, a rule or a webhook. Events are small frozen dataclasses of ids.

A job that publishes many events at once (one SLA scan writing a thousand warnings) publishes
them together with ``publish_many_on_commit``; a subscriber registered with ``subscribe_batch``
then gets them in one call and can load what they share with one query instead of a thousand.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    workspace_id: int


Subscriber = Callable[[Any], None]
BatchSubscriber = Callable[[list[Any]], None]

_subscribers: dict[type[Event], list[Subscriber]] = defaultdict(list)
_batch_subscribers: dict[type[Event], list[BatchSubscriber]] = defaultdict(list)


def subscribe[E: Event](event_type: type[E], handler: Callable[[E], None]) -> None:
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def subscribe_batch[E: Event](event_type: type[E], handler: Callable[[list[E]], None]) -> None:
    """``handler`` gets a list: every event of ``event_type`` (or a subclass) published together,
    in publishing order; a list of one for an event published alone."""
    if handler not in _batch_subscribers[event_type]:
        _batch_subscribers[event_type].append(handler)


def publish_on_commit(event: Event) -> None:
    """Deliver ``event`` to its subscribers once the current transaction commits."""
    transaction.on_commit(lambda: dispatch(event), robust=True)


def publish_many_on_commit(events: list[Event]) -> None:
    """Deliver ``events`` once the current transaction commits: batch subscribers in one call."""
    if events:
        batch = list(events)
        transaction.on_commit(lambda: dispatch_many(batch), robust=True)


def dispatch(event: Event) -> None:
    dispatch_many([event])


def dispatch_many(events: list[Event]) -> None:
    # Batch subscribers first: the websocket push is one, and agents should see a message before
    # the rules, SLA and routing subscribers have had their turn.
    for handler, batch in _batches(events):
        _call(handler, batch)
    for event in events:
        for event_type in type(event).__mro__:
            for handler in _subscribers.get(event_type, []):
                _call(handler, event)


def _batches(events: list[Event]) -> list[tuple[BatchSubscriber, list[Event]]]:
    """Each batch subscriber with the events it subscribed to, in order; one call per handler."""
    if not _batch_subscribers:
        return []
    by_handler: dict[BatchSubscriber, list[Event]] = {}
    for event in events:
        seen: set[BatchSubscriber] = set()
        for event_type in type(event).__mro__:
            for handler in _batch_subscribers.get(event_type, []):
                if handler not in seen:
                    seen.add(handler)
                    by_handler.setdefault(handler, []).append(event)
    return list(by_handler.items())


def _call(handler: Callable[[Any], None], payload: Any) -> None:
    try:
        handler(payload)
    except Exception:
        # One failing subscriber must not keep the others from seeing the event.
        logger.exception("subscriber %r failed for %r", handler, payload)
