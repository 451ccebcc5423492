"""``POST /inboxes/{id}/inbound-email``: a relay or forwarder hands us one raw RFC 822 email.

Same authentication as ``/inbound`` (the inbox's token or an agent token of its workspace). The
mail goes through the same path as mail read over IMAP: stored once per Message-ID, threaded,
a bounce marks our original message failed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from yanit.api.errors import ApiError
from yanit.api.schemas import COMMON_ERRORS, ErrorOut
from yanit.api.security import InboundToken, inbound_caller
from yanit.connectors.email.ingest import ingest_raw_email
from yanit.inboxes.models import Inbox

router = Router(tags=["inbound"])
CONTENT_TYPE = "message/rfc822"


class InboundEmailOut(Schema):
    conversation_id: int
    message_id: int
    created: bool = Field(description="false when this Message-ID was stored before (HTTP 200)")


class BounceOut(Schema):
    bounce: bool = True
    message_id: int | None = Field(description="Our message the bounce is about (now failed), if known")


def _read_raw(request: HttpRequest) -> bytes:
    limit = int(settings.YANIT_MAX_EMAIL_BYTES)
    # Read the stream ourselves: request.body stops at DATA_UPLOAD_MAX_MEMORY_SIZE, which is
    # sized for one attachment, not a whole email.
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise ApiError(
            413,
            "payload_too_large",
            _("The email is larger than %(n)d bytes.") % {"n": limit},
            details={"limit": limit},
        )
    return raw


@router.post(
    "/{int:inbox_id}/inbound-email",
    auth=InboundToken(),
    url_name="inbox_inbound_email",
    response={
        201: InboundEmailOut,
        200: InboundEmailOut,
        202: BounceOut,
        **COMMON_ERRORS,
        409: ErrorOut,
        415: ErrorOut,
    },
    summary="Post a raw email (message/rfc822) into an email inbox",
    description=(
        "The body is the complete email exactly as received (headers and MIME body), with "
        "`Content-Type: message/rfc822`. 201 when stored, 200 when the same Message-ID was "
        "stored before, 202 for a bounce (delivery status notification): it marks our original "
        "message failed and creates no conversation. Largest accepted email: "
        "`YANIT_MAX_EMAIL_BYTES` (default 35 MB)."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def post_inbound_email(request: HttpRequest, inbox_id: int) -> Status:
    inbox = inbound_caller(request).inbox
    if inbox.channel != Inbox.Channel.EMAIL:
        raise ApiError(
            422,
            "not_an_email_inbox",
            _("This inbox is not an email inbox."),
            details={"channel": inbox.channel},
        )
    raw = _read_raw(request)
    if not raw.strip():
        raise ApiError(400, "empty_body", _("The request body is empty: send the raw email."))
    if request.content_type != CONTENT_TYPE:
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Send the raw email with Content-Type: message/rfc822."),
            details={"content_type": request.content_type},
        )
    result = ingest_raw_email(inbox, raw)
    if result.bounce:
        return Status(202, {"bounce": True, "message_id": result.message_id})
    body: dict[str, Any] = {
        "conversation_id": result.conversation_id,
        "message_id": result.message_id,
        "created": result.created,
    }
    return Status(201 if result.created else 200, body)
