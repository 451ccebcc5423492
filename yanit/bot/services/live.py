"""The bot on live channels: look at each new customer message once, answer only when the
decision says so, never twice in a row, and hand the conversation to a person otherwise.

Runs in-process right after the inbound message commits, after the automation rules (the bot
app subscribes after the automation app), so a rule that assigned an agent or made the
conversation urgent keeps the bot silent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from yanit.bot.decision import Suggestion
from yanit.bot.models import BotTurn
from yanit.bot.services.feedback import hand_off, record_activity, record_feedback
from yanit.bot.services.tokens import feedback_links
from yanit.bot.services.wording import answer_text, quick_replies, read_feedback
from yanit.bot.switch import bot_enabled
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.services.reply import do_send_automated_reply
from yanit.inboxes.models import Inbox
from yanit.kb.models import Article
from yanit.kb.urls import article_public_url

logger = logging.getLogger(__name__)

Decider = Callable[..., Suggestion]

# Handoffs after which the bot may still answer the customer's next message: a greeting or a
# thank-you alone is no question, the question usually comes next.
SOFT_HANDOFF_REASONS = frozenset({"greeting", "thanks"})
# Channels whose answers carry signed yes/no links (the customer reads them in an email).
EMAIL_CHANNELS = frozenset({Inbox.Channel.EMAIL, Inbox.Channel.FORM})


def decider() -> Decider:
    """The shared decision, the same as the agents' suggestions and ``POST /api/v1/bot/suggest``."""
    from yanit.bot.decide import suggest

    return suggest


def pending_turn(conversation_id: int) -> BotTurn | None:
    return (
        BotTurn.objects.filter(conversation_id=conversation_id, outcome=BotTurn.Outcome.PENDING)
        .select_related("article", "reply")
        .order_by("-created_at", "-id")
        .first()
    )


def silence_reason(conversation: Conversation) -> str | None:
    """Why the bot must not look at this conversation at all, or None when it may."""
    if Message.objects.filter(
        conversation=conversation,
        direction=Message.Direction.OUT,
        kind=Message.Kind.MESSAGE,
        sender_agent__isnull=False,
    ).exists():
        return "agent_replied"
    last = BotTurn.objects.filter(conversation=conversation).order_by("-created_at", "-id").first()
    if last is not None:
        if last.outcome == BotTurn.Outcome.HANDED_OFF:
            return "handed_off"
        if last.decision == BotTurn.Decision.HANDOFF and last.reason not in SOFT_HANDOFF_REASONS:
            return "handed_off"
    return None


def _answered_before(conversation_id: int) -> bool:
    return BotTurn.objects.filter(conversation_id=conversation_id, decision=BotTurn.Decision.ANSWER).exists()


def rule_reason(conversation: Conversation) -> str | None:
    """A rule already took this conversation in hand: it assigned someone or made it urgent."""
    if conversation.priority == Conversation.Priority.URGENT:
        return "urgent_priority"
    if (
        conversation.assignee_id is not None
        and Activity.objects.filter(
            conversation=conversation, verb=Activity.Verb.ASSIGNED, actor_kind__startswith="rule:"
        ).exists()
    ):
        return "rule_assigned"
    return None


