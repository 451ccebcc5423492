"""Small reads the agent pages need beside the inbox queries: the rail's teams and inboxes with
their counts, the pickers' agents and tags, and the contact search of the merge dialog.

Every function is scoped to the asking agent's workspace.
"""

from __future__ import annotations

from django.db.models import Count

from yanit.accounts.models import Agent, Team
from yanit.contacts.models import Contact
from yanit.contacts.queries import matching_contacts
from yanit.conversations.models import Conversation, Tag
from yanit.core.text import search_terms
from yanit.inboxes.models import Inbox


def _counts_by(agent: Agent, column: str, status: str | None) -> dict[int, int]:
    """Conversations per team or inbox, grouped on the conversations table alone: a join from
    teams/inboxes would read every matching conversation row through the join."""
    rows = Conversation.objects.filter(workspace_id=agent.workspace_id)
    if status:
        rows = rows.filter(status=status)
    return {
        key: n
        for key, n in rows.filter(**{f"{column}__isnull": False})
        .values_list(column)
        .annotate(n=Count("id"))
        .order_by()
        .values_list(column, "n")
    }


def teams_with_counts(agent: Agent, status: str | None) -> list[Team]:
    """Teams of the workspace, each with ``n`` = its conversations in ``status``."""
    counts = _counts_by(agent, "team_id", status)
    teams = list(Team.objects.filter(workspace_id=agent.workspace_id).order_by("name"))
    for team in teams:
        team.n = counts.get(team.pk, 0)  # type: ignore[attr-defined]
    return teams


def inboxes_with_counts(agent: Agent, status: str | None) -> list[Inbox]:
    counts = _counts_by(agent, "inbox_id", status)
    inboxes = list(Inbox.objects.filter(workspace_id=agent.workspace_id).order_by("name"))
    for inbox in inboxes:
        inbox.n = counts.get(inbox.pk, 0)  # type: ignore[attr-defined]
    return inboxes


def workspace_agents(agent: Agent) -> list[Agent]:
    return list(
        Agent.objects.filter(workspace_id=agent.workspace_id, is_active=True)
        .select_related("user")
        .order_by("user__name")
    )


def workspace_teams(agent: Agent) -> list[Team]:
    return list(Team.objects.filter(workspace_id=agent.workspace_id).order_by("name"))


def workspace_tags(agent: Agent) -> list[Tag]:
    return list(Tag.objects.filter(workspace_id=agent.workspace_id).order_by("name"))


def conversation_tag_names(conversation: Conversation) -> list[str]:
    return sorted(conversation.tags.values_list("name", flat=True))


def search_contacts(agent: Agent, q: str, *, exclude_id: int | None = None, limit: int = 8) -> list[Contact]:
    """Contacts whose name, email or phone match every word of ``q`` (Turkish-folded)."""
    if not search_terms(q):
        return []
    qs = matching_contacts(agent, q)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return list(qs.order_by("-updated_at")[:limit])
