"""Attachments, served only to agents of the workspace that owns them (never from MEDIA_ROOT)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from yanit.conversations.models import Attachment
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of

# Shown in the page; anything else (SVG and HTML included) is always a download, so a
# customer's file can never run script in the agent's session.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@require_GET
@agent_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    item = Attachment.objects.filter(pk=attachment_id, workspace_id=agent_of(request).workspace_id).first()
    if item is None:
        raise Http404("attachment not found")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("attachment file missing") from None
    inline = item.content_type in INLINE_TYPES and request.GET.get("download") is None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=item.filename,
        content_type=item.content_type if inline else "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    return response
