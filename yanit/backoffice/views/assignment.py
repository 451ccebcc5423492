"""Settings → Assignment: policies per team and per inbox, and agents' own capacities."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yanit.accounts.models import Agent, Team
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.core.errors import NotFound
from yanit.inboxes.models import Inbox
from yanit.routing.models import AgentCapacity, AssignmentPolicy
from yanit.routing.services.policies import do_save_policy, do_set_capacities, policy_of
from yanit.web.access import admin_required


class PolicyForm(forms.ModelForm):
    class Meta:
        model = AssignmentPolicy
        fields = ["mode", "capacity", "sticky_days", "offline_behaviour", "offline_grace_minutes"]


class CapacityField(forms.IntegerField):
    def __init__(self) -> None:
        super().__init__(
            required=False,
            min_value=0,
            max_value=500,
            label=gettext_lazy("own capacity"),
            widget=forms.NumberInput(
                attrs={"placeholder": gettext_lazy("policy default"), "style": "width: 11em"}
            ),
        )


def _target(actor: Agent, kind: str, pk: int) -> Team | Inbox:
    if kind not in ("team", "inbox"):
        raise NotFound(_("Not found."))
    model = Team if kind == "team" else Inbox
    found = model.objects.filter(workspace_id=actor.workspace_id, pk=pk).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


@admin_required
@domain_errors
def assignment_settings(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    agents = list(
        Agent.objects.filter(workspace_id=actor.workspace_id, is_active=True).select_related("user")
    )
    own = dict(AgentCapacity.objects.filter(agent__in=agents).values_list("agent_id", "max_open"))
    capacity_form = forms.Form(request.POST or None)
    for agent in agents:
        capacity_form.fields[f"agent_{agent.pk}"] = CapacityField()
        capacity_form.initial[f"agent_{agent.pk}"] = own.get(agent.pk)
    if request.method == "POST" and capacity_form.is_valid():
        do_set_capacities(
            actor, {agent.pk: capacity_form.cleaned_data[f"agent_{agent.pk}"] for agent in agents}
        )
        messages.success(request, _("Capacities saved."))
        return redirect("backoffice:assignment")
    teams = list(Team.objects.filter(workspace_id=actor.workspace_id))
    inboxes = list(Inbox.objects.filter(workspace_id=actor.workspace_id))
    rows = [("team", t, policy_of(t)) for t in teams] + [("inbox", i, policy_of(i)) for i in inboxes]
    return render(
        request,
        "backoffice/routing/assignment.html",
        {
            "section": "assignment",
            "rows": rows,
            "capacity_rows": [(agent, capacity_form[f"agent_{agent.pk}"]) for agent in agents],
            "capacity_form": capacity_form,
        },
        status=422 if capacity_form.is_bound else 200,
    )


@admin_required
@domain_errors
def assignment_policy(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    actor = acting_agent(request)
    target = _target(actor, kind, pk)
    form = PolicyForm(request.POST or None, instance=policy_of(target))
    if request.method == "POST" and form.is_valid():
        do_save_policy(actor, target, **{name: form.cleaned_data[name] for name in PolicyForm.Meta.fields})
        messages.success(request, _("Assignment for %(name)s saved.") % {"name": target.name})
        return redirect("backoffice:assignment")
    return render(
        request,
        "backoffice/routing/policy.html",
        {"section": "assignment", "target": target, "kind": kind, "form": form},
        status=422 if form.is_bound else 200,
    )
