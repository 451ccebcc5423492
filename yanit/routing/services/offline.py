"""What happens to an agent's open conversations when they stop being online.

Per policy: keep them, unassign and re-route at once, or re-route after a grace period (an
agent whose browser reconnects within it keeps their conversations).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation
from yanit.conversations.services.update import do_update_conversation
from yanit.routing.models import AssignmentPolicy, OfflineReroute
from yanit.routing.services.assign import do_auto_assign, policy_for
from yanit.routing.services.queue import drain_queue


def after_availability_change(agent_id: int, availability: str) -> None:
    agent = Agent.objects.filter(pk=agent_id).first()
    if agent is None:
        return
    if availability == Agent.Availability.ONLINE:
        OfflineReroute.objects.filter(agent_id=agent_id).delete()
        drain_queue(agent.workspace_id)
        return
    reroute_conversations(agent, immediate=True)
    graces = sorted(
        {
            policy.offline_grace_minutes
            for _conversation, policy in _governed(agent)
            if policy.offline_behaviour == AssignmentPolicy.Offline.REROUTE_AFTER
        }
    )
    if not graces:
        return
    now = timezone.now()
    OfflineReroute.objects.update_or_create(
        agent=agent, defaults={"workspace_id": agent.workspace_id, "went_offline_at": now}
    )
    from yanit.routing.tasks import reroute_after_grace

    for minutes in graces:
        run_after = now + timedelta(minutes=minutes)
        transaction.on_commit(
            lambda run_after=run_after: reroute_after_grace.using(run_after=run_after).enqueue(agent.pk)
        )


def _governed(agent: Agent) -> list[tuple[Conversation, AssignmentPolicy]]:
    pairs = []
    conversations = (
        Conversation.objects.filter(assignee=agent, status=Conversation.Status.OPEN)
        .select_related("inbox")
        .order_by("created_at", "pk")
    )
    for conversation in conversations:
        policy = policy_for(conversation)
        if policy is not None:
            pairs.append((conversation, policy))
    return pairs


def reroute_conversations(agent: Agent, *, immediate: bool) -> int:
    """Unassign and route again the agent's open conversations whose policy says so now:
    ``immediate`` handles "re-route at once"; otherwise those whose grace period has passed."""
    now = timezone.now()
    went_offline_at = None
    if not immediate:
        record = OfflineReroute.objects.filter(agent=agent).first()
        if record is None:
            return 0
        went_offline_at = record.went_offline_at
    moved = 0
    for conversation, policy in _governed(agent):
        if immediate:
            if policy.offline_behaviour != AssignmentPolicy.Offline.REROUTE:
                continue
        else:
            if policy.offline_behaviour != AssignmentPolicy.Offline.REROUTE_AFTER:
                continue
            assert went_offline_at is not None
            if went_offline_at + timedelta(minutes=policy.offline_grace_minutes) > now:
                continue
        updated = do_update_conversation(None, conversation, assignee=None, actor_kind="system")
        do_auto_assign(updated)
        moved += 1
    return moved
