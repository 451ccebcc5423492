"""The agent inserting or dismissing a suggested reply."""

from __future__ import annotations

from django.utils import timezone

from yanit.accounts.models import Agent
from yanit.automation.models import ReplySuggestion
from yanit.core.errors import NotFound


def access_suggestion(agent: Agent, suggestion_id: int) -> ReplySuggestion:
    suggestion = (
        ReplySuggestion.objects.filter(workspace_id=agent.workspace_id, pk=suggestion_id)
        .select_related("canned", "conversation")
        .first()
    )
    if suggestion is None:
        raise NotFound("suggestion not found")
    return suggestion


def do_handle_suggestion(agent: Agent, suggestion: ReplySuggestion, *, used: bool) -> None:
    """Hide the suggestion; when the agent inserted it, count one use of the canned response."""
    from yanit.replies.services.canned import do_record_canned_use

    updated = ReplySuggestion.objects.filter(pk=suggestion.pk, handled_at__isnull=True).update(
        handled_at=timezone.now()
    )
    if updated and used:
        do_record_canned_use(suggestion.canned, suggestion.conversation, agent)