def on_customer_message(message_id: int, *, decide: Decider | None = None) -> BotTurn | None:
    """React to one inbound customer message. Safe to call again for the same message."""
    message = (
        Message.objects.select_related("conversation__inbox", "conversation__workspace")
        .filter(pk=message_id, direction=Message.Direction.IN, kind=Message.Kind.MESSAGE)
        .first()
    )
    if message is None:
        return None
    conversation = message.conversation
    if "bot" not in (conversation.inbox.settings or {}):
        return None  # the bot was never switched on here: nothing pending, nothing to decide
    pending = pending_turn(conversation.pk)
    if pending is not None and pending.message_id != message.pk:
        if pending.reply_id is not None and message.pk < pending.reply_id:
            return None  # written before the answer arrived: the answer covers it
        answer = read_feedback(message.text, message.metadata)
        if answer is not None:
            return record_feedback(pending, answer, via=conversation.inbox.channel)
        return hand_off(pending, cause="wrote_again")
    if not bot_enabled(conversation.inbox):
        return None
    if read_feedback(message.text, message.metadata) is not None and _answered_before(conversation.pk):
        return None  # a late or repeated yes/no to an answer already closed
    existing = BotTurn.objects.filter(message=message).first()
    if existing is not None:
        return existing
    if silence_reason(conversation) is not None:
        return None
    reason = rule_reason(conversation)
    if reason is not None:
        suggestion = Suggestion(decision="handoff", article_id=None, confidence=0.0, reason=reason)
    else:
        suggestion = (decide or decider())(
            conversation.workspace_id, message.text, None, conversation_id=conversation.pk
        )
    return _act(message, suggestion)


def _act(message: Message, suggestion: Suggestion) -> BotTurn | None:
    conversation = message.conversation
    article = None
    if suggestion.article_id is not None:
        article = (
            Article.objects.select_related("workspace")
            .filter(pk=suggestion.article_id, workspace_id=conversation.workspace_id)
            .first()
        )
    answers = (
        suggestion.decision == "answer"
        and article is not None
        and article.is_published
        and article.bot_enabled
        and bool(article.summary.strip())
    )
    # Drafted before taking the lock: an LLM may take seconds.
    summary = _drafted_summary(article, message.text) if answers and article is not None else ""
    try:
        with transaction.atomic():
            # One decision at a time per conversation: a second message racing this one waits
            # and then sees this turn, so the bot never answers twice in a row.
            Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
            if BotTurn.objects.filter(message=message).exists():
                return BotTurn.objects.get(message=message)
            reason = suggestion.reason or "low_confidence"
            if answers and pending_turn(conversation.pk) is not None:
                # Another message of this conversation got its answer meanwhile.
                answers, reason = False, "bot_answered_last"
            turn = BotTurn.objects.create(
                workspace_id=conversation.workspace_id,
                conversation=conversation,
                message=message,
                decision=BotTurn.Decision.ANSWER if answers else BotTurn.Decision.HANDOFF,
                reason=reason,
                article=article,
                confidence=suggestion.confidence,
                candidates=[
                    {"article_id": c.article_id, "score": round(c.score, 4)} for c in suggestion.candidates
                ],
                outcome=BotTurn.Outcome.PENDING if answers else BotTurn.Outcome.NONE,
            )
            if answers:
                assert article is not None
                _send_answer(turn, article, summary, suggestion.language or article.language)
            record_activity(turn, "answered" if answers else "handoff")
    except IntegrityError:
        # The same message handled at the same moment elsewhere (a retried job): that one won.
        return BotTurn.objects.filter(message=message).first()
    return turn


def _send_answer(turn: BotTurn, article: Article, summary: str, language: str) -> None:
    conversation = turn.conversation
    channel = conversation.inbox.channel
    url = article_public_url(article)
    links = feedback_links(turn.pk) if channel in EMAIL_CHANNELS else None
    text = answer_text(article, summary=summary, url=url, channel=channel, language=language, links=links)
    bot: dict[str, Any] = {
        "turn": turn.pk,
        "article": article.pk,
        "article_title": article.title,
        "article_url": url,
        "language": language,
        "quick_replies": quick_replies(language),
    }
    if links:
        bot["feedback_links"] = links
    reply = do_send_automated_reply(conversation, text, metadata={"bot": bot})
    turn.reply = reply
    turn.save(update_fields=["reply"])


def _drafted_summary(article: Article, question: str) -> str:
    """The article's short answer, or the workspace's LLM draft grounded in it when configured."""
    from yanit.bot.llm import draft_answer

    return draft_answer(article, question) or article.summary
