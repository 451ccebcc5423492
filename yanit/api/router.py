"""The REST API v1: one NinjaAPI, a router per resource, one error shape, bearer tokens.

OpenAPI 3.1 at ``/api/v1/openapi.json``, Swagger UI at ``/api/v1/docs`` (ninja's own static
files, nothing from a CDN).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver
from django.utils import translation
from ninja import NinjaAPI

from yanit.api import (
    agents,
    auth,
    bot,
    contacts,
    conversations,
    inbound,
    inbound_email,
    inboxes,
    kb,
    kb_search,
    merge,
    messages,
    notifications,
    replies,
    sla,
)
from yanit.api.errors import domain_error_response, install_error_handlers, method_not_allowed_response
from yanit.api.parser import StrictJsonParser, check_declared_size
from yanit.api.security import AgentToken
from yanit.core.errors import DomainError

DESCRIPTION = """\
Everything the agent inbox can do, for your own systems.

* Authenticate with `Authorization: Bearer <token>`: an agent's token (`ynt_…`, get one with
  `POST /api/v1/auth/token`) or, only for `POST /inboxes/{id}/inbound`, the inbox's own token (`yin_…`).
* Errors are always `{"error": {"code", "message", "details"}}` with a 4xx status.
* Times are ISO 8601 with offset; phones are E.164; priorities are names.
* Replies in an `api` inbox are POSTed to its `webhook_url`, signed per Standard Webhooks.
"""


class YanitAPI(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        # ninja answers a wrong method with a plain-text 405; give it the API's JSON shape.
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        return patterns


def _json_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return method_not_allowed_response(sorted(response["Allow"].split(", ")))
        return response

    return wrapper


def guarded(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around every operation, before authentication and parsing.

    Messages come in the caller's Accept-Language (Turkish by default): the API skips the
    middleware that would otherwise choose it. A body declared too large is refused before
    anything reads it.
    """

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(translation.get_language_from_request(request)):
            try:
                check_declared_size(request)
            except DomainError as exc:
                return domain_error_response(exc)
            return run(request, *args, **kwargs)

    return wrapper


api = YanitAPI(
    title="yanit API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=AgentToken(),
    parser=StrictJsonParser(),
)
install_error_handlers(api)
api.add_decorator(guarded, mode="view")
api.add_router("/auth", auth.router)
api.add_router("/inboxes", inboxes.router)
api.add_router("/inboxes", inbound.router)
api.add_router("/inboxes", inbound_email.router)
api.add_router("/conversations", conversations.router)
api.add_router("/conversations", messages.router)
api.add_router("/conversations", merge.router)
api.add_router("/attachments", messages.files_router)
api.add_router("/contacts", contacts.router)
api.add_router("/kb", kb_search.router)
api.add_router("", agents.router)
api.add_router("", replies.router)
api.add_router("", sla.router)
api.add_router("", notifications.router)
api.add_router("/kb", kb.router)
api.add_router("", bot.router)
