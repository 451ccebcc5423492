"""Trading an email and password for an API token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from yanit.accounts.services.workspaces import do_issue_token_for_login
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
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Get an API token with an email and password",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    try:
        token = do_issue_token_for_login(payload.email, payload.password, payload.workspace or None)
    except PermissionDenied as exc:
        if exc.code == "invalid_credentials":
            # Not knowing who you are is 401; knowing you but refusing the workspace stays 403.
            raise ApiError(401, exc.code, exc.message) from None
        raise
    return {"token": token}
