"""My notification settings: email and desktop alerts per kind (in-app is always on)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yanit.notifications.models import Kind
from yanit.notifications.services.preferences import choices_of, do_set_preference
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of


@agent_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    agent = agent_of(request)
    if request.method == "POST":
        for kind in Kind.values:
            do_set_preference(
                agent,
                kind,
                email=request.POST.get(f"email_{kind}") == "on",
                browser=request.POST.get(f"browser_{kind}") == "on",
            )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("backoffice:notification_settings")
    return render(
        request,
        "backoffice/notifications/settings.html",
        {"choices": choices_of(agent), "section": "notifications"},
    )
