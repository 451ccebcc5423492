"""Saving assignment policies and agent capacities (admins only)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Team
from yanit.accounts.services.workspaces import require_admin
from yanit.core.errors import NotFound, ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.routing.models import AgentCapacity, AssignmentPolicy
from yanit.routing.services.queue import drain_queue


def policy_of(target: Team | Inbox) -> AssignmentPolicy:
    """The stored policy, or an unsaved manual one with the defaults."""
    if isinstance(target, Team):
        found = AssignmentPolicy.objects.filter(team=target).first()
        return found or AssignmentPolicy(workspace_id=target.workspace_id, team=target)
    found = AssignmentPolicy.objects.filter(inbox=target).first()
    return found or AssignmentPolicy(workspace_id=target.workspace_id, inbox=target)


def do_save_policy(
    actor: Agent,
    target: Team | Inbox,
    *,
    mode: str,
    capacity: int,
    sticky_days: int,
    offline_behaviour: str,
    offline_grace_minutes: int,
) -> AssignmentPolicy:
    require_admin(actor)
    if target.workspace_id != actor.workspace_id:
        raise NotFound(_("Not found."))
    if mode not in AssignmentPolicy.Mode.values or offline_behaviour not in AssignmentPolicy.Offline.values:
        raise ValidationFailed(_("Choose an entry from the list."))
    if not 1 <= capacity <= 500 or not 0 <= sticky_days <= 365 or not 1 <= offline_grace_minutes <= 1440:
        raise ValidationFailed(_("A number is out of range."))
    with transaction.atomic():
        policy = policy_of(target)
        policy.mode = mode
        policy.capacity = capacity
        policy.sticky_days = sticky_days
        policy.offline_behaviour = offline_behaviour
        policy.offline_grace_minutes = offline_grace_minutes
        policy.save()
    # A new automatic policy or a raised capacity may serve conversations already waiting.
    drain_queue(actor.workspace_id)
    return policy


def do_set_capacities(actor: Agent, capacities: dict[int, int | None]) -> None:
    """Per agent id: own limit of open conversations, or None for the policies' default."""
    require_admin(actor)
    agents = set(
        Agent.objects.filter(workspace_id=actor.workspace_id, pk__in=list(capacities)).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        for agent_id, value in capacities.items():
            if agent_id not in agents:
                raise NotFound(_("Agent not found."), details={"agent_id": agent_id})
            if value is None:
                AgentCapacity.objects.filter(agent_id=agent_id).delete()
                continue
            if not 0 <= value <= 500:
                raise ValidationFailed(_("A number is out of range."), details={"agent_id": agent_id})
            AgentCapacity.objects.update_or_create(
                agent_id=agent_id, defaults={"workspace_id": actor.workspace_id, "max_open": value}
            )
    drain_queue(actor.workspace_id)
