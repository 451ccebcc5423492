"""The knowledge base's change counter: every write service bumps it after its change, and the
search index of each process compares it before answering, so edits show up everywhere at once."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from yanit.kb.models import KbIndexState


def bump(workspace_id: int) -> None:
    """Mark the workspace's knowledge base as changed (call inside the writing transaction)."""
    with transaction.atomic():
        updated = KbIndexState.objects.filter(workspace_id=workspace_id).update(version=F("version") + 1)
        if not updated:
            KbIndexState.objects.get_or_create(workspace_id=workspace_id, defaults={"version": 1})


def current(workspace_id: int) -> int:
    """The workspace's knowledge base version; 0 before its first change."""
    version = KbIndexState.objects.filter(workspace_id=workspace_id).values_list("version", flat=True).first()
    return version or 0
