from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from yanit.core import events
from yanit.kb.events import KbChanged


class KbEventLog:
    """The knowledge base events delivered so far. Reading it first runs the on-commit
    callbacks waiting in the test's transaction, as a real commit would."""

    def __init__(self) -> None:
        self.seen: list[KbChanged] = []

    def _drained(self) -> list[KbChanged]:
        while connection.run_on_commit:
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, callback, _robust in pending:
                callback()
        return self.seen

    def __iter__(self) -> Iterator[KbChanged]:
        return iter(self._drained())

    def __len__(self) -> int:
        return len(self._drained())

    def __getitem__(self, index: int) -> KbChanged:
        return self._drained()[index]

    def __eq__(self, other: object) -> bool:
        return self._drained() == other

    __hash__ = None  # type: ignore[assignment]


@pytest.fixture
def kb_events(db: None) -> Iterator[KbEventLog]:
    log = KbEventLog()
    events.subscribe(KbChanged, log.seen.append)
    try:
        yield log
    finally:
        events._subscribers[KbChanged].remove(log.seen.append)
