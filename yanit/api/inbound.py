"""``POST /inboxes/{id}/inbound``: an external system hands us a customer's message.

The hot path of the API. A sync view, one authentication query, one service call; the service
is idempotent on ``external_id`` (the same id again returns the stored message, HTTP 200).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import field_validator

from yanit.api.schemas import COMMON_ERRORS, ErrorOut
from yanit.api.security import InboundToken, inbound_caller
from yanit.contacts.services.identify import ContactClaim
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message

router = Router(tags=["inbound"])


class ContactIn(Schema):
    name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40, description="Any common format; stored as E.164")
    external_id: str = Field(default="", max_length=320, description="Your id for this customer")


class AttachmentIn(Schema):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(default="", max_length=150)
    data_base64: str

    @field_validator("data_base64")
    @classmethod
    def must_be_base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("not valid base64") from exc
        return value


class InboundMetadataIn(Schema):
    bot_feedback: Literal["yes", "no"] | None = Field(
        default=None, description="The customer's answer to an instant answer's quick replies"
    )


class InboundIn(Schema):
    contact: ContactIn
    text: str = ""
    subject: str = Field(default="", max_length=300)
    external_id: str | None = Field(
        default=None, description="Your id for this message: sending it again creates nothing"
    )
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    metadata: InboundMetadataIn | None = None


class InboundOut(Schema):
    conversation_id: int
    message_id: int
    contact_id: int
    created: bool = Field(description="false when external_id was seen before (HTTP 200)")


@router.post(
    "/{int:inbox_id}/inbound",
    auth=InboundToken(),
    url_name="inbox_inbound",
    response={201: InboundOut, 200: InboundOut, **COMMON_ERRORS, 409: ErrorOut},
    summary="Post a customer's message into an inbox (inbox token or agent token)",
)
def post_inbound(request: HttpRequest, inbox_id: int, payload: InboundIn) -> Status:
    inbox = inbound_caller(request).inbox
    claim = payload.contact
    result = do_receive_inbound_message(
        inbox,
        InboundMessage(
            contact=ContactClaim(
                name=claim.name,
                email=claim.email,
                phone=claim.phone,
                external_id=claim.external_id,
                namespace=f"inbox:{inbox.pk}",
            ),
            text=payload.text,
            subject=payload.subject,
            provider_id=payload.external_id,
            metadata=(
                {"bot_feedback": payload.metadata.bot_feedback}
                if payload.metadata and payload.metadata.bot_feedback
                else {}
            ),
            attachments=tuple(
                IncomingFile(
                    filename=item.filename,
                    content=base64.b64decode(item.data_base64),
                    content_type=item.content_type,
                )
                for item in payload.attachments
            ),
        ),
    )
    body: dict[str, Any] = {
        "conversation_id": result.conversation.pk,
        "message_id": result.message.pk,
        "contact_id": result.contact.pk,
        "created": result.created,
    }
    return Status(201 if result.created else 200, body)
