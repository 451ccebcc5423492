"""Trading an email and password for an API token."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from yanit.accounts.services.workspaces import do_issue_token_for_login
from yanit.accounts.throttle import LOGIN_LIMIT, clear_failures, client_ip, is_blocked, record_failure
from yanit.api.errors import ApiError
from yanit.api.schemas import ErrorOut
from yanit.core.errors import PermissionDenied

router = Router(tags=["auth"])


class TokenIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    workspace: str | None = Field(default=None, max_length=60, description="Workspace short name (slug)")


class TokenOut(Schema):
    token: str = Field(description="Send as Authorization: Bearer <token>")


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Get an API token with an email and password",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    # The same limit as the sign-in page, counted together: 10 failures per email and IP in 15 min.
    ip = client_ip(request.META)
    if is_blocked(LOGIN_LIMIT, payload.email, ip):
        raise ApiError(
            429,
            "too_many_attempts",
            _("Too many failed attempts. Wait a few minutes before trying again."),
        )
    try:
        token = do_issue_token_for_login(payload.email, payload.password, payload.workspace or None)
    except PermissionDenied as exc:
        if exc.code == "invalid_credentials":
            record_failure(LOGIN_LIMIT, payload.email, ip)
            # Not knowing who you are is 401; knowing you but refusing the workspace stays 403.
            raise ApiError(401, exc.code, exc.message) from None
        raise
    clear_failures(LOGIN_LIMIT, payload.email, ip)
    return {"token": token}
