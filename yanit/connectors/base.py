"""What every channel adapter offers the core. The core never knows provider details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from yanit.conversations.models import Message


class TransientDeliveryError(Exception):
    """The channel may accept the message later (timeout, 5xx, rate limit): retry with backoff."""


class PermanentDeliveryError(Exception):
    """The channel refused the message for good: mark it failed with this reason."""


@dataclass(frozen=True)
class SendResult:
    provider_id: str = ""
    # "sent" unless the channel already confirmed more.
    status: str = Message.Delivery.SENT


class ChannelAdapter(Protocol):
    channel: str

    def send(self, message: Message, attempt: int) -> SendResult:
        """Deliver an outbound message or raise one of the delivery errors above."""
        ...
