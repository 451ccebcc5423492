"""The values of a conversation's variables, and which language to answer it in."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation, Message
from yanit.replies.language import DEFAULT_LANGUAGE, guess_language, normalise_language
from yanit.replies.render import display_name, first_name
from yanit.sla.reply_time import expected_reply


def conversation_language(conversation: Conversation) -> str:
    """The contact's language when known, else a guess from their last message, else Turkish."""
    attributes = conversation.contact.attributes or {}
    for key in ("language", "lang", "dil"):
        known = normalise_language(attributes.get(key))
        if known:
            return known
    last_text = (
        Message.objects.filter(conversation=conversation, direction=Message.Direction.IN)
        .order_by("-created_at", "-id")
        .values_list("text", flat=True)
        .first()
    )
    return guess_language(last_text or "") or DEFAULT_LANGUAGE


def expected_reply_time(conversation: Conversation, language: str) -> str:
    """What "we will answer …" says for this conversation, in ``language``: "2 saat içinde",
    "yarın 09:00'dan sonra" from the business hours and SLA service; without hours or a policy,
    the inbox's expected-reply text setting (per channel, per language); else "as soon as possible"."""
    answer = expected_reply(conversation.workspace_id, conversation.team_id, language)
    if answer is not None:
        return answer.text
    settings = conversation.inbox.settings or {}
    for scope in (settings.get(conversation.inbox.channel), settings):
        if isinstance(scope, dict):
            texts = scope.get("expected_reply_text")
            if isinstance(texts, dict) and str(texts.get(language) or "").strip():
                return str(texts[language]).strip()
    with translation.override(language):
        return _("as soon as possible")


def variable_values(
    conversation: Conversation, agent: Agent | None, language: str
) -> dict[str, str | Callable[[], str]]:
    """Every known variable for this conversation. Without an agent (a rule sends the text),
    the assignee signs; without an assignee, the workspace."""
    signer = agent or conversation.assignee
    workspace_name = conversation.workspace.name
    contact = conversation.contact
    return {
        "contact.first_name": first_name(contact.name),
        "contact.name": display_name(contact.name),
        "agent.name": signer.name if signer else workspace_name,
        "agent.first_name": (first_name(signer.user.name) or signer.name) if signer else workspace_name,
        "conversation.id": f"#{conversation.number}",
        "workspace.name": workspace_name,
        "expected_reply_time": lambda: expected_reply_time(conversation, language),
    }
