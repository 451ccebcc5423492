"""Uploading images and videos for article bodies: the type is decided by the file's first
bytes (never by its name or the browser's word), the size is limited by settings, and the same
file uploaded twice is stored once."""

from __future__ import annotations

import hashlib
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import ValidationFailed
from yanit.kb.body import ASSET_URL_PREFIX, tr_slug
from yanit.kb.models import KbAsset
from yanit.kb.services.access import require_editor

IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
VIDEO_TYPES = ("video/mp4", "video/webm")
_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/webm": "webm",
}


def sniff_type(head: bytes) -> str | None:
    """The media type the first bytes of a file show, among the ones articles may hold."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "video/webm"
    return None


def max_asset_bytes() -> int:
    return int(settings.YANIT_KB_MAX_ASSET_BYTES)


def _safe_filename(name: str, content_type: str) -> str:
    stem = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    return f"{tr_slug(stem, 80) or 'dosya'}.{_EXTENSIONS[content_type]}"


def upload_asset(
    workspace_id: int, stream: IO[bytes], filename: str, *, actor: Agent | None = None
) -> KbAsset:
    """Store an uploaded image or video. Refuses other types and files over the size limit."""
    require_editor(actor)
    limit = max_asset_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(
            _("The file is larger than %(mb)s MB.") % {"mb": round(limit / 1_048_576, 1)},
            details={"file": "too_large", "limit_bytes": limit},
        )
    if not data:
        raise ValidationFailed(_("The file is empty."), details={"file": "empty"})
    content_type = sniff_type(data[:64])
    if content_type is None:
        raise ValidationFailed(
            _("Only PNG, JPEG, GIF or WebP images and MP4 or WebM videos can be uploaded."),
            details={"file": "type"},
        )
    digest = hashlib.sha256(data).hexdigest()
    existing = KbAsset.objects.filter(workspace_id=workspace_id, sha256=digest).first()
    if existing is not None:
        return existing
    safe_name = _safe_filename(filename, content_type)
    asset = KbAsset(
        workspace_id=workspace_id,
        filename=safe_name,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        uploaded_by=actor,
    )
    with transaction.atomic():
        asset.file.save(safe_name, ContentFile(data), save=False)
        asset.save()
    return asset


def asset_url(asset: KbAsset) -> str:
    """The public address of an uploaded file (the hash part makes it unguessable)."""
    return f"{ASSET_URL_PREFIX}{asset.pk}/{asset.sha256[:16]}/{asset.filename}"


def is_image(asset: KbAsset) -> bool:
    return asset.content_type in IMAGE_TYPES
