"""Chat inboxes and their widget settings: creating, editing, the public config, online status."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Team
from yanit.accounts.services.workspaces import require_admin
from yanit.conversations.services.receive import MAX_TEXT_CHARS
from yanit.core.errors import NotFound, ValidationFailed
from yanit.core.secrets import decrypt_secret, encrypt_secret
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox, do_update_inbox

from ..models import DEFAULT_MAX_FILE_BYTES, ChatWidget

# The widget's own limit on a chat message; the core accepts longer texts from other channels.
MAX_CHAT_TEXT = 5_000
MAX_FILE_BYTES_CEILING = 25 * 1_048_576
FILE_TYPES = ["image/*", "application/pdf"]
TEXT_KEYS = ("title", "greeting", "online", "offline", "expected_reply")
LANGUAGES = ("tr", "en")
MAX_TEXT_LENGTH = 500
MAX_ORIGINS = 50
# An agent counts as there when online and heard from (page socket, availability) this recently.
AGENT_SEEN_WINDOW = timedelta(minutes=10)
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

assert MAX_CHAT_TEXT <= MAX_TEXT_CHARS


def new_public_key() -> str:
    return "wk_" + secrets.token_urlsafe(18)


def new_identity_secret() -> str:
    return "wis_" + secrets.token_urlsafe(32)


def default_texts() -> dict[str, str]:
    """The shipped texts in the active language."""
    return {
        "title": _("Chat with us"),
        "greeting": _("Hello! How can we help you?"),
        "online": _("We are online and usually answer within a few minutes."),
        "offline": _("We are not online right now. Leave a message and we will answer by email."),
        "expected_reply": _("We usually answer within a few hours."),
        "prechat_intro": _("Tell us who you are so we can answer you."),
        "offline_ask_email": _("Where should we send our answer? Leave your email address."),
    }


def texts_for(widget: ChatWidget, language: str) -> dict[str, str]:
    language = language if language in LANGUAGES else "tr"
    with translation.override(language):
        texts = default_texts()
    custom = (widget.texts or {}).get(language) or {}
    for key in TEXT_KEYS:
        value = str(custom.get(key) or "").strip()
        if value:
            texts[key] = value
    return texts


# --- access -------------------------------------------------------------------------------


def widget_for_key(public_key: str) -> ChatWidget | None:
    if not public_key.startswith("wk_") or len(public_key) > 40:
        return None
    return (
        ChatWidget.objects.filter(public_key=public_key, inbox__is_active=True)
        .select_related("inbox__workspace")
        .first()
    )


def access_widget(agent: Agent, inbox_id: int | str) -> ChatWidget:
    try:
        return ChatWidget.objects.select_related("inbox").get(
            workspace_id=agent.workspace_id, inbox_id=int(inbox_id)
        )
    except (ChatWidget.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Inbox not found."), details={"inbox_id": inbox_id}) from None


def identity_secret(widget: ChatWidget) -> str:
    return decrypt_secret(widget.identity_secret)


# --- origins ------------------------------------------------------------------------------


def normalize_origin(raw: str) -> str:
    """``https://Shop.Example:443/any/path`` → ``https://shop.example``; raises on anything else."""
    value = raw.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailed(
            _("%(value)s is not an origin. Write it like https://shop.example.com") % {"value": value},
            details={"allowed_origins": value},
        )
    if parts.username or parts.password or parts.query or parts.fragment or parts.path not in ("", "/"):
        raise ValidationFailed(
            _("%(value)s is not an origin: leave out the path. Write it like https://shop.example.com")
            % {"value": value},
            details={"allowed_origins": value},
        )
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default_port = 443 if parts.scheme == "https" else 80
    try:
        port = parts.port
    except ValueError:
        raise ValidationFailed(
            _("%(value)s has an invalid port.") % {"value": value}, details={"allowed_origins": value}
        ) from None
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def check_origins(lines: list[str]) -> list[str]:
    origins: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        origin = normalize_origin(line)
        if origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        raise ValidationFailed(_("At most %(n)d origins.") % {"n": MAX_ORIGINS})
    return origins


def origin_allowed(widget: ChatWidget, origin: str | None) -> bool:
    """Every origin when the list is empty; otherwise only the listed ones (a request without an
    Origin header is not from a listed page)."""
    allowed = widget.allowed_origins or []
    if not allowed:
        return True
    if not origin:
        return False
    try:
        return normalize_origin(origin) in allowed
    except ValidationFailed:
        return False


# --- creating and editing -----------------------------------------------------------------


@dataclass
class WidgetChanges:
    color: str | None = None
    position: str | None = None
    texts: dict[str, dict[str, str]] | None = None
    prechat_mode: str | None = None
    allowed_origins: list[str] | None = None
    max_file_bytes: int | None = None


