"""Answers improve with use: a customer's wording an agent answered with an article becomes one
of that article's example questions, which the bot and search match against."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.bot.services.wording import read_feedback
from yanit.conversations.models import Conversation, Message
from yanit.core.errors import ValidationFailed
from yanit.core.text import search_fold
from yanit.kb.index_state import bump
from yanit.kb.models import Article, ExampleQuestion
from yanit.kb.urls import article_public_path

MAX_QUESTION_CHARS = 500
LOOK_BACK = 10
_URL = re.compile(r"/help/[\w-]+/(?:tr|en)/[\w-]+/")


def last_customer_message(conversation: Conversation) -> Message | None:
    """The customer's latest question: a yes/no to the bot ("Hayır, temsilciye bağlan") is none."""
    recent = (
        Message.objects.filter(
            conversation=conversation, direction=Message.Direction.IN, kind=Message.Kind.MESSAGE
        )
        .exclude(text="")
        .order_by("-created_at", "-id")[:LOOK_BACK]
    )
    return next((m for m in recent if read_feedback(m.text, m.metadata) is None), None)


def article_linked_in_reply(conversation: Conversation) -> tuple[Message, Article] | None:
    """The customer's message an agent then answered with a link to a published article of
    this workspace (the agent's latest reply after that message), or None."""
    question = last_customer_message(conversation)
    if question is None:
        return None
    reply = (
        Message.objects.filter(
            conversation=conversation,
            direction=Message.Direction.OUT,
            kind=Message.Kind.MESSAGE,
            sender_agent__isnull=False,
            pk__gt=question.pk,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if reply is None:
        return None
    paths = set(_URL.findall(reply.text))
    if not paths:
        return None
    for article in Article.objects.filter(
        workspace_id=conversation.workspace_id, status=Article.Status.PUBLISHED
    ).select_related("workspace"):
        if article_public_path(article) in paths:
            return question, article
    return None


def already_known(article: Article, text: str) -> bool:
    folded = search_fold(text)
    return any(search_fold(q) == folded for q in article.example_questions.values_list("text", flat=True))


def do_learn_example_question(
    agent: Agent, conversation: Conversation, article: Article, text: str
) -> ExampleQuestion | None:
    """Save ``text`` as an example question of ``article`` (None when it is already one)."""
    cleaned = " ".join((text or "").split())[:MAX_QUESTION_CHARS]
    if not cleaned:
        raise ValidationFailed(_("The question is empty."), details={"text": "empty"})
    if article.workspace_id != agent.workspace_id or conversation.workspace_id != agent.workspace_id:
        raise ValidationFailed(_("This article is not in your workspace."))
    with transaction.atomic():
        if already_known(article, cleaned):
            return None
        example = ExampleQuestion.objects.create(
            workspace_id=article.workspace_id,
            article=article,
            text=cleaned,
            source=ExampleQuestion.Source.CONVERSATION,
            conversation=conversation,
            created_by=agent,
        )
        bump(article.workspace_id)
    return example
