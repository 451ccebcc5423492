"""Settings: the "Instant answers" switch of an inbox (shown on every channel's settings page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.bot.services.settings import do_set_bot_enabled
from yanit.bot.switch import bot_enabled, bot_supported
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import access_inbox
from yanit.web.access import admin_required


def bot_context(inbox: Inbox | None) -> dict[str, Any]:
    if inbox is None:
        return {}
    return {"bot_supported": bot_supported(inbox), "bot_enabled": bot_enabled(inbox)}


@require_POST
@admin_required
@domain_errors
def inbox_bot(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    inbox = access_inbox(actor, inbox_id)
    enabled = request.POST.get("enabled") == "1"
    do_set_bot_enabled(actor, inbox, enabled)
    messages.success(request, _("Instant answers are on.") if enabled else _("Instant answers are off."))
    return redirect(reverse("backoffice:inbox", args=[inbox.pk]) + "#instant-answers")
