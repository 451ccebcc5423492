"""The waiting queue: open, unassigned conversations under an automatic policy.

There is no queue table: a conversation waits while it is open and unassigned, oldest first.
Whenever a seat may have freed (a conversation resolved, pending or snoozed, unassigned, an
agent came online, a capacity raised) the workspace's queue is drained.
"""

from __future__ import annotations

from django.db.models import Q

from yanit.conversations.models import Conversation
from yanit.routing.models import AssignmentPolicy
from yanit.routing.services.assign import do_auto_assign

# One drain assigns at most this many conversations; the next freed seat drains again.
DRAIN_LIMIT = 200


def assign_new(conversation_id: int) -> None:
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is not None:
        do_auto_assign(conversation)


def after_update(conversation_id: int, changed: tuple[str, ...]) -> None:
    if "status" not in changed and "assignee" not in changed and "team" not in changed:
        return
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return
    if conversation.status == Conversation.Status.OPEN and conversation.assignee_id is None:
        # Reopened, unassigned or moved to another team: route it like a new one.
        do_auto_assign(conversation)
    if conversation.status != Conversation.Status.OPEN or conversation.assignee_id is None:
        drain_queue(conversation.workspace_id)


def waiting_conversations(workspace_id: int) -> list[Conversation]:
    """Open unassigned conversations whose inbox or team has an automatic policy, oldest first."""
    automatic = AssignmentPolicy.objects.filter(workspace_id=workspace_id).exclude(
        mode=AssignmentPolicy.Mode.MANUAL
    )
    inbox_ids = list(automatic.filter(inbox__isnull=False).values_list("inbox_id", flat=True))
    team_ids = list(automatic.filter(team__isnull=False).values_list("team_id", flat=True))
    if not inbox_ids and not team_ids:
        return []
    return list(
        Conversation.objects.filter(
            workspace_id=workspace_id, status=Conversation.Status.OPEN, assignee__isnull=True
        )
        .filter(Q(inbox_id__in=inbox_ids) | Q(team_id__in=team_ids) | Q(inbox__team_id__in=team_ids))
        .order_by("created_at", "pk")[:DRAIN_LIMIT]
    )


def drain_queue(workspace_id: int) -> int:
    """Assign waiting conversations while seats are free. Returns how many were assigned."""
    assigned = 0
    for conversation in waiting_conversations(workspace_id):
        if do_auto_assign(conversation) is not None:
            assigned += 1
    return assigned
