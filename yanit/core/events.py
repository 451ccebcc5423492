"""In-process event bus. Events are published after the surrounding transaction commits.

Subscribers are registered explicitly from each app's ``ready()``; a rolled-back transaction
never reaches a websocket, a rule or a webhook. Events are small frozen dataclasses of ids.
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

_subscribers: dict[type[Event], list[Subscriber]] = defaultdict(list)


def subscribe[E: Event](event_type: type[E], handler: Callable[[E], None]) -> None:
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def publish_on_commit(event: Event) -> None:
    """Deliver ``event`` to its subscribers once the current transaction commits."""
    transaction.on_commit(lambda: dispatch(event), robust=True)


def dispatch(event: Event) -> None:
    for event_type in type(event).__mro__:
        for handler in _subscribers.get(event_type, []):
            try:
                handler(event)
            except Exception:
                # One failing subscriber must not keep the others from seeing the event.
                logger.exception("subscriber %r failed for %r", handler, event)
