"""Settings: automation rules. Every agent may read them; only admins build and change them
(the services check again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yanit.automation.engine import compile_rule, dry_run
from yanit.automation.models import TIME_TRIGGERS, Rule
from yanit.automation.playbook import install_default_rules
from yanit.automation.schema import FIELDS_BY_KEY
from yanit.automation.services import (
    access_rule,
    check_rule,
    do_delete_rule,
    do_move_rule,
    do_save_rule,
    do_set_rule_enabled,
)
from yanit.backoffice.rules_form import (
    ActionRow,
    ConditionRow,
    attach_error,
    choices,
    condition_row,
    input_from_post,
    new_index,
    rows_from_post,
    rows_from_rule,
)
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.conversations.models import Conversation
from yanit.core.errors import ValidationFailed
from yanit.web.access import admin_required, agent_required


@agent_required
@domain_errors
def rule_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    rules = list(
        Rule.objects.filter(workspace_id=actor.workspace_id)
        .annotate(last_run=Max("runs__created_at"))
        .order_by("position", "id")
    )
    return render(
        request,
        "backoffice/rules/list.html",
        {"section": "rules", "rules": rules, "can_edit": actor.is_admin, "time_triggers": TIME_TRIGGERS},
    )


def _editor(
    request: HttpRequest,
    rule: Rule | None,
    form: dict[str, Any],
    conditions: list[ConditionRow],
    actions: list[ActionRow],
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    actor = acting_agent(request)
    context = {
        "section": "rules",
        "rule": rule,
        "form": form,
        "conditions": conditions,
        "actions": actions,
        "error": error,
        "time_triggers": list(TIME_TRIGGERS),
        **choices(actor.workspace_id),
    }
    return render(request, "backoffice/rules/edit.html", context, status=status)


@admin_required
@domain_errors
def rule_edit(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    actor = acting_agent(request)
    rule = access_rule(actor, rule_id) if rule_id is not None else None
    if request.method == "POST":
        conditions, actions = rows_from_post(request.POST)
        data = input_from_post(request.POST, conditions, actions)
        try:
            saved = do_save_rule(actor, data, rule)
        except ValidationFailed as exc:
            path = str((exc.details or {}).get("field", ""))
            general = attach_error(path, exc.message, conditions, actions)
            posted = {**request.POST.dict(), "enabled": data.enabled, "stop_processing": data.stop_processing}
            return _editor(
                request,
                rule,
                posted,
                conditions,
                actions,
                error=general or _("Check the marked rows."),
                status=400,
            )
        messages.success(request, _("Rule '%(name)s' saved.") % {"name": saved.name})
        return redirect("backoffice:rules")
    if rule is None:
        form: dict[str, Any] = {"trigger": "message_received", "match": "all", "enabled": True}
        conditions = [condition_row(new_index(), "message_text")]
        actions = [ActionRow(index=new_index(), type="set_priority", values={"priority": "high"})]
    else:
        form = {
            "name": rule.name,
            "description": rule.description,
            "trigger": rule.trigger,
            "trigger_value": rule.trigger_value or "",
            "match": (rule.conditions or {}).get("match", "all"),
            "enabled": rule.enabled,
            "stop_processing": rule.stop_processing,
        }
        conditions, actions = rows_from_rule(rule)
    return _editor(request, rule, form, conditions, actions)


@require_GET
@admin_required
def condition_row_partial(request: HttpRequest) -> HttpResponse:
    """One condition row, drawn again when its field or operator changes, or added new."""
    actor = acting_agent(request)
    index = request.GET.get("index") or new_index()
    if not index.isalnum():
        index = new_index()
    prefix = f"c{index}_"
    field_key = request.GET.get(prefix + "field") or request.GET.get("field") or "message_text"
    op = request.GET.get(prefix + "op", "")
    if FIELDS_BY_KEY.get(field_key) is None or FIELDS_BY_KEY[field_key].op(op) is None:
        op = ""
    row = condition_row(index, field_key, op)
    return render(
        request, "backoffice/rules/_condition_row.html", {"row": row, **choices(actor.workspace_id)}
    )


@require_GET
@admin_required
def action_row_partial(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    index = request.GET.get("index") or new_index()
    if not index.isalnum():
        index = new_index()
    kind = request.GET.get(f"a{index}_type") or "set_priority"
    row = ActionRow(index=index, type=kind)
    return render(request, "backoffice/rules/_action_row.html", {"a": row, **choices(actor.workspace_id)})


@require_POST
@admin_required
def rule_dry_run(request: HttpRequest) -> HttpResponse:
    """Which conditions the rule being edited matches on a conversation, changing nothing."""
    actor = acting_agent(request)
    conditions, actions = rows_from_post(request.POST)
    context: dict[str, Any] = {}
    number = request.POST.get("test_number", "").strip().lstrip("#")
    conversation = (
        Conversation.objects.filter(workspace_id=actor.workspace_id, number=int(number))
        .select_related("contact", "inbox")
        .first()
        if number.isdigit()
        else None
    )
    if conversation is None:
        context["error"] = _("No conversation #%(number)s.") % {"number": number or "?"}
    else:
        try:
            clean = check_rule(actor.workspace_id, input_from_post(request.POST, conditions, actions))
        except ValidationFailed as exc:
            context["error"] = exc.message
        else:
            rule = Rule(
                pk=0,
                name=clean.name,
                trigger=clean.trigger,
                conditions=clean.conditions,
                actions=clean.actions,
            )
            matched, results = dry_run(compile_rule(rule), conversation)
            context.update(
                {
                    "conversation": conversation,
                    "matched": matched,
                    "rows": [
                        (
                            FIELDS_BY_KEY[c["field"]].label,
                            (FIELDS_BY_KEY[c["field"]].op(c["op"]) or FIELDS_BY_KEY[c["field"]].ops[0]).label,
                            ok,
                        )
                        for c, ok in zip(clean.conditions["conditions"], results, strict=True)
                    ],
                    "match_any": clean.conditions["match"] == "any",
                }
            )
    return render(request, "backoffice/rules/_dry_run.html", context)


@require_POST
@admin_required
@domain_errors
def rule_toggle(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = acting_agent(request)
    rule = access_rule(actor, rule_id)
    do_set_rule_enabled(actor, rule, request.POST.get("enabled") == "1")
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "backoffice/rules/_toggle.html", {"r": rule, "can_edit": True})
    return redirect("backoffice:rules")


@require_POST
@admin_required
@domain_errors
def rule_move(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = acting_agent(request)
    do_move_rule(actor, access_rule(actor, rule_id), -1 if request.POST.get("direction") == "up" else 1)
    return redirect("backoffice:rules")


@require_POST
@admin_required
@domain_errors
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = acting_agent(request)
    rule = access_rule(actor, rule_id)
    do_delete_rule(actor, rule)
    messages.success(request, _("Rule '%(name)s' deleted.") % {"name": rule.name})
    return redirect("backoffice:rules")


@require_POST
@admin_required
@domain_errors
def playbook_install(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    installed = install_default_rules(actor.workspace)
    if installed.rules:
        messages.success(request, _("%(n)d complaint playbook rules added.") % {"n": installed.rules})
    else:
        messages.info(request, _("The complaint playbook rules are already here."))
    return redirect("backoffice:rules")
