"""Events of the notifications domain."""

from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class NotificationCreated(Event):
    notification_id: int
    recipient_id: int


@dataclass(frozen=True)
class NotificationsRead(Event):
    """One or all of an agent's notifications were marked read (other tabs update their bell)."""

    recipient_id: int
    notification_ids: tuple[int, ...]  # empty: all of them


@dataclass(frozen=True)
class ReminderFired(Event):
    reminder_id: int
    conversation_id: int
    agent_id: int
