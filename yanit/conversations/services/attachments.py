"""Storing attachments of messages, whatever channel they came from."""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from yanit.conversations.models import Attachment, Message
from yanit.core.errors import ValidationFailed


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    content: bytes
    content_type: str = ""


def safe_filename(raw: str) -> str:
    name = unicodedata.normalize("NFC", raw).replace("/", "_").replace("\\", "_").replace("\x00", "")
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .") or "attachment"
    return name[-150:]


def check_files(files: list[IncomingFile]) -> None:
    limit = settings.YANIT_MAX_ATTACHMENT_BYTES
    for item in files:
        if len(item.content) > limit:
            raise ValidationFailed(
                _("%(name)s is larger than the %(mb)d MB limit.")
                % {"name": item.filename, "mb": limit // 1_048_576},
                details={"filename": item.filename, "size": len(item.content), "limit": limit},
                code="attachment_too_large",
            )


def store_attachments(message: Message, files: list[IncomingFile]) -> list[Attachment]:
    stored = []
    for item in files:
        filename = safe_filename(item.filename)
        content_type = item.content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        attachment = Attachment(
            workspace_id=message.workspace_id,
            message=message,
            filename=filename,
            content_type=content_type[:150],
            size=len(item.content),
            sha256=hashlib.sha256(item.content).hexdigest(),
        )
        attachment.file.save(filename, ContentFile(item.content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
