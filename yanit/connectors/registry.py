"""Channel type → adapter. Each connector folder registers itself here."""

from __future__ import annotations

from yanit.connectors.base import ChannelAdapter
from yanit.inboxes.models import Inbox

_adapters: dict[str, ChannelAdapter] = {}


def register_adapter(adapter: ChannelAdapter) -> None:
    _adapters[adapter.channel] = adapter


def adapter_for(channel: str) -> ChannelAdapter | None:
    return _adapters.get(channel)


def can_send(channel: str, inbox: Inbox) -> bool:
    """Whether ``channel`` could deliver a message of ``inbox`` now: registered, and (when the
    adapter says so) configured for it — e.g. email needs an email inbox with SMTP settings."""
    adapter = _adapters.get(channel)
    if adapter is None:
        return False
    check = getattr(adapter, "can_send_for", None)
    return bool(check(inbox)) if check is not None else True
