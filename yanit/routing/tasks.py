"""Routing jobs: re-route after an offline grace period, wake snoozed conversations."""

from __future__ import annotations

from django.tasks import task

from yanit.accounts.models import Agent
from yanit.routing.models import AssignmentPolicy, OfflineReroute


@task()
def reroute_after_grace(agent_id: int) -> str:
    """Idempotent: re-routes what is due, does nothing for an agent who came back online."""
    from yanit.routing.services.offline import _governed, reroute_conversations

    agent = Agent.objects.filter(pk=agent_id).first()
    if agent is None or agent.availability == Agent.Availability.ONLINE:
        OfflineReroute.objects.filter(agent_id=agent_id).delete()
        return "online again"
    moved = reroute_conversations(agent, immediate=False)
    if not any(p.offline_behaviour == AssignmentPolicy.Offline.REROUTE_AFTER for _c, p in _governed(agent)):
        OfflineReroute.objects.filter(agent_id=agent_id).delete()
    return f"rerouted {moved}"
