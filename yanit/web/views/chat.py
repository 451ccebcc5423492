"""What a live chat conversation adds to the agent's page: the visitor (page, still there?),
the rating, read marks for the visitor, and "send transcript"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from yanit.connectors.webchat.queries import transcript_address, visitor_info
from yanit.connectors.webchat.services.chat import do_agent_read
from yanit.connectors.webchat.services.transcript import do_send_transcript, email_available
from yanit.conversations.models import Conversation
from yanit.conversations.services.access import access_conversation
from yanit.inboxes.models import Inbox
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of, domain_errors


def is_chat(conversation: Conversation) -> bool:
    return conversation.inbox.channel == Inbox.Channel.WEBCHAT


def chat_context(conversation: Conversation) -> dict[str, Any]:
    if not is_chat(conversation):
        return {"is_chat": False}
    return {
        "is_chat": True,
        "chat_visitor": visitor_info(conversation),
        "transcript_to": transcript_address(conversation),
        "transcript_possible": email_available(conversation.inbox),
    }


def mark_read(conversation: Conversation) -> None:
    """The agent has the thread in front of them: the visitor's messages so far are seen."""
    if is_chat(conversation):
        do_agent_read(conversation)


@require_POST
@agent_required
@domain_errors("#transcript-result")
def send_transcript(request: HttpRequest, conversation_id: int) -> HttpResponse:
    agent = agent_of(request)
    conversation = access_conversation(agent, conversation_id)
    address = request.POST.get("email", "").strip()
    message = do_send_transcript(conversation, address, language=agent.user.language or "tr")
    return render(request, "web/_transcript_sent.html", {"address": message.metadata["email_to"]})
