"""How every agent page finds who is asking and in which workspace.

The chosen workspace is kept in the session (``workspace_id``); the realtime consumer reads
the same key, so a page and its websocket always agree on the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import access_agent_in
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY

View = Callable[..., HttpResponseBase]


def current_agent(request: HttpRequest) -> Agent | None:
    user = request.user
    if not user.is_authenticated:
        return None
    agent = access_agent_in(user, request.session.get(SESSION_WORKSPACE_KEY))
    if agent is not None and request.session.get(SESSION_WORKSPACE_KEY) != agent.workspace_id:
        request.session[SESSION_WORKSPACE_KEY] = agent.workspace_id
    return agent


def agent_required(view: View) -> View:
    """Logged in and a member of a workspace; sets ``request.agent``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        agent = current_agent(request)
        if agent is None:
            if request.user.is_authenticated:
                raise DjangoPermissionDenied("not a member of any workspace")
            if request.htmx:  # type: ignore[attr-defined]
                response = HttpResponse(status=204)
                response["HX-Redirect"] = f"/login/?next={request.get_full_path()}"
                return response
            return redirect_to_login(request.get_full_path())
        request.agent = agent  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view: View) -> View:
    @wraps(view)
    @agent_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.agent.is_admin:  # type: ignore[attr-defined]
            raise DjangoPermissionDenied("admins only")
        return view(request, *args, **kwargs)

    return wrapper
