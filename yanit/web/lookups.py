"""Small reads the agent pages need beside the inbox queries: the rail's teams and inboxes with
their counts, the pickers' agents and tags, and the contact search of the merge dialog.

Every function is scoped to the asking agent's workspace.
"""

from __future__ import annotations

from yanit.accounts.models import Agent, Team
from yanit.contacts.models import Contact
from yanit.contacts.queries import matching_contacts
from yanit.conversations.models import Conversation, Tag
from yanit.core.text import search_terms
from yanit.inboxes.models import Inbox


def teams_with_counts(agent: Agent, by_team: dict[int, int]) -> list[Team]:
    """Teams of the workspace, each with ``n`` = its conversations (from ``counts().by_team``)."""
    teams = list(Team.objects.filter(workspace_id=agent.workspace_id).order_by("name"))
    for team in teams:
        team.n = by_team.get(team.pk, 0)  # type: ignore[attr-defined]
    return teams


def inboxes_with_counts(agent: Agent, by_inbox: dict[int, int]) -> list[Inbox]:
    inboxes = list(Inbox.objects.filter(workspace_id=agent.workspace_id).order_by("name"))
    for inbox in inboxes:
        inbox.n = by_inbox.get(inbox.pk, 0)  # type: ignore[attr-defined]
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
