"""Inboxes: list, create, configure, rotate the inbound token, read the webhook delivery log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import access_team_for, require_admin
from yanit.api.queries import MAX_PAGE, inboxes_of
from yanit.api.schemas import COMMON_ERRORS, ErrorOut, Id, Timestamp
from yanit.api.security import current_agent
from yanit.connectors.models import WebhookDelivery
from yanit.connectors.queries import deliveries_of
from yanit.inboxes.models import Inbox
from yanit.inboxes.queries import inbound_url
from yanit.inboxes.services.manage import (
    UNSET,
    access_inbox,
    do_create_inbox,
    do_rotate_inbound_token,
    do_update_inbox,
)

router = Router(tags=["inboxes"])
ADMIN_ERRORS = {**COMMON_ERRORS, 403: ErrorOut, 409: ErrorOut}


class WebhookSigning(Schema):
    """How replies POSTed to ``webhook_url`` are signed, so a receiver can verify them."""

    standard: str = "Standard Webhooks v1 (https://www.standardwebhooks.com)"
    headers: list[str] = ["webhook-id", "webhook-timestamp", "webhook-signature"]
    algorithm: str = "HMAC-SHA256"
    signed_content: str = "{webhook-id}.{webhook-timestamp}.{raw request body}"
    key: str = "base64-decoded part of webhook_secret after 'whsec_'"
    signature_format: str = "v1,<base64 signature> (space-separated when several)"
    event_types: list[str] = ["message.created"]


class InboxOut(Schema):
    id: int
    name: str
    channel: str
    is_active: bool
    team_id: int | None
    settings: dict[str, Any]
    inbound_url: str = Field(description="POST inbound messages here (see /inboxes/{id}/inbound)")
    webhook_url: str
    webhook_secret: str | None = Field(description="Only shown to owners and admins")
    signing: WebhookSigning
    created_at: Timestamp
    updated_at: Timestamp


class InboxCreatedOut(InboxOut):
    inbound_token: str = Field(description="Shown only now; send as Authorization: Bearer <token>")


class InboxIn(Schema):
    name: str = Field(max_length=200)
    channel: str = Field(default=Inbox.Channel.API, max_length=20)
    webhook_url: str = Field(default="", max_length=500)
    team_id: Id | None = None
    settings: dict[str, Any] = Field(default_factory=dict)


class InboxPatch(Schema):
    name: str | None = Field(default=None, max_length=200)
    webhook_url: str | None = Field(default=None, max_length=500)
    team_id: Id | None = Field(default=None, description="null removes the team")
    is_active: bool | None = None
    settings: dict[str, Any] | None = Field(default=None, description="Merged into the current settings")
    rotate_webhook_secret: bool = False


class TokenOut(Schema):
    inbound_url: str
    inbound_token: str


class DeliveryOut(Schema):
    id: int
    webhook_id: str
    event_type: str
    message_id: int | None
    url: str
    attempt: int
    outcome: str
    response_status: int | None
    response_excerpt: str
    error: str
    duration_ms: int
    next_attempt_at: Timestamp | None
    created_at: Timestamp


class DeliveryFilter(Schema):
    limit: int = Field(default=50, ge=1, le=MAX_PAGE)


def present_inbox(inbox: Inbox, viewer: Agent) -> dict[str, Any]:
    return {
        "id": inbox.pk,
        "name": inbox.name,
        "channel": inbox.channel,
        "is_active": inbox.is_active,
        "team_id": inbox.team_id,
        "settings": inbox.settings,
        "inbound_url": inbound_url(inbox),
        "webhook_url": inbox.webhook_url,
        "webhook_secret": inbox.webhook_secret if viewer.is_admin else None,
        "signing": WebhookSigning(),
        "created_at": inbox.created_at,
        "updated_at": inbox.updated_at,
    }


def present_delivery(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "webhook_id": delivery.webhook_id,
        "event_type": delivery.event_type,
        "message_id": delivery.message_id,
        "url": delivery.url,
        "attempt": delivery.attempt,
        "outcome": delivery.outcome,
        "response_status": delivery.response_status,
        "response_excerpt": delivery.response_excerpt,
        "error": delivery.error,
        "duration_ms": delivery.duration_ms,
        "next_attempt_at": delivery.next_attempt_at,
        "created_at": delivery.created_at,
    }


@router.get("", response={200: list[InboxOut], **COMMON_ERRORS}, summary="List inboxes")
def list_inboxes(request: HttpRequest) -> list[dict[str, Any]]:
    agent = current_agent(request)
    return [present_inbox(inbox, agent) for inbox in inboxes_of(agent)]


@router.post("", response={201: InboxCreatedOut, **ADMIN_ERRORS}, summary="Create an inbox (admins)")
def create_inbox(request: HttpRequest, payload: InboxIn) -> Status:
    agent = current_agent(request)
    team = access_team_for(agent, payload.team_id) if payload.team_id is not None else None
    inbox, raw_token = do_create_inbox(
        agent,
        name=payload.name,
        channel=payload.channel,
        settings=payload.settings,
        webhook_url=payload.webhook_url,
        team=team,
    )
    return Status(201, {**present_inbox(inbox, agent), "inbound_token": raw_token})


@router.get("/{int:inbox_id}", response={200: InboxOut, **COMMON_ERRORS}, summary="One inbox")
def get_inbox(request: HttpRequest, inbox_id: int) -> dict[str, Any]:
    agent = current_agent(request)
    return present_inbox(access_inbox(agent, inbox_id), agent)


@router.patch("/{int:inbox_id}", response={200: InboxOut, **ADMIN_ERRORS}, summary="Change an inbox (admins)")
def update_inbox(request: HttpRequest, inbox_id: int, payload: InboxPatch) -> dict[str, Any]:
    agent = current_agent(request)
    inbox = access_inbox(agent, inbox_id)
    sent = payload.model_fields_set
    # Absent or null leaves a field as it is; none of these can be emptied with null.
    changes: dict[str, Any] = {
        name: UNSET if getattr(payload, name) is None else getattr(payload, name)
        for name in ("name", "webhook_url", "is_active", "settings")
    }
    if "team_id" in sent:
        changes["team"] = access_team_for(agent, payload.team_id) if payload.team_id is not None else None
    inbox = do_update_inbox(agent, inbox, rotate_webhook_secret=payload.rotate_webhook_secret, **changes)
    return present_inbox(inbox, agent)


@router.post(
    "/{int:inbox_id}/rotate-token",
    response={200: TokenOut, **ADMIN_ERRORS},
    summary="Replace the inbox's inbound token (admins); the old one stops working",
)
def rotate_token(request: HttpRequest, inbox_id: int) -> dict[str, str]:
    agent = current_agent(request)
    inbox = access_inbox(agent, inbox_id)
    raw_token = do_rotate_inbound_token(agent, inbox)
    return {"inbound_url": inbound_url(inbox), "inbound_token": raw_token}


@router.get(
    "/{int:inbox_id}/webhook-deliveries",
    response={200: list[DeliveryOut], **ADMIN_ERRORS},
    summary="The webhook delivery log of an inbox, newest first (admins)",
)
def list_deliveries(
    request: HttpRequest, inbox_id: int, filters: Query[DeliveryFilter]
) -> list[dict[str, Any]]:
    agent = current_agent(request)
    inbox = access_inbox(agent, inbox_id)
    require_admin(agent)
    return [present_delivery(d) for d in deliveries_of(inbox)[: filters.limit]]
