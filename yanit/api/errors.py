"""One error shape for the whole API: ``{"error": {"code", "message", "details"}}``.

Domain errors carry their own code and status; ninja's own failures (authentication, schema
validation, unparsable bodies) and Django's 404/500 handlers are mapped onto the same shape so a
client never has to parse two formats.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from yanit.core.errors import DomainError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


class ApiError(DomainError):
    """An error of the transport itself (bad bytes, missing token), not of the domain."""

    def __init__(self, status: int, code: str, message: str, *, details: dict[str, Any] | None = None):
        super().__init__(message, details=details, code=code)
        self.status = status


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> HttpResponse:
    response = JsonResponse(error_body(code, message, details), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="yanit"'
    return response


def domain_error_response(exc: DomainError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, exc.details)


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ninja's pydantic errors as ``{"in", "field", "message", "type"}`` rows.

    ninja puts the parameter's name after the source for bodies (``body.payload.text``); a
    client only knows the JSON it sent, so that name is dropped.
    """
    rows = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        source = loc[0] if loc else "body"
        path = loc[1:]
        if source == "body" and len(path) > 1:
            path = path[1:]
        rows.append(
            {
                "in": source,
                "field": ".".join(path),
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return rows


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return domain_error_response(exc)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            422,
            "validation_error",
            _("Some fields are missing or not valid."),
            {"fields": _field_errors(exc.errors)},
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, "unauthorized", _("A valid API token is needed: Authorization: Bearer …"))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja wraps whatever the body parser raised; our parser raises ApiError with a code.
        if isinstance(exc.__cause__, DomainError):
            return domain_error_response(exc.__cause__)
        return error_response(exc.status_code, "http_error", str(exc))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(413, "payload_too_large", _("The request body is too large."))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return not_found_response()

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request %s %s failed", request.method, request.path)
        return server_error_response()


def not_found_response() -> HttpResponse:
    return error_response(404, "not_found", _("There is nothing at this address."))


def server_error_response() -> HttpResponse:
    return error_response(500, "server_error", _("Something went wrong on our side. Please try again."))


def method_not_allowed_response(allowed: list[str]) -> HttpResponse:
    response = error_response(
        405, "method_not_allowed", _("This address doesn't accept that method."), {"allowed": allowed}
    )
    response["Allow"] = ", ".join(allowed)
    return response


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 handler: JSON under /api/, the normal page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return not_found_response()
    return defaults.page_not_found(request, exception or Http404())


def handler500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return server_error_response()
    return defaults.server_error(request)
