"""The conversation sidebar's "Suggested articles": the bot's top matches for the customer's
last message, "Insert" into the composer, and saving the customer's wording as an example
question once an agent answered with an article's link."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from yanit.bot.decide import suggest
from yanit.bot.services.learning import (
    already_known,
    article_linked_in_reply,
    do_learn_example_question,
    last_customer_message,
)
from yanit.conversations.models import Conversation
from yanit.conversations.services.access import access_conversation
from yanit.core.errors import NotFound
from yanit.kb.models import Article
from yanit.kb.urls import article_public_url
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of, domain_errors

SHOWN = 3


def suggestions_context(conversation: Conversation) -> dict[str, Any]:
    question = last_customer_message(conversation)
    items: list[dict[str, Any]] = []
    if question is not None:
        found = suggest(conversation.workspace_id, question.text)
        ids = [c.article_id for c in found.candidates[:SHOWN]]
        articles = Article.objects.select_related("workspace").in_bulk(ids)
        for candidate in found.candidates[:SHOWN]:
            article = articles.get(candidate.article_id)
            if article is None:
                continue
            url = article_public_url(article)
            items.append(
                {
                    "article": article,
                    "score": round(candidate.score * 100),
                    "insert_text": f"{article.summary.strip()}\n\n{article.title}: {url}".strip(),
                }
            )
    learn = article_linked_in_reply(conversation)
    if learn is not None and already_known(learn[1], learn[0].text):
        learn = None
    return {"conversation": conversation, "items": items, "learn": learn}


@require_GET
@agent_required
@domain_errors()
def suggestions(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access_conversation(agent_of(request), conversation_id)
    return render(request, "web/bot/_kb_suggestions.html", suggestions_context(conversation))


@require_POST
@agent_required
@domain_errors("#kb-learn-errors")
def learn(request: HttpRequest, conversation_id: int) -> HttpResponse:
    agent = agent_of(request)
    conversation = access_conversation(agent, conversation_id)
    found = article_linked_in_reply(conversation)
    if found is None or str(found[1].pk) != request.POST.get("article", ""):
        raise NotFound("article")
    question, article = found
    do_learn_example_question(agent, conversation, article, question.text)
    context = suggestions_context(conversation)
    context["learned"] = {"text": question.text, "article": article}
    return render(request, "web/bot/_kb_suggestions.html", context)
