"""Creating and configuring inboxes."""

from __future__ import annotations

import base64
import secrets
from typing import Any
from urllib.parse import urlparse

from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, ApiToken, Team
from yanit.accounts.services.workspaces import require_admin
from yanit.core.errors import NotFound, ValidationFailed
from yanit.inboxes.models import Inbox

UNSET: Any = object()


def access_inbox(agent: Agent, inbox_id: int | str) -> Inbox:
    try:
        return Inbox.objects.get(workspace_id=agent.workspace_id, pk=int(inbox_id))
    except (Inbox.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Inbox not found."), details={"inbox_id": inbox_id}) from None


def inbox_for_inbound_token(inbox_id: int, raw: str) -> Inbox | None:
    if not raw.startswith("yin_"):
        return None
    # The workspace comes along: receiving a message needs it, and this is the hot path.
    return (
        Inbox.objects.filter(pk=inbox_id, inbound_token_hash=ApiToken.hash_key(raw), is_active=True)
        .select_related("workspace")
        .first()
    )


def new_webhook_secret() -> str:
    """Standard Webhooks secret: whsec_ + base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_webhook_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValidationFailed(
            _("The webhook URL must start with http:// or https://."), details={"webhook_url": url}
        )
    return url[:500]


def check_channel(channel: str) -> str:
    if channel not in Inbox.Channel.values:
        raise ValidationFailed(
            _("Unknown channel %(value)s.") % {"value": channel},
            details={"channel": channel, "allowed": list(Inbox.Channel.values)},
        )
    return channel


@transaction.atomic
def do_create_inbox(
    actor: Agent,
    *,
    name: str,
    channel: str,
    settings: dict[str, Any] | None = None,
    webhook_url: str = "",
    team: Team | None = None,
) -> tuple[Inbox, str]:
    """The new inbox and its raw inbound token (shown once; only its hash is kept)."""
    require_admin(actor)
    name = " ".join(name.split())[:120]
    if not name:
        raise ValidationFailed(_("The inbox needs a name."), details={"name": "required"})
    raw_token = "yin_" + secrets.token_urlsafe(32)
    inbox = Inbox.objects.create(
        workspace_id=actor.workspace_id,
        name=name,
        channel=check_channel(channel),
        settings=settings or {},
        team=team,
        webhook_url=check_webhook_url(webhook_url),
        webhook_secret=new_webhook_secret(),
        inbound_token_hash=ApiToken.hash_key(raw_token),
    )
    return inbox, raw_token


@transaction.atomic
def do_update_inbox(
    actor: Agent,
    inbox: Inbox,
    *,
    name: str = UNSET,
    settings: dict[str, Any] = UNSET,
    webhook_url: str = UNSET,
    team: Team | None = UNSET,
    is_active: bool = UNSET,
    rotate_webhook_secret: bool = False,
) -> Inbox:
    require_admin(actor)
    if name is not UNSET:
        cleaned = " ".join(name.split())[:120]
        if not cleaned:
            raise ValidationFailed(_("The inbox needs a name."), details={"name": "required"})
        inbox.name = cleaned
    if settings is not UNSET:
        if not isinstance(settings, dict):
            raise ValidationFailed(_("Settings must be an object."))
        inbox.settings = {**inbox.settings, **settings}
    if webhook_url is not UNSET:
        inbox.webhook_url = check_webhook_url(webhook_url)
    if team is not UNSET:
        inbox.team = team
    if is_active is not UNSET:
        inbox.is_active = bool(is_active)
    if rotate_webhook_secret:
        inbox.webhook_secret = new_webhook_secret()
    inbox.save()
    return inbox


def do_rotate_inbound_token(actor: Agent, inbox: Inbox) -> str:
    require_admin(actor)
    raw_token = "yin_" + secrets.token_urlsafe(32)
    inbox.inbound_token_hash = ApiToken.hash_key(raw_token)
    inbox.save(update_fields=["inbound_token_hash", "updated_at"])
    return raw_token
