"""Messages of a conversation: read the thread, reply or write an internal note, download files."""

from __future__ import annotations

from typing import Any, Literal

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from yanit.api.queries import attachment_of
from yanit.api.schemas import COMMON_ERRORS, Timestamp
from yanit.api.security import current_agent
from yanit.conversations.models import Attachment, Message
from yanit.conversations.queries import MAX_MESSAGES_PAGE, messages_after
from yanit.conversations.services.access import access_conversation
from yanit.conversations.services.reply import do_send_reply
from yanit.core.errors import Conflict, NotFound
from yanit.routing.services.collision import newer_reply

router = Router(tags=["messages"])
files_router = Router(tags=["messages"])


class SenderOut(Schema):
    type: Literal["agent", "contact"]
    id: int
    name: str


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    url: str = Field(description="Download with the same Authorization header")


class MessageOut(Schema):
    id: int
    conversation_id: int
    direction: Literal["in", "out"]
    kind: Literal["message", "note", "activity", "automated"]
    text: str
    html: str
    sender: SenderOut | None
    delivery_status: str = Field(description="queued, sent, delivered, read, failed; empty for notes")
    failure_reason: str
    created_at: Timestamp
    attachments: list[AttachmentOut]


class ReplyIn(Schema):
    text: str
    private: bool = Field(default=False, description="true writes an internal note the customer never sees")
    if_no_reply_after: int | None = Field(
        default=None,
        description="The last message id you saw: if someone else replied to the customer after it, "
        "nothing is sent and the answer is 409 with that reply in error.details.newer_reply",
    )


def present_attachment(request: HttpRequest, attachment: Attachment) -> dict[str, Any]:
    path = reverse("api:attachment_download", kwargs={"attachment_id": attachment.pk})
    return {
        "id": attachment.pk,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": request.build_absolute_uri(path),
    }


def present_message(request: HttpRequest, message: Message) -> dict[str, Any]:
    sender: dict[str, Any] | None = None
    if message.sender_agent is not None:
        sender = {"type": "agent", "id": message.sender_agent.pk, "name": message.sender_agent.name}
    elif message.sender_contact is not None:
        contact = message.sender_contact
        sender = {"type": "contact", "id": contact.pk, "name": contact.display_name}
    return {
        "id": message.pk,
        "conversation_id": message.conversation_id,
        "direction": message.direction,
        "kind": message.kind,
        "text": message.text,
        "html": message.html,
        "sender": sender,
        "delivery_status": message.delivery_status,
        "failure_reason": message.failure_reason,
        "created_at": message.created_at,
        "attachments": [present_attachment(request, a) for a in message.attachments.all()],
    }


@router.get(
    "/{int:conversation_id}/messages",
    response={200: list[MessageOut], **COMMON_ERRORS},
    summary="Messages of a conversation, oldest first (notes included), a page at a time",
    description=(
        "Returns up to `limit` messages (default 100, at most 500) in the order they were written. "
        "Pass `after` = the id of the last message you have to get the next ones; fewer than `limit` "
        "items means you have them all."
    ),
)
def list_messages(
    request: HttpRequest,
    conversation_id: int,
    after: int | None = Query(None, ge=0, le=2**63 - 1),
    limit: int = Query(100, ge=1, le=MAX_MESSAGES_PAGE),
) -> list[dict[str, Any]]:
    conversation = access_conversation(current_agent(request), conversation_id)
    return [present_message(request, m) for m in messages_after(conversation, after_id=after, limit=limit)]


@router.post(
    "/{int:conversation_id}/messages",
    response={201: MessageOut, **COMMON_ERRORS},
    summary="Reply to the customer, or with private=true write an internal note",
)
def post_message(request: HttpRequest, conversation_id: int, payload: ReplyIn) -> Status:
    agent = current_agent(request)
    conversation = access_conversation(agent, conversation_id)
    if "if_no_reply_after" in payload.model_fields_set and not payload.private:
        newer = newer_reply(conversation, agent, payload.if_no_reply_after)
        if newer is not None:
            raise Conflict(
                _("Someone else replied in the meantime."),
                details={"newer_reply": present_message(request, newer)},
                code="replied_meanwhile",
            )
    message = do_send_reply(agent, conversation, payload.text, private=payload.private)
    return Status(201, present_message(request, message))


@files_router.get(
    "/{int:attachment_id}",
    url_name="attachment_download",
    response={200: None, **COMMON_ERRORS},
    summary="Download an attachment",
)
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = attachment_of(current_agent(request), attachment_id)
    if attachment is None:
        raise NotFound(_("Attachment not found."), details={"attachment_id": attachment_id})
    # Always a download, never rendered: the type and bytes came from outside (an SVG can hold script).
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise NotFound(
            _("The file of this attachment is gone."), details={"attachment_id": attachment_id}
        ) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
