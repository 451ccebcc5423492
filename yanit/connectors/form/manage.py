"""Creating form inboxes, saving their settings, rotating their public token."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Team
from yanit.accounts.services.workspaces import require_admin
from yanit.connectors.form.config import COLOR_RE, FormConfig, stored_settings
from yanit.connectors.form.models import FormKey
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox, do_update_inbox

TOKEN_PREFIX = "fk_"  # noqa: S105 (a prefix of public links)
MAX_TOPICS = 20
MAX_TOPIC_CHARS = 80


def new_form_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(18)


def form_token_of(inbox: Inbox) -> str:
    key = FormKey.objects.filter(inbox=inbox).first()
    if key is None:
        key = FormKey.objects.create(inbox=inbox, token=new_form_token())
    return key.token


def inbox_for_form_token(token: str) -> Inbox | None:
    """The active form inbox behind a public link; ``None`` for unknown, rotated or inactive."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 64:
        return None
    key = (
        FormKey.objects.filter(token=token, inbox__is_active=True, inbox__channel=Inbox.Channel.FORM)
        .select_related("inbox__workspace")
        .first()
    )
    return key.inbox if key else None


def check_config(config: FormConfig) -> FormConfig:
    if not COLOR_RE.match(config.color):
        raise ValidationFailed(_("Enter a colour like #2563eb."), details={"color": config.color})
    if len(config.topics) > MAX_TOPICS or any(len(t) > MAX_TOPIC_CHARS for t in config.topics):
        raise ValidationFailed(
            _("Use at most %(n)d topics of up to %(chars)d characters.")
            % {"n": MAX_TOPICS, "chars": MAX_TOPIC_CHARS},
            details={"topics": config.topics},
        )
    return config


def check_email_inbox(workspace_id: int, email_inbox_id: int | None) -> None:
    if email_inbox_id is None:
        return
    if not Inbox.objects.filter(
        pk=email_inbox_id, workspace_id=workspace_id, channel=Inbox.Channel.EMAIL
    ).exists():
        raise ValidationFailed(
            _("Choose one of this workspace's email inboxes."), details={"email_inbox_id": email_inbox_id}
        )


def _settings_for(config: FormConfig, email_inbox_id: int | None) -> dict[str, Any]:
    check_config(config)
    return {"form": stored_settings(config), "email_inbox_id": email_inbox_id}


@transaction.atomic
def do_create_form_inbox(
    actor: Agent,
    *,
    name: str,
    team: Team | None,
    config: FormConfig,
    email_inbox_id: int | None = None,
    token: str = "",
) -> Inbox:
    check_email_inbox(actor.workspace_id, email_inbox_id)
    inbox, _raw = do_create_inbox(
        actor,
        name=name,
        channel=Inbox.Channel.FORM,
        team=team,
        settings=_settings_for(config, email_inbox_id),
    )
    FormKey.objects.create(inbox=inbox, token=token or new_form_token())
    return inbox


@transaction.atomic
def do_save_form_inbox(
    actor: Agent,
    inbox: Inbox,
    *,
    name: str,
    team: Team | None,
    config: FormConfig,
    email_inbox_id: int | None,
    is_active: bool = True,
) -> Inbox:
    check_email_inbox(actor.workspace_id, email_inbox_id)
    return do_update_inbox(
        actor,
        inbox,
        name=name,
        team=team,
        is_active=is_active,
        settings=_settings_for(config, email_inbox_id),
    )


@transaction.atomic
def do_rotate_form_token(actor: Agent, inbox: Inbox) -> str:
    """A new public link; the old one answers 404 at once (pages embedding it must be updated)."""
    require_admin(actor)
    token = new_form_token()
    FormKey.objects.update_or_create(inbox=inbox, defaults={"token": token})
    return token
