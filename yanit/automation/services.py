"""Creating, editing, ordering, switching and deleting rules (admins only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.automation import engine
from yanit.automation.events import RulesChanged
from yanit.automation.models import Rule
from yanit.automation.schema import check_actions, check_conditions, check_trigger
from yanit.core.errors import NotFound, PermissionDenied, ValidationFailed
from yanit.core.events import publish_on_commit


@dataclass
class RuleInput:
    name: str
    trigger: str
    conditions: Any = field(default_factory=dict)
    actions: Any = field(default_factory=list)
    trigger_value: Any = None
    description: str = ""
    enabled: bool = True
    stop_processing: bool = False


def require_admin(agent: Agent) -> None:
    if not agent.is_admin:
        raise PermissionDenied(_("Only admins can change automation rules."))


def access_rule(agent: Agent, rule_id: int | str) -> Rule:
    rule = Rule.objects.filter(workspace_id=agent.workspace_id, pk=rule_id).first()
    if rule is None:
        raise NotFound(_("Rule not found."), details={"rule_id": rule_id})
    return rule


def check_rule(workspace_id: int, data: RuleInput) -> RuleInput:
    name = " ".join((data.name or "").split())
    if not name:
        raise ValidationFailed(_("Give the rule a name."), details={"field": "name", "error": _("Required.")})
    if len(name) > 120:
        raise ValidationFailed(_("The name is too long."), details={"field": "name", "error": _("Too long.")})
    trigger, trigger_value = check_trigger(data.trigger, data.trigger_value)
    return RuleInput(
        name=name,
        trigger=trigger,
        trigger_value=trigger_value,
        conditions=check_conditions(data.conditions, workspace_id, trigger),
        actions=check_actions(data.actions, workspace_id),
        description=(data.description or "").strip()[:2000],
        enabled=bool(data.enabled),
        stop_processing=bool(data.stop_processing),
    )


def _changed(workspace_id: int) -> None:
    engine.invalidate(workspace_id)
    publish_on_commit(RulesChanged(workspace_id=workspace_id))


def do_save_rule(actor: Agent, data: RuleInput, rule: Rule | None = None) -> Rule:
    require_admin(actor)
    clean = check_rule(actor.workspace_id, data)
    with transaction.atomic():
        if rule is None:
            last = Rule.objects.filter(workspace_id=actor.workspace_id).order_by("-position").first()
            rule = Rule(
                workspace_id=actor.workspace_id, created_by=actor, position=(last.position + 1) if last else 0
            )
        elif rule.workspace_id != actor.workspace_id:
            raise NotFound(_("Rule not found."))
        rule.name = clean.name
        rule.description = clean.description
        rule.trigger = clean.trigger
        rule.trigger_value = clean.trigger_value
        rule.conditions = clean.conditions
        rule.actions = clean.actions
        rule.enabled = clean.enabled
        rule.stop_processing = clean.stop_processing
        rule.updated_by = actor
        rule.save()
        _changed(actor.workspace_id)
    return rule


def do_set_rule_enabled(actor: Agent, rule: Rule, enabled: bool) -> Rule:
    require_admin(actor)
    Rule.objects.filter(pk=rule.pk, workspace_id=actor.workspace_id).update(enabled=enabled, updated_by=actor)
    rule.enabled = enabled
    _changed(actor.workspace_id)
    return rule


def do_move_rule(actor: Agent, rule: Rule, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1)."""
    require_admin(actor)
    with transaction.atomic():
        ordered = list(
            Rule.objects.select_for_update()
            .filter(workspace_id=actor.workspace_id)
            .order_by("position", "id")
        )
        index = next(i for i, r in enumerate(ordered) if r.pk == rule.pk)
        target = index + (1 if direction > 0 else -1)
        if not 0 <= target < len(ordered):
            return
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, row in enumerate(ordered):
            if row.position != position:
                Rule.objects.filter(pk=row.pk).update(position=position)
        _changed(actor.workspace_id)


def do_reorder_rules(actor: Agent, rule_ids: list[int]) -> None:
    """Put the rules in the given order (drag and drop); rules not named keep their place after."""
    require_admin(actor)
    with transaction.atomic():
        ordered = list(
            Rule.objects.select_for_update()
            .filter(workspace_id=actor.workspace_id)
            .order_by("position", "id")
        )
        by_id = {r.pk: r for r in ordered}
        wanted = [by_id[i] for i in rule_ids if i in by_id]
        rest = [r for r in ordered if r not in wanted]
        for position, row in enumerate(wanted + rest):
            Rule.objects.filter(pk=row.pk).update(position=position)
        _changed(actor.workspace_id)


def do_delete_rule(actor: Agent, rule: Rule) -> None:
    require_admin(actor)
    Rule.objects.filter(pk=rule.pk, workspace_id=actor.workspace_id).delete()
    Rule.objects.filter(workspace_id=actor.workspace_id, position__gt=rule.position).update(
        position=F("position") - 1
    )
    _changed(actor.workspace_id)
