"""Channel type → adapter. Each connector folder registers itself here."""

from __future__ import annotations

from yanit.connectors.base import ChannelAdapter

_adapters: dict[str, ChannelAdapter] = {}


def register_adapter(adapter: ChannelAdapter) -> None:
    _adapters[adapter.channel] = adapter


def adapter_for(channel: str) -> ChannelAdapter | None:
    return _adapters.get(channel)
