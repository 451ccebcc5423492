"""Inviting agents by email, and the page where an invitee joins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.accounts.models import Agent, Invitation, User
from yanit.accounts.services.workspaces import (
    access_invitation,
    access_invitation_for,
    do_accept_invitation,
    do_invite_agent,
    do_renew_invitation,
    do_revoke_invitation,
)
from yanit.backoffice.forms import InviteForm, NewAccountForm
from yanit.backoffice.mail import send_invitation_email
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.core.errors import NotFound
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY
from yanit.web.access import admin_required


def invite_form(actor: Agent, data: QueryDict | None = None) -> InviteForm:
    return InviteForm(data, actor=actor)


@require_POST
@admin_required
@domain_errors
def invite(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = invite_form(actor, request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(message) for message in error))
        return redirect("backoffice:agents")
    invitation, raw_token = do_invite_agent(actor, form.cleaned_data["email"], form.cleaned_data["role"])
    send_invitation_email(invitation, raw_token, actor.name)
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect("backoffice:agents")


@require_POST
@admin_required
@domain_errors
def resend_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    actor = acting_agent(request)
    invitation = access_invitation_for(actor, invitation_id)
    raw_token = do_renew_invitation(actor, invitation)
    send_invitation_email(invitation, raw_token, actor.name)
    messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
    return redirect("backoffice:agents")


@require_POST
@admin_required
@domain_errors
def revoke_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    actor = acting_agent(request)
    invitation = access_invitation_for(actor, invitation_id)
    do_revoke_invitation(actor, invitation)
    messages.success(request, _("Invitation for %(email)s revoked.") % {"email": invitation.email})
    return redirect("backoffice:agents")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = access_invitation(token)
    except NotFound:
        return render(request, "backoffice/auth/invitation_invalid.html", status=404)
    user = request.user if isinstance(request.user, User) else None
    if user is not None:
        return join_as_signed_in_user(request, invitation, user)
    if User.objects.filter(email=invitation.email).exists():
        # The address already has an account: joining must prove it is theirs, by signing in.
        return render(request, "backoffice/auth/invitation.html", {"invitation": invitation, "sign_in": True})
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        agent = do_accept_invitation(invitation, form.cleaned_data["name"], form.cleaned_data["password1"])
        login(request, agent.user, backend="django.contrib.auth.backends.ModelBackend")
        return enter_workspace(request, agent)
    return render(
        request,
        "backoffice/auth/invitation.html",
        {"invitation": invitation, "form": form},
        status=422 if form.is_bound else 200,
    )


def join_as_signed_in_user(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    if request.method == "POST":
        agent = do_accept_invitation(invitation, user.name, "", user=user)
        return enter_workspace(request, agent)
    return render(request, "backoffice/auth/invitation.html", {"invitation": invitation, "join_as": user})


def enter_workspace(request: HttpRequest, agent: Agent) -> HttpResponse:
    request.session[SESSION_WORKSPACE_KEY] = agent.workspace_id
    messages.success(request, _("Welcome to %(workspace)s!") % {"workspace": agent.workspace.name})
    return redirect("web:inbox")
