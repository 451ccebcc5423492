"""Settings: the workspace itself, its agents and its teams."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import (
    access_agent_for,
    access_team_for,
    do_save_team,
    do_update_agent,
    do_update_workspace,
    pending_invitations,
)
from yanit.backoffice.forms import RoleForm, TeamForm, WorkspaceForm
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.backoffice.views.invitations import invite_form
from yanit.web.access import admin_required, agent_required


@agent_required
def settings_home(request: HttpRequest) -> HttpResponse:
    target = "backoffice:workspace" if acting_agent(request).is_admin else "backoffice:profile"
    return redirect(target)


@admin_required
@domain_errors
def workspace_settings(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    workspace = actor.workspace
    form = WorkspaceForm(
        request.POST or None,
        initial={"name": workspace.name, "time_zone": workspace.time_zone, "language": workspace.language},
    )
    if request.method == "POST" and form.is_valid():
        do_update_workspace(actor, **form.cleaned_data)
        messages.success(request, _("Workspace settings saved."))
        return redirect("backoffice:workspace")
    status = 422 if form.is_bound else 200
    return render(
        request, "backoffice/settings/workspace.html", {"form": form, "section": "workspace"}, status=status
    )


@admin_required
def agent_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    agents = (
        Agent.objects.filter(workspace_id=actor.workspace_id)
        .select_related("user")
        .order_by("-is_active", "user__name")
    )
    return render(
        request,
        "backoffice/settings/agents.html",
        {
            "section": "agents",
            "agents": agents,
            "role_choices": RoleForm(actor=actor).fields["role"].choices,  # type: ignore[attr-defined]
            "invitations": pending_invitations(actor.workspace_id),
            "invite_form": invite_form(actor),
        },
    )


@require_POST
@admin_required
@domain_errors
def agent_update(request: HttpRequest, agent_id: int) -> HttpResponse:
    actor = acting_agent(request)
    agent = access_agent_for(actor, agent_id)
    action = request.POST.get("action", "")
    if action == "role":
        form = RoleForm(request.POST, actor=actor)
        if not form.is_valid():
            messages.error(request, _("Choose one of the listed roles."))
            return redirect("backoffice:agents")
        do_update_agent(actor, agent, role=form.cleaned_data["role"])
        messages.success(
            request, _("%(name)s is now %(role)s.") % {"name": agent.name, "role": agent.get_role_display()}
        )
    elif action in ("deactivate", "activate"):
        do_update_agent(actor, agent, is_active=action == "activate")
        if action == "activate":
            messages.success(
                request, _("%(name)s can sign in to this workspace again.") % {"name": agent.name}
            )
        else:
            messages.success(
                request, _("%(name)s no longer has access to this workspace.") % {"name": agent.name}
            )
    else:
        messages.error(request, _("Unknown action."))
    return redirect("backoffice:agents")


@admin_required
@domain_errors
def team_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = TeamForm(request.POST or None, workspace_id=actor.workspace_id)
    if request.method == "POST" and form.is_valid():
        team = do_save_team(
            actor,
            form.cleaned_data["name"],
            form.cleaned_data["description"],
            [member.pk for member in form.cleaned_data["members"]],
        )
        messages.success(request, _("Team %(name)s created.") % {"name": team.name})
        return redirect("backoffice:teams")
    teams = actor.workspace.teams.prefetch_related("members__user").all()
    return render(
        request,
        "backoffice/settings/teams.html",
        {"section": "teams", "teams": teams, "form": form},
        status=422 if form.is_bound else 200,
    )


@admin_required
@domain_errors
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    actor = acting_agent(request)
    team = access_team_for(actor, team_id)
    initial = {"name": team.name, "description": team.description, "members": list(team.members.all())}
    form = TeamForm(request.POST or None, initial=initial, workspace_id=actor.workspace_id)
    if request.method == "POST" and form.is_valid():
        do_save_team(
            actor,
            form.cleaned_data["name"],
            form.cleaned_data["description"],
            [member.pk for member in form.cleaned_data["members"]],
            team=team,
        )
        messages.success(request, _("Team %(name)s saved.") % {"name": team.name})
        return redirect("backoffice:teams")
    return render(
        request,
        "backoffice/settings/team_edit.html",
        {"section": "teams", "team": team, "form": form},
        status=422 if form.is_bound else 200,
    )
