"""The account menu's actions (availability, workspace, language) and "my profile"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.accounts.models import Agent, User
from yanit.accounts.services.workspaces import do_set_availability, do_update_profile
from yanit.backoffice.forms import ProfileForm
from yanit.backoffice.views.auth import set_language_cookie
from yanit.backoffice.views.common import acting_agent, domain_errors, safe_next
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY
from yanit.web.access import agent_required, current_agent


@require_POST
@agent_required
@domain_errors
def set_availability(request: HttpRequest) -> HttpResponse:
    agent = do_set_availability(acting_agent(request), request.POST.get("availability", ""))
    if request.htmx:  # type: ignore[attr-defined]
        request.agent = agent  # type: ignore[attr-defined]
        return render(request, "backoffice/_account_menu.html", {"menu_open": True})
    return redirect(safe_next(request, reverse("web:inbox")))


@require_POST
@login_required
def switch_workspace(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        workspace_id = int(request.POST.get("workspace_id", ""))
    except ValueError:
        raise Http404(_("Workspace not found.")) from None
    membership = Agent.objects.filter(user=request.user, workspace_id=workspace_id, is_active=True).first()
    if membership is None:
        # 404, not 403: whether another workspace exists is none of this user's business.
        raise Http404(_("Workspace not found."))
    request.session[SESSION_WORKSPACE_KEY] = membership.workspace_id
    # Pages of the old workspace (a conversation, a settings record) mean nothing in the new one.
    return redirect(reverse("web:inbox"))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    request.agent = current_agent(request)  # type: ignore[attr-defined]
    form = ProfileForm(request.POST or None, initial={"name": user.name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        do_update_profile(user, name=form.cleaned_data["name"], language=form.cleaned_data["language"])
        response = redirect("backoffice:profile")
        set_language_cookie(response, user.language)
        with translation.override(user.language):  # confirm in the language just chosen
            messages.success(request, _("Your profile has been saved."))
        return response
    return render(
        request,
        "backoffice/settings/profile.html",
        {"form": form, "password_form": PasswordChangeForm(user), "section": "profile"},
    )


@require_POST
@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    request.agent = current_agent(request)  # type: ignore[attr-defined]
    password_form = PasswordChangeForm(user, request.POST)
    if password_form.is_valid():
        # Django's own form: checks the old password and runs the password validators.
        password_form.save()
        update_session_auth_hash(request, password_form.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("backoffice:profile")
    form = ProfileForm(initial={"name": user.name, "language": user.language})
    return render(
        request,
        "backoffice/settings/profile.html",
        {"form": form, "password_form": password_form, "section": "profile"},
        status=422,
    )
