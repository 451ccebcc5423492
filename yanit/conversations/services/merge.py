"""Merging two conversations of one workspace (typically one customer writing twice).

The secondary's messages (with their attachments), notes and activities move into the
primary; ``created_at`` orders the timeline, so both threads interleave in time order. Each
message keeps its inbox, so provider ids stay unique per inbox and a reply to an email of the
secondary threads into the primary. The secondary is resolved, emptied and marked
``metadata["merged_into"]`` (its page redirects to the primary).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.events import ConversationUpdated
from yanit.conversations.models import Activity, Conversation, Message
from yanit.core.errors import NotFound, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.routing.events import ConversationsMerged

SEARCH_TEXT_CHARS = 20_000


def merged_into(conversation: Conversation) -> int | None:
    value = (conversation.metadata or {}).get("merged_into")
    return int(value) if value else None


def do_merge_conversations(
    actor: Agent | None,
    secondary: Conversation,
    primary: Conversation,
    *,
    actor_kind: str = "agent",
) -> Conversation:
    """Move ``secondary`` into ``primary``; returns the primary."""
    if secondary.workspace_id != primary.workspace_id:
        raise NotFound(_("Conversation not found."), details={"into": primary.pk})
    if secondary.pk == primary.pk:
        raise ValidationFailed(_("A conversation can't be merged into itself."), details={"into": primary.pk})
    with transaction.atomic():
        # Lock both in id order: two opposite merges can't deadlock, the second one fails cleanly.
        locked = {
            c.pk: c
            for c in Conversation.objects.select_for_update()
            .filter(pk__in=[secondary.pk, primary.pk])
            .order_by("pk")
        }
        secondary, primary = locked[secondary.pk], locked[primary.pk]
        for conversation in (secondary, primary):
            if merged_into(conversation):
                raise ValidationFailed(
                    _("Conversation #%(number)d was already merged into another one.")
                    % {"number": conversation.number},
                    details={"conversation_id": conversation.pk},
                )
        now = timezone.now()
        moved = Message.objects.filter(conversation=secondary).update(conversation=primary)
        Activity.objects.filter(conversation=secondary).update(conversation=primary)
        primary.tags.add(*secondary.tags.all())
        _absorb(primary, secondary, moved)
        primary.save()

        secondary.metadata = {**(secondary.metadata or {}), "merged_into": primary.pk}
        previous_status = secondary.status
        secondary.status = Conversation.Status.RESOLVED
        secondary.resolved_at = now
        secondary.snoozed_until = None
        secondary.waiting_since = None
        secondary.message_count = 0
        secondary.last_message_preview = ""
        secondary.save()

        def activity(conversation: Conversation, data: dict[str, Any]) -> Activity:
            return Activity(
                workspace_id=conversation.workspace_id,
                conversation=conversation,
                actor=actor,
                actor_kind=actor_kind,
                verb=Activity.Verb.MERGED,
                data=data,
                created_at=now,
            )

        Activity.objects.bulk_create(
            [
                activity(primary, {"from": secondary.number, "from_id": secondary.pk, "messages": moved}),
                activity(
                    secondary, {"into": primary.number, "into_id": primary.pk, "status": previous_status}
                ),
            ]
        )
        publish_on_commit(
            ConversationUpdated(
                workspace_id=primary.workspace_id, conversation_id=primary.pk, changed=("merged", "tags")
            )
        )
        publish_on_commit(
            ConversationUpdated(
                workspace_id=secondary.workspace_id,
                conversation_id=secondary.pk,
                changed=("merged", "status"),
            )
        )
        publish_on_commit(
            ConversationsMerged(
                workspace_id=primary.workspace_id, primary_id=primary.pk, secondary_id=secondary.pk
            )
        )
    return primary


def _absorb(primary: Conversation, secondary: Conversation, moved: int) -> None:
    """Recompute the primary's list fields from the merged thread."""
    primary.message_count += moved
    last = (
        Message.objects.filter(conversation=primary, kind__in=[Message.Kind.MESSAGE, Message.Kind.AUTOMATED])
        .order_by("-created_at", "-id")
        .first()
    )
    if last is not None:
        primary.last_message_preview = (last.text or "")[:200]
    primary.last_activity_at = max(primary.last_activity_at, secondary.last_activity_at)
    waits = [w for w in (primary.waiting_since, secondary.waiting_since) if w is not None]
    primary.waiting_since = min(waits) if waits and primary.status == Conversation.Status.OPEN else None
    firsts = [f for f in (primary.first_response_at, secondary.first_response_at) if f is not None]
    primary.first_response_at = min(firsts) if firsts else None
    extra = secondary.search_text.split("\n", 1)[1] if "\n" in secondary.search_text else ""
    if extra:
        primary.search_text = (primary.search_text + " " + extra)[:SEARCH_TEXT_CHARS]
