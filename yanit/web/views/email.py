"""An inbound email's original (.eml download) and its remote images, on the agent's request.

Both only for agents of the workspace the message belongs to; anyone else gets 404.
"""

from __future__ import annotations

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yanit.connectors.email.ingest import email_body
from yanit.connectors.email.models import RawEmail
from yanit.connectors.email.parsing import parse_email
from yanit.conversations.models import Message
from yanit.web.access import agent_required
from yanit.web.templatetags.yanit_email import email_html_for
from yanit.web.views.common import agent_of

_IMG = re.compile(r"<img\b")


def _raw_email(request: HttpRequest, message_id: int) -> RawEmail:
    record = (
        RawEmail.objects.filter(message_id=message_id, workspace_id=agent_of(request).workspace_id)
        .select_related("message__conversation__contact")
        .first()
    )
    if record is None:
        raise Http404("email not found")
    return record


@require_GET
@agent_required
def email_original(request: HttpRequest, message_id: int) -> FileResponse:
    record = _raw_email(request, message_id)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404("email file missing") from None
    response = FileResponse(
        handle, as_attachment=True, filename=f"email-{message_id}.eml", content_type="message/rfc822"
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@agent_required
def email_with_images(request: HttpRequest, message_id: int) -> HttpResponse:
    """The message again, its remote images shown this time (re-read from the original)."""
    record = _raw_email(request, message_id)
    message: Message = record.message
    with record.file.open("rb") as handle:
        parsed = parse_email(handle.read())
    _text, body = email_body(parsed, remote_images=True)
    # No Referer to the image hosts: they learn an image was opened, not from where.
    body = _IMG.sub('<img referrerpolicy="no-referrer"', body)
    return render(
        request,
        "web/_message.html",
        {"m": message, "conversation": message.conversation, "email_body": email_html_for(message, body)},
    )
