"""The instant-answer bot's decision for one customer message: answer with an article, or hand
the conversation to a person and say why. The live channels, the agents' suggestions and
``POST /api/v1/bot/suggest`` all call ``suggest``.

1. The needs-a-person gate (``yanit.bot.gate``): complaints, anger, urgency, greetings or thanks
   alone, one specific order / payment / account, off-topic → hand off at once.
2. The bot never answers twice in a row in a conversation.
3. The workspace's published articles are scored against the message: the bot's matcher
   (``yanit.bot.matcher``) blended with knowledge base search's ``rank()``.
4. Confidence combines the best score with its margin over the runner-up; the bot answers only
   above ``ANSWER_THRESHOLD`` and only with an article that allows it (``bot_enabled``).
"""

from __future__ import annotations

from yanit.bot import gate
from yanit.bot import index as bot_index
from yanit.bot.decision import Candidate, Suggestion
from yanit.bot.language import detect_language
from yanit.bot.models import BotTurn
from yanit.kb import search as kb_search

MAX_CANDIDATES = 5
# Calibrated on the dev split of bench/kb_eval (see bench/kb_bot.py) for wrong answers under
# 1.5% of answers there, leaving room for messages unlike the examples.
ANSWER_THRESHOLD = 0.33
# How far ahead of the runner-up the best article must be to count fully. The margin weighs
# most: a near tie between two articles (iade süresi / iade kargo ücreti) is where wrong answers
# come from, whatever the best score.
FULL_MARGIN = 0.3
MARGIN_WEIGHT = 0.9
# The matcher's share of the blended score; the rest is knowledge base search's rank().
MATCHER_WEIGHT = 0.6
# A message whose best article scores below this and covers less than half of its words is about
# something else entirely (a handoff either way; the reason tells the team).
OFF_TOPIC_SCORE = 0.3
OFF_TOPIC_REACH = 0.5

REASON_CONFIDENT = "confident"
REASON_LOW_CONFIDENCE = "low_confidence"
REASON_NO_ARTICLES = "no_articles"
REASON_BOT_ANSWERED_LAST = "bot_answered_last"


def confidence(best: float, runner_up: float) -> float:
    """How sure the bot is, in [0, 1]: the best score, discounted when the runner-up is close."""
    if best <= 0:
        return 0.0
    margin = min(max(best - runner_up, 0.0) / FULL_MARGIN, 1.0)
    return round(min(best, 1.0) * (1 - MARGIN_WEIGHT + MARGIN_WEIGHT * margin), 4)


def _bot_answered_last(conversation_id: int | None) -> bool:
    if conversation_id is None:
        return False
    last = (
        BotTurn.objects.filter(conversation_id=conversation_id)
        .order_by("-created_at", "-id")
        .values_list("decision", flat=True)
        .first()
    )
    return last == BotTurn.Decision.ANSWER


def suggest(
    workspace_id: int, text: str, language: str | None = None, *, conversation_id: int | None = None
) -> Suggestion:
    """What the bot does with ``text``, a customer's message in ``workspace_id``.

    ``language`` ("tr"/"en") is guessed from the text when not given; the answer article is the
    version in that language where one exists. ``conversation_id`` lets the bot see its previous
    turn there, so it never answers twice in a row.
    """
    lang = language if language in ("tr", "en") else detect_language(text)
    verdict = gate.check(text)
    index = bot_index.get(workspace_id)
    ranked = _rank(workspace_id, index, text, verdict.question or text, lang)
    candidates = [Candidate(article_id, round(score, 4)) for article_id, score, _ in ranked[:MAX_CANDIDATES]]
    top_id = candidates[0].article_id if candidates else None

    def handoff(reason: str, conf: float = 0.0) -> Suggestion:
        return Suggestion("handoff", top_id, conf, candidates, reason, lang)

    if verdict.reason is not None:
        return handoff(verdict.reason)
    if not index.articles:
        return handoff(REASON_NO_ARTICLES)
    if not ranked:
        return handoff(gate.OFF_TOPIC)
    best_score = ranked[0][1]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    conf = confidence(best_score, runner_up)
    if best_score < OFF_TOPIC_SCORE and ranked[0][2] < OFF_TOPIC_REACH:
        return handoff(gate.OFF_TOPIC, conf)
    if conf < ANSWER_THRESHOLD or not index.articles[ranked[0][0]].bot_enabled:
        return handoff(REASON_LOW_CONFIDENCE, conf)
    if _bot_answered_last(conversation_id):
        return handoff(REASON_BOT_ANSWERED_LAST, conf)
    return Suggestion("answer", top_id, conf, candidates, REASON_CONFIDENT, lang)


def _rank(
    workspace_id: int, index: bot_index.BotIndex, text: str, question: str, language: str
) -> list[tuple[int, float, float]]:
    """(article id, score, reach) per translation group, best first; each group is represented
    by its version in ``language`` when it has one.

    The score blends the bot's matcher (closest example question, coverage of the message) with
    knowledge base search's ranking (BM25F over the articles' fields), which catches what the
    examples do not say; reach comes from the matcher."""
    mine: dict[str, tuple[float, float]] = {}
    for doc, score, reach in index.matcher.score(question, language):
        if doc.group not in mine:
            mine[doc.group] = (score, reach)
    theirs: dict[str, float] = {}
    for article_id, score in kb_search.rank(workspace_id, text, language):
        info = index.articles.get(article_id)
        if info is not None and info.group not in theirs:
            theirs[info.group] = score
    blended = []
    for group in mine.keys() | theirs.keys():
        score, reach = mine.get(group, (0.0, 0.0))
        value = MATCHER_WEIGHT * score + (1 - MATCHER_WEIGHT) * theirs.get(group, 0.0)
        translations = index.translations.get(group, {})
        article_id = translations.get(language) or translations.get("tr") or next(iter(translations.values()))
        blended.append((article_id, value, reach))
    blended.sort(key=lambda row: (-row[1], row[0]))
    return blended
