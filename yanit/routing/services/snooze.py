"""Waking snoozed conversations whose time came.

A wake-up job is queued for each snooze's time (see subscribers); each run wakes every
conversation that is due, so a missed or duplicated job changes nothing: idempotent.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yanit.conversations.events import ConversationUpdated
from yanit.conversations.models import Activity, Conversation
from yanit.core.events import publish_on_commit
from yanit.routing.events import ConversationWoke

BATCH = 500


def due_snoozed_ids(limit: int = BATCH) -> list[int]:
    return list(
        Conversation.objects.filter(status=Conversation.Status.SNOOZED, snoozed_until__lte=timezone.now())
        .order_by("snoozed_until", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def wake_conversation(conversation_id: int) -> bool:
    """Open one snoozed conversation if its time came. False when someone got there first."""
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update()
            .filter(pk=conversation_id, status=Conversation.Status.SNOOZED, snoozed_until__lte=timezone.now())
            .first()
        )
        if conversation is None:
            return False
        now = timezone.now()
        conversation.status = Conversation.Status.OPEN
        conversation.snoozed_until = None
        conversation.save(update_fields=["status", "snoozed_until", "updated_at"])
        Activity.objects.create(
            workspace_id=conversation.workspace_id,
            conversation=conversation,
            actor=None,
            actor_kind="system",
            verb=Activity.Verb.STATUS,
            data={
                "from": Conversation.Status.SNOOZED,
                "to": Conversation.Status.OPEN,
                "reason": "snooze_ended",
            },
            created_at=now,
        )
        publish_on_commit(
            ConversationUpdated(
                workspace_id=conversation.workspace_id, conversation_id=conversation.pk, changed=("status",)
            )
        )
        publish_on_commit(
            ConversationWoke(
                workspace_id=conversation.workspace_id,
                conversation_id=conversation.pk,
                assignee_id=conversation.assignee_id,
            )
        )
    return True


def wake_due_conversations() -> int:
    woke = 0
    while ids := due_snoozed_ids():
        woke += sum(wake_conversation(pk) for pk in ids)
        if len(ids) < BATCH:
            break
    return woke
