"""Small helpers shared by the backoffice views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from yanit.accounts.models import Agent
from yanit.core.errors import DomainError, NotFound, PermissionDenied

View = Callable[..., HttpResponse]


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where to go back to after a POST, never off-site."""
    target = request.POST.get("next") or request.GET.get("next") or request.headers.get("Referer") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def domain_errors(view: View) -> View:
    """Turns domain errors into 404/403, and validation errors into a message on the page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
            # Many POST targets have no page of their own: without a "next" or a Referer, the
            # settings home is the one safe place to show the message.
            fallback = request.path if request.method == "GET" else reverse("backoffice:settings")
            return redirect(safe_next(request, fallback))

    return wrapper


def acting_agent(request: HttpRequest) -> Agent:
    agent = getattr(request, "agent", None)
    assert isinstance(agent, Agent), "view must be wrapped by agent_required"
    return agent
