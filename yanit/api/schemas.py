"""Shared pieces of the API's request and response schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import PlainSerializer

# Ids are 64-bit; anything larger can't name a row and must not reach the database driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def local_iso(value: datetime) -> str:
    """ISO 8601 with the offset of the server's time zone (Istanbul by default): +03:00."""
    return timezone.localtime(value).isoformat()


Timestamp = Annotated[datetime, PlainSerializer(local_iso, return_type=str)]


class ErrorDetail(Schema):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(Schema):
    error: ErrorDetail


class AgentRef(Schema):
    id: int
    name: str


class TeamRef(Schema):
    id: int
    name: str


class InboxRef(Schema):
    id: int
    name: str
    channel: str


class ContactRef(Schema):
    id: int
    name: str
    email: str
    phone: str = Field(description="E.164, e.g. +905321234567")


# Error responses every authenticated operation can give; listed so the OpenAPI document shows them.
COMMON_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}