def _apply(widget: ChatWidget, changes: WidgetChanges) -> None:
    if changes.color is not None:
        if not _COLOR.match(changes.color):
            raise ValidationFailed(
                _("Write the colour as #RRGGBB, e.g. #0f766e."), details={"color": changes.color}
            )
        widget.color = changes.color.lower()
    if changes.position is not None:
        if changes.position not in ChatWidget.Position.values:
            raise ValidationFailed(_("Unknown position."), details={"position": changes.position})
        widget.position = changes.position
    if changes.prechat_mode is not None:
        if changes.prechat_mode not in ChatWidget.Prechat.values:
            raise ValidationFailed(
                _("Unknown pre-chat mode."), details={"prechat_mode": changes.prechat_mode}
            )
        widget.prechat_mode = changes.prechat_mode
    if changes.texts is not None:
        texts: dict[str, dict[str, str]] = {}
        for language in LANGUAGES:
            given = changes.texts.get(language) or {}
            texts[language] = {
                key: " ".join(str(given.get(key) or "").split())[:MAX_TEXT_LENGTH]
                for key in TEXT_KEYS
                if str(given.get(key) or "").strip()
            }
        widget.texts = texts
    if changes.allowed_origins is not None:
        widget.allowed_origins = check_origins(changes.allowed_origins)
    if changes.max_file_bytes is not None:
        if not (1024 <= changes.max_file_bytes <= MAX_FILE_BYTES_CEILING):
            raise ValidationFailed(
                _("The file size limit must be between 1 KB and %(mb)d MB.")
                % {"mb": MAX_FILE_BYTES_CEILING // 1_048_576},
                details={"max_file_bytes": changes.max_file_bytes},
            )
        widget.max_file_bytes = changes.max_file_bytes


@transaction.atomic
def do_create_chat_inbox(
    actor: Agent,
    *,
    name: str,
    team: Team | None = None,
    changes: WidgetChanges | None = None,
    email_inbox_id: int | None = None,
    public_key: str | None = None,
) -> tuple[ChatWidget, str]:
    """A new chat inbox with its widget; returns the raw identity secret (shown once)."""
    require_admin(actor)
    settings: dict[str, Any] = {}
    if email_inbox_id is not None:
        settings["email_inbox_id"] = _check_email_inbox(actor, email_inbox_id)
    inbox, _token = do_create_inbox(
        actor, name=name, channel=Inbox.Channel.WEBCHAT, team=team, settings=settings
    )
    secret = new_identity_secret()
    widget = ChatWidget(
        workspace_id=actor.workspace_id,
        inbox=inbox,
        public_key=public_key or new_public_key(),
        identity_secret=encrypt_secret(secret),
        max_file_bytes=DEFAULT_MAX_FILE_BYTES,
    )
    _apply(widget, changes or WidgetChanges())
    widget.save()
    return widget, secret


def _check_email_inbox(actor: Agent, inbox_id: int | None) -> int | None:
    if inbox_id is None:
        return None
    exists = Inbox.objects.filter(
        workspace_id=actor.workspace_id, pk=inbox_id, channel=Inbox.Channel.EMAIL
    ).exists()
    if not exists:
        raise ValidationFailed(
            _("Choose an email inbox of this workspace."), details={"email_inbox": inbox_id}
        )
    return inbox_id


_UNSET: Any = object()


@transaction.atomic
def do_update_chat_inbox(
    actor: Agent,
    widget: ChatWidget,
    *,
    name: str = _UNSET,
    team: Team | None = _UNSET,
    changes: WidgetChanges | None = None,
    email_inbox_id: int | None = _UNSET,
) -> ChatWidget:
    require_admin(actor)
    inbox_changes: dict[str, Any] = {}
    if name is not _UNSET:
        inbox_changes["name"] = name
    if team is not _UNSET:
        inbox_changes["team"] = team
    if email_inbox_id is not _UNSET:
        inbox_changes["settings"] = {"email_inbox_id": _check_email_inbox(actor, email_inbox_id)}
    if inbox_changes:
        do_update_inbox(actor, widget.inbox, **inbox_changes)
    if changes is not None:
        _apply(widget, changes)
        widget.save()
    return widget


def do_rotate_identity_secret(actor: Agent, widget: ChatWidget) -> str:
    """A new identity secret (shown once); identities signed with the old one stop working."""
    require_admin(actor)
    secret = new_identity_secret()
    widget.identity_secret = encrypt_secret(secret)
    widget.save(update_fields=["identity_secret", "updated_at"])
    return secret


# --- what the widget reads ----------------------------------------------------------------


def agents_online(workspace_id: int) -> bool:
    since = timezone.now() - AGENT_SEEN_WINDOW
    return Agent.objects.filter(
        workspace_id=workspace_id,
        is_active=True,
        availability=Agent.Availability.ONLINE,
        last_seen_at__gte=since,
    ).exists()


def widget_config(widget: ChatWidget, language: str) -> dict[str, Any]:
    language = language if language in LANGUAGES else "tr"
    return {
        "inbox": {"name": widget.inbox.name},
        "language": language,
        "texts": texts_for(widget, language),
        "style": {"color": widget.color, "position": widget.position},
        "online": agents_online(widget.workspace_id),
        "prechat": {"mode": widget.prechat_mode, "fields": ["name", "email"]},
        "limits": {
            "max_text": MAX_CHAT_TEXT,
            "max_file_bytes": widget.max_file_bytes,
            "file_types": FILE_TYPES,
        },
        "features": {"rating": True, "transcript": True, "emoji": True},
    }
