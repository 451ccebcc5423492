"""Reading request bodies and query strings strictly: size, encoding, JSON, NUL characters.

Everything here fails with a 4xx ``ApiError`` before a view runs, so bad input can't reach a
service half-way (nothing is ever half-written) and can't turn into a database error (500).
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

from yanit.api.errors import ApiError


def _reject_constant(name: str) -> NoReturn:
    # NaN and Infinity are not JSON, and PostgreSQL's json type refuses them.
    raise ValueError(f"{name} is not allowed")


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def _nul_error() -> ApiError:
    # PostgreSQL text can't hold U+0000; refuse it here rather than fail in the database.
    return ApiError(400, "invalid_characters", _("Text may not contain NUL (U+0000) characters."))


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "payload_too_large",
        _("The request body is larger than %(n)d bytes.") % {"n": limit},
        details={"limit": limit},
    )


def body_limit(request: HttpRequest) -> int:
    """Raw emails posted to the inbound-email endpoint carry their attachments: a larger limit."""
    match = request.resolver_match
    if match is not None and match.url_name == "inbox_inbound_email":
        return int(settings.YANIT_MAX_EMAIL_BYTES)
    return int(settings.YANIT_MAX_BODY_BYTES)


def check_declared_size(request: HttpRequest) -> None:
    """Refuse by Content-Length alone, before anything reads the body."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    try:
        declared_size = int(declared)
    except ValueError:
        raise ApiError(400, "invalid_content_length", _("Content-Length is not a number.")) from None
    limit = body_limit(request)
    if declared_size > limit:
        raise _too_large(limit)


def read_body(request: HttpRequest) -> bytes:
    """The raw body, refused with 413 when it is over the limit whatever Content-Length said."""
    check_declared_size(request)
    try:
        body = request.body
    except RequestDataTooBig:
        raise _too_large(settings.YANIT_MAX_BODY_BYTES) from None
    if len(body) > settings.YANIT_MAX_BODY_BYTES:
        raise _too_large(settings.YANIT_MAX_BODY_BYTES)
    return body


def parse_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400,
            "invalid_utf8",
            _("The request body is not valid UTF-8."),
            details={"position": exc.start},
        ) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(
            400,
            "invalid_json",
            _("The request body is not valid JSON."),
            details={"line": exc.lineno, "column": exc.colno, "reason": exc.msg},
        ) from None
    except (ValueError, RecursionError):
        raise ApiError(400, "invalid_json", _("The request body is not valid JSON.")) from None
    if "\\u0000" in text and _contains_nul(data):
        raise _nul_error()
    return data


class StrictJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json(read_body(request))

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for values in data.lists():
            if _contains_nul(values[0]) or _contains_nul(values[1]):
                raise _nul_error()
        return super().parse_querydict(data, list_fields, request)
