"""The public help center's settings: published switch, titles, logo, brand colour, contact options.

Only workspace admins change them. Contact options are checked here (not only in the form), so
whatever writes them — the settings page today, an API later — stores the same clean shape.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import PermissionDenied, ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.kb.branding import is_hex_color
from yanit.kb.models import HelpCenter, KbAsset

MAX_LOGO_BYTES = 1_048_576
# The first bytes of the image formats a logo may be; SVG is refused (it can carry scripts).
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)
# Social profiles shown in the help center, and the hosts each one may link to.
SOCIAL_NETWORKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "instagram": ("Instagram", ("instagram.com",)),
    "facebook": ("Facebook", ("facebook.com", "fb.com")),
    "x": ("X", ("x.com", "twitter.com")),
    "youtube": ("YouTube", ("youtube.com", "youtu.be")),
    "tiktok": ("TikTok", ("tiktok.com",)),
    "linkedin": ("LinkedIn", ("linkedin.com",)),
}
_PHONE_CHARS = re.compile(r"[\s()\-./]")


@dataclass
class HelpCenterInput:
    is_public: bool
    title_tr: str = ""
    title_en: str = ""
    brand_color: str = "#0f766e"
    email: str = ""
    phone: str = ""
    whatsapp: str = ""
    chat_inbox_id: int | None = None
    form_inbox_id: int | None = None
    hours_note_tr: str = ""
    hours_note_en: str = ""
    social: dict[str, str] = field(default_factory=dict)


def help_center_of(workspace_id: int) -> HelpCenter:
    """The workspace's settings row, or unsaved defaults when it was never edited."""
    found = HelpCenter.objects.filter(workspace_id=workspace_id).select_related("logo").first()
    return found or HelpCenter(workspace_id=workspace_id)


def _require_admin(actor: Agent) -> None:
    if not actor.is_admin:
        raise PermissionDenied(_("Only admins can change the help center."))


def image_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes, or None when it is not an image we take."""
    for signature, content_type, ext in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return content_type, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def check_phone(value: str, field_name: str) -> str:
    """A Turkish or international number in E.164 ("+902125551234"); "0212 555 12 34" is read as
    a Turkish number."""
    raw = _PHONE_CHARS.sub("", value.strip())
    if not raw:
        return ""
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    elif raw.startswith("0"):
        raw = "+90" + raw[1:]
    elif not raw.startswith("+"):
        raw = "+90" + raw if len(raw) == 10 else "+" + raw
    digits = raw[1:]
    if not digits.isdigit() or not 8 <= len(digits) <= 15 or (digits.startswith("90") and len(digits) != 12):
        raise ValidationFailed(
            _("Write the phone number with its area code, e.g. 0212 555 12 34 or +90 532 123 45 67."),
            details={field_name: value},
        )
    return raw


def check_social(network: str, url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    if network not in SOCIAL_NETWORKS:
        raise ValidationFailed(_("Unknown social network."), details={network: url})
    label, hosts = SOCIAL_NETWORKS[network]
    parts = urlsplit(url if "://" in url else f"https://{url}")
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if parts.scheme not in ("http", "https") or not any(host == h or host.endswith("." + h) for h in hosts):
        raise ValidationFailed(
            _("The %(network)s link must be an address on %(host)s.") % {"network": label, "host": hosts[0]},
            details={network: url},
        )
    return f"https://{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _inbox(actor: Agent, inbox_id: int | None, channel: str, field_name: str) -> Inbox | None:
    if inbox_id is None:
        return None
    inbox = Inbox.objects.filter(pk=inbox_id, workspace_id=actor.workspace_id, channel=channel).first()
    if inbox is None:
        raise ValidationFailed(_("Pick one of this workspace's inboxes."), details={field_name: inbox_id})
    return inbox


def _contact(actor: Agent, data: HelpCenterInput) -> dict[str, Any]:
    contact: dict[str, Any] = {}
    if data.email.strip():
        try:
            validate_email(data.email.strip())
        except Exception as exc:
            raise ValidationFailed(_("Enter a valid email address."), details={"email": data.email}) from exc
        contact["email"] = data.email.strip().lower()
    for name in ("phone", "whatsapp"):
        number = check_phone(getattr(data, name), name)
        if number:
            contact[name] = number
    chat = _inbox(actor, data.chat_inbox_id, Inbox.Channel.WEBCHAT, "chat_inbox")
    if chat is not None:
        widget = getattr(chat, "chat_widget", None)
        if widget is None:
            raise ValidationFailed(_("This chat inbox has no widget yet."), details={"chat_inbox": chat.pk})
        contact["chat_widget"] = widget.public_key
        contact["chat_inbox"] = chat.pk
    form = _inbox(actor, data.form_inbox_id, Inbox.Channel.FORM, "form_inbox")
    if form is not None:
        contact["form_inbox"] = form.pk
    for name in ("hours_note_tr", "hours_note_en"):
        note = getattr(data, name).strip()[:200]
        if note:
            contact[name] = note
    social = {net: check_social(net, url) for net, url in data.social.items()}
    social = {net: url for net, url in social.items() if url}
    if social:
        contact["social"] = social
    return contact


def do_save_help_center(actor: Agent, data: HelpCenterInput) -> HelpCenter:
    _require_admin(actor)
    if not is_hex_color(data.brand_color):
        raise ValidationFailed(
            _("Write the colour as # and six hex digits, e.g. #0f766e."),
            details={"brand_color": data.brand_color},
        )
    contact = _contact(actor, data)
    with transaction.atomic():
        center, _created = HelpCenter.objects.select_for_update().get_or_create(
            workspace_id=actor.workspace_id
        )
        center.is_public = data.is_public
        center.title_tr = data.title_tr.strip()[:120]
        center.title_en = data.title_en.strip()[:120]
        center.brand_color = data.brand_color.lower()
        center.contact = contact
        center.save()
    return center


def do_set_logo(actor: Agent, filename: str, content: bytes) -> HelpCenter:
    """Store an uploaded logo as a ``KbAsset`` and use it; PNG, JPEG, GIF or WebP, up to 1 MB."""
    _require_admin(actor)
    if len(content) > MAX_LOGO_BYTES:
        raise ValidationFailed(_("The logo may be at most 1 MB."), details={"logo": len(content)})
    kind = image_type(content[:16])
    if kind is None:
        raise ValidationFailed(
            _("The logo must be a PNG, JPEG, GIF or WebP image."), details={"logo": filename}
        )
    content_type, ext = kind
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        asset = KbAsset(
            workspace_id=actor.workspace_id,
            filename=f"logo.{ext}",
            content_type=content_type,
            size=len(content),
            sha256=digest,
            uploaded_by=actor,
        )
        asset.file.save(f"logo.{ext}", ContentFile(content), save=False)
        asset.save()
        center, _created = HelpCenter.objects.select_for_update().get_or_create(
            workspace_id=actor.workspace_id
        )
        center.logo = asset
        center.save(update_fields=["logo", "updated_at"])
    return center


def do_remove_logo(actor: Agent) -> HelpCenter:
    _require_admin(actor)
    center, _created = HelpCenter.objects.get_or_create(workspace_id=actor.workspace_id)
    center.logo = None
    center.save(update_fields=["logo", "updated_at"])
    return center
