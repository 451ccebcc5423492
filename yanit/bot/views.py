"""``/bot/feedback/<token>/``: the page behind the yes/no links of a bot answer sent by email.

Opening the link shows the choice with a confirm button and only the POST records it: mail
scanners open every link in an email, and must not resolve conversations on their own.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from yanit.bot.models import BotTurn
from yanit.bot.services.feedback import record_feedback
from yanit.bot.services.tokens import read_token
from yanit.bot.services.wording import YES


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(token)
    turn = (
        BotTurn.objects.select_related("article", "reply", "workspace", "conversation__inbox")
        .filter(pk=found[0])
        .first()
        if found
        else None
    )
    if found is None or turn is None:
        with translation.override("tr"):
            return render(request, "bot/feedback.html", {"invalid": True, "language": "tr"}, status=404)
    answer = found[1]
    language = ((turn.reply.metadata if turn.reply else {}) or {}).get("bot", {}).get("language", "tr")
    context = {
        "language": language,
        "store": turn.workspace.name,
        "article": turn.article,
        "answer": answer,
        "is_yes": answer == YES,
        "closed": turn.outcome != BotTurn.Outcome.PENDING,
        "outcome": turn.outcome,
    }
    with translation.override(language):
        if request.method == "POST" and not context["closed"]:
            record_feedback(turn, answer, via=turn.conversation.inbox.channel)
            context.update(recorded=True, closed=True, outcome=turn.outcome)
        return render(request, "bot/feedback.html", context)
