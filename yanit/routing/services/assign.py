"""Automatic assignment: which policy governs a conversation, and which agent gets it.

Concurrency: every automatic assignment locks the conversation, its policy row and the
candidate agents' rows (``select_for_update``, agents in id order so two transactions never
wait on each other in a circle) before counting open conversations. Two messages arriving at
the same moment are therefore counted one after the other and never push an agent over
capacity. On SQLite, ``transaction_mode = IMMEDIATE`` makes every transaction take the write
lock at BEGIN, which serialises the same section.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from yanit.accounts.models import Agent
from yanit.conversations.events import ConversationUpdated
from yanit.conversations.models import Activity, Conversation
from yanit.core.events import publish_on_commit
from yanit.routing.events import ConversationAutoAssigned
from yanit.routing.models import AgentCapacity, AssignmentPolicy

logger = logging.getLogger(__name__)

REASON_ROUND_ROBIN = "round_robin"
REASON_LEAST_BUSY = "least_busy"
REASON_STICKY = "sticky"
# Conversations that occupy a seat of an agent's capacity.
OCCUPYING = (Conversation.Status.OPEN,)


def policy_for(conversation: Conversation) -> AssignmentPolicy | None:
    """The inbox's policy if it has one, else the team's (conversation's team, else the inbox's)."""
    policy = AssignmentPolicy.objects.filter(inbox_id=conversation.inbox_id).first()
    if policy is not None:
        return policy
    team_id = conversation.team_id
    if team_id is None:
        team_id = conversation.inbox.team_id
    if team_id is None:
        return None
    return AssignmentPolicy.objects.filter(team_id=team_id).first()


def policy_members(policy: AssignmentPolicy) -> QuerySet[Agent]:
    """Active agents a policy may pick from: the team's members, or for an inbox policy the
    inbox's team (every agent of the workspace when the inbox has no team)."""
    agents = Agent.objects.filter(workspace_id=policy.workspace_id, is_active=True)
    team_id = policy.team_id
    if team_id is None and policy.inbox_id is not None:
        team_id = policy.inbox.team_id
    if team_id is not None:
        agents = agents.filter(teams__id=team_id)
    return agents


def open_counts(agent_ids: list[int]) -> dict[int, int]:
    rows = (
        Conversation.objects.filter(assignee_id__in=agent_ids, status__in=OCCUPYING)
        .values("assignee_id")
        .annotate(n=Count("id"))
    )
    counts = {agent_id: 0 for agent_id in agent_ids}
    counts.update({row["assignee_id"]: row["n"] for row in rows})
    return counts


def capacities(policy: AssignmentPolicy, agent_ids: list[int]) -> dict[int, int]:
    caps = {agent_id: policy.capacity for agent_id in agent_ids}
    caps.update(
        dict(AgentCapacity.objects.filter(agent_id__in=agent_ids).values_list("agent_id", "max_open"))
    )
    return caps


def _next_in_rotation(candidates: list[Agent], last_agent_id: int | None) -> Agent:
    """The first candidate after the pointer in id order, wrapping around."""
    ordered = sorted(candidates, key=lambda a: a.pk)
    if last_agent_id is not None:
        for agent in ordered:
            if agent.pk > last_agent_id:
                return agent
    return ordered[0]


def _sticky_agent(
    policy: AssignmentPolicy, conversation: Conversation, candidates: list[Agent]
) -> Agent | None:
    if not policy.sticky_days:
        return None
    since = timezone.now() - timedelta(days=policy.sticky_days)
    previous = (
        Conversation.objects.filter(
            workspace_id=conversation.workspace_id,
            contact_id=conversation.contact_id,
            assignee__isnull=False,
            last_activity_at__gte=since,
        )
        .exclude(pk=conversation.pk)
        .order_by("-last_activity_at", "-pk")
        .values_list("assignee_id", flat=True)
        .first()
    )
    return next((a for a in candidates if a.pk == previous), None)


def do_auto_assign(conversation: Conversation, *, actor_kind: str = "system") -> Agent | None:
    """Assign ``conversation`` by its policy. Returns the agent, or None when it stays unassigned
    (manual policy, already assigned, not open, or every online agent is at capacity: it then
    waits in the queue and is picked up when a seat frees)."""
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("inbox")
            .get(pk=conversation.pk)
        )
        if conversation.assignee_id is not None or conversation.status != Conversation.Status.OPEN:
            return None
        found = policy_for(conversation)
        if found is None or not found.is_automatic:
            return None
        policy = (
            AssignmentPolicy.objects.select_for_update(of=("self",)).select_related("inbox").get(pk=found.pk)
        )
        member_ids = list(policy_members(policy).order_by("pk").values_list("pk", flat=True))
        agents = list(
            Agent.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk__in=member_ids, is_active=True, availability=Agent.Availability.ONLINE)
            .order_by("pk")
        )
        if not agents:
            return None
        ids = [a.pk for a in agents]
        counts = open_counts(ids)
        caps = capacities(policy, ids)
        candidates = [a for a in agents if counts[a.pk] < caps[a.pk]]
        if not candidates:
            return None

        agent = _sticky_agent(policy, conversation, candidates)
        reason = REASON_STICKY
        if agent is None and policy.mode == AssignmentPolicy.Mode.ROUND_ROBIN:
            agent = _next_in_rotation(candidates, policy.last_agent_id)
            reason = REASON_ROUND_ROBIN
        elif agent is None:
            fewest = min(counts[a.pk] for a in candidates)
            # Ties go round the rotation too, so equally idle agents take turns.
            agent = _next_in_rotation([a for a in candidates if counts[a.pk] == fewest], policy.last_agent_id)
            reason = REASON_LEAST_BUSY
        if reason != REASON_STICKY:
            policy.last_agent = agent
            policy.save(update_fields=["last_agent", "updated_at"])

        now = timezone.now()
        conversation.assignee = agent
        conversation.save(update_fields=["assignee", "updated_at"])
        Activity.objects.create(
            workspace_id=conversation.workspace_id,
            conversation=conversation,
            actor=None,
            actor_kind=actor_kind,
            verb=Activity.Verb.ASSIGNED,
            data={"from": None, "to": agent.name, "to_id": agent.pk, "reason": reason},
            created_at=now,
        )
        publish_on_commit(
            ConversationUpdated(
                workspace_id=conversation.workspace_id, conversation_id=conversation.pk, changed=("assignee",)
            )
        )
        publish_on_commit(
            ConversationAutoAssigned(
                workspace_id=conversation.workspace_id,
                conversation_id=conversation.pk,
                agent_id=agent.pk,
                reason=reason,
            )
        )
    return agent
