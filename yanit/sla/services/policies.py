"""Creating, changing, ordering and deleting SLA policies. Admins only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import require_admin
from yanit.conversations.models import PRIORITY_NAMES, Tag
from yanit.core.errors import NotFound, ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.sla.events import FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION
from yanit.sla.models import SlaPolicy

METRICS = (FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION)
PRIORITIES = tuple(PRIORITY_NAMES.values())
MAX_TARGET_MINUTES = 365 * 24 * 60


@dataclass
class PolicyInput:
    name: str
    targets: dict[str, dict[str, int | None]]
    description: str = ""
    is_active: bool = True
    business_time: bool = True
    pause_when_waiting: bool = True
    warning_percent: int = 80
    inbox_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)


def check_targets(raw: Any) -> dict[str, dict[str, int]]:
    """{"urgent": {"first_response": 15, …}, …}: whole minutes, empty or 0 meaning no timer."""
    if not isinstance(raw, dict):
        raise ValidationFailed(_("Targets must map priorities to minutes."), details={"targets": "type"})
    cleaned: dict[str, dict[str, int]] = {}
    for priority, metrics in raw.items():
        if priority not in PRIORITIES:
            raise ValidationFailed(
                _("Unknown priority %(value)s.") % {"value": priority},
                details={"targets": priority, "allowed": list(PRIORITIES)},
            )
        if not isinstance(metrics, dict):
            raise ValidationFailed(
                _("Targets must map priorities to minutes."), details={"targets": priority}
            )
        row: dict[str, int] = {}
        for metric, minutes in metrics.items():
            if metric not in METRICS:
                raise ValidationFailed(
                    _("Unknown SLA metric %(value)s.") % {"value": metric},
                    details={"targets": metric, "allowed": list(METRICS)},
                )
            if minutes in (None, "", 0):
                continue
            if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes != int(minutes):
                raise ValidationFailed(
                    _("Targets are whole minutes."), details={"targets": f"{priority}.{metric}"}
                )
            if not 1 <= int(minutes) <= MAX_TARGET_MINUTES:
                raise ValidationFailed(
                    _("A target must be between 1 minute and a year."),
                    details={"targets": f"{priority}.{metric}"},
                )
            row[metric] = int(minutes)
        if row:
            cleaned[priority] = row
    if not cleaned:
        raise ValidationFailed(_("Set at least one target."), details={"targets": "empty"})
    return cleaned


def check_policy(actor: Agent, data: PolicyInput) -> tuple[PolicyInput, list[Inbox], list[Tag]]:
    name = " ".join((data.name or "").split())[:120]
    if not name:
        raise ValidationFailed(_("Give the policy a name."), details={"name": "required"})
    if not 1 <= int(data.warning_percent) <= 100:
        raise ValidationFailed(
            _("The warning threshold is a percentage between 1 and 100."),
            details={"warning_percent": "range"},
        )
    inboxes = list(Inbox.objects.filter(workspace_id=actor.workspace_id, pk__in=set(data.inbox_ids)))
    if len(inboxes) != len(set(data.inbox_ids)):
        raise NotFound(_("Inbox not found."), details={"inbox_ids": data.inbox_ids})
    tags = list(Tag.objects.filter(workspace_id=actor.workspace_id, pk__in=set(data.tag_ids)))
    if len(tags) != len(set(data.tag_ids)):
        raise NotFound(_("Tag not found."), details={"tag_ids": data.tag_ids})
    checked = PolicyInput(
        name=name,
        targets=check_targets(data.targets),  # type: ignore[arg-type]
        description=" ".join((data.description or "").split())[:300],
        is_active=bool(data.is_active),
        business_time=bool(data.business_time),
        pause_when_waiting=bool(data.pause_when_waiting),
        warning_percent=int(data.warning_percent),
    )
    return checked, inboxes, tags


def access_policy(agent: Agent, policy_id: int | str) -> SlaPolicy:
    try:
        return SlaPolicy.objects.get(workspace_id=agent.workspace_id, pk=int(policy_id))
    except (SlaPolicy.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("SLA policy not found."), details={"policy_id": policy_id}) from None


def _changed(workspace_id: int) -> None:
    from yanit.sla.tasks import recompute_sla_timers

    transaction.on_commit(lambda: recompute_sla_timers.enqueue(workspace_id))


def do_save_policy(actor: Agent, data: PolicyInput, policy: SlaPolicy | None = None) -> SlaPolicy:
    require_admin(actor)
    checked, inboxes, tags = check_policy(actor, data)
    with transaction.atomic():
        if policy is None:
            last = SlaPolicy.objects.filter(workspace_id=actor.workspace_id).aggregate(m=Max("position"))["m"]
            policy = SlaPolicy(workspace_id=actor.workspace_id, position=0 if last is None else last + 1)
        elif policy.workspace_id != actor.workspace_id:
            raise NotFound(_("SLA policy not found."))
        policy.name = checked.name
        policy.description = checked.description
        policy.targets = checked.targets
        policy.is_active = checked.is_active
        policy.business_time = checked.business_time
        policy.pause_when_waiting = checked.pause_when_waiting
        policy.warning_percent = checked.warning_percent
        policy.save()
        policy.inboxes.set(inboxes)
        policy.tags.set(tags)
        _changed(actor.workspace_id)
    return policy


def do_move_policy(actor: Agent, policy: SlaPolicy, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1): the first matching policy applies."""
    require_admin(actor)
    with transaction.atomic():
        ordered = list(SlaPolicy.objects.select_for_update().filter(workspace_id=actor.workspace_id))
        index = next((i for i, p in enumerate(ordered) if p.pk == policy.pk), None)
        if index is None:
            raise NotFound(_("SLA policy not found."))
        other = index + (1 if direction > 0 else -1)
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, row in enumerate(ordered):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        _changed(actor.workspace_id)


def do_delete_policy(actor: Agent, policy: SlaPolicy) -> None:
    require_admin(actor)
    if policy.workspace_id != actor.workspace_id:
        raise NotFound(_("SLA policy not found."))
    with transaction.atomic():
        policy.delete()
        _changed(actor.workspace_id)


def default_policy(workspace_id: int) -> SlaPolicy | None:
    """The policy that applies to a conversation nobody has tagged yet: the first active one
    without inbox or tag narrowing, else the first active one."""
    policies = list(
        SlaPolicy.objects.filter(workspace_id=workspace_id, is_active=True).prefetch_related(
            "inboxes", "tags"
        )
    )
    for policy in policies:
        if not policy.inboxes.all() and not policy.tags.all():
            return policy
    return policies[0] if policies else None
