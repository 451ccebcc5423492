from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class ContactUpdated(Event):
    contact_id: int


@dataclass(frozen=True)
class ContactsMerged(Event):
    contact_id: int
    merged_contact_id: int
    conversation_ids: tuple[int, ...]
