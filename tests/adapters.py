"""Swap a channel adapter for a test and always put the real one back (tests share a process)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from yanit.connectors import registry
from yanit.connectors.base import ChannelAdapter


@contextmanager
def swapped_adapter(channel: str, adapter: ChannelAdapter | None) -> Iterator[None]:
    before = registry._adapters.get(channel)
    if adapter is None:
        registry._adapters.pop(channel, None)
    else:
        registry._adapters[channel] = adapter
    try:
        yield
    finally:
        if before is None:
            registry._adapters.pop(channel, None)
        else:
            registry._adapters[channel] = before
