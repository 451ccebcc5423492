"""How a bot answer ends: the customer says yes (solved, the conversation is resolved), says no
or writes again (handed off: routed to a person with the exchange on the timeline)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yanit.bot.models import BotTurn
from yanit.bot.services.wording import YES, handed_off_text, solved_text
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.reply import do_send_automated_reply
from yanit.conversations.services.update import do_update_conversation

# actor_kind of what the bot does on a conversation (activities, status changes).
BOT_ACTOR = "bot"


def record_activity(turn: BotTurn, event: str, **extra: object) -> None:
    """A timeline line so agents see the bot's part: "answered", "handoff", "solved", "handed_off"."""
    Activity.objects.create(
        workspace_id=turn.workspace_id,
        conversation_id=turn.conversation_id,
        actor_kind=BOT_ACTOR,
        verb=Activity.Verb.BOT,
        data={
            "event": event,
            "turn": turn.pk,
            "article": turn.article.title if turn.article else "",
            "article_id": turn.article_id,
            "reason": turn.reason,
            **extra,
        },
        created_at=timezone.now(),
    )


def _close(turn: BotTurn, outcome: str) -> bool:
    """Move a pending turn to ``outcome``; False when it was already closed (a double click, a
    retried email link, yes after no)."""
    closed = BotTurn.objects.filter(pk=turn.pk, outcome=BotTurn.Outcome.PENDING).update(
        outcome=outcome, closed_at=timezone.now()
    )
    turn.refresh_from_db()
    return closed == 1


def record_feedback(turn: BotTurn, answer: str, *, via: str) -> BotTurn:
    """The customer's yes or no to "Did this solve it?". Idempotent: only the first answer counts."""
    if answer == YES:
        with transaction.atomic():
            if not _close(turn, BotTurn.Outcome.SOLVED):
                return turn
            record_activity(turn, "solved", via=via)
            language = (
                (turn.reply.metadata or {}).get("bot", {}).get("language", "tr") if turn.reply else "tr"
            )
            do_send_automated_reply(turn.conversation, solved_text(language))
            conversation = Conversation.objects.get(pk=turn.conversation_id)
            if conversation.status != Conversation.Status.RESOLVED:
                do_update_conversation(
                    None, conversation, status=Conversation.Status.RESOLVED, actor_kind=BOT_ACTOR
                )
        return turn
    return hand_off(turn, cause="said_no", via=via)


def hand_off(turn: BotTurn, *, cause: str, via: str = "") -> BotTurn:
    """Give the conversation to the team: "said_no" or "wrote_again"."""
    with transaction.atomic():
        if not _close(turn, BotTurn.Outcome.HANDED_OFF):
            return turn
        record_activity(turn, "handed_off", cause=cause, via=via)
        if cause == "said_no":
            language = (
                (turn.reply.metadata or {}).get("bot", {}).get("language", "tr") if turn.reply else "tr"
            )
            do_send_automated_reply(turn.conversation, handed_off_text(language))
        conversation = Conversation.objects.get(pk=turn.conversation_id)
        if conversation.status != Conversation.Status.OPEN:
            do_update_conversation(None, conversation, status=Conversation.Status.OPEN, actor_kind=BOT_ACTOR)
    route_to_team(turn.conversation_id)
    return turn


def route_to_team(conversation_id: int) -> None:
    """Assign by the inbox's or team's policy (a manual policy leaves it in the team's queue)."""
    from yanit.routing.services.assign import do_auto_assign

    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is not None and conversation.assignee_id is None:
        do_auto_assign(conversation, actor_kind=BOT_ACTOR)
