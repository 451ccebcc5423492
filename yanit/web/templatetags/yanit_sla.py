"""SLA countdown badges for the inbox list and the conversation page.

The server renders the current text; static/yanit/sla.js keeps it ticking from ``data-sla-due``.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from yanit.conversations.models import Conversation
from yanit.sla.display import metric_title, remaining_text
from yanit.sla.models import SlaTimer
from yanit.sla.timers import running_timers

register = template.Library()


def _badge(due: datetime | None, state: str, label: str = "") -> SafeString:
    if state == "paused":
        return format_html(
            '<span class="sla-badge sla-paused" data-testid="sla-badge">{}{}</span>',
            f"{label} " if label else "",
            _("SLA paused"),
        )
    if due is None or not state:
        return SafeString("")
    now = timezone.now()
    if due <= now:
        state = "breached"
    return format_html(
        '<span class="sla-badge sla-{}" data-sla-due="{}" data-sla-state="{}" title="{}"'
        ' data-testid="sla-badge">{}<span class="sla-left">{}</span></span>',
        state,
        due.isoformat(),
        state,
        timezone.localtime(due).strftime("%d.%m.%Y %H:%M"),
        f"{label} · " if label else "",
        remaining_text(due, now),
    )


@register.simple_tag
def sla_badge(conversation: Conversation) -> SafeString:
    return _badge(conversation.sla_due_at, conversation.sla_state)


def _timer_state(timer: SlaTimer) -> str:
    if timer.paused_at is not None:
        return "paused"
    if timer.breached_at is not None:
        return "breached"
    return "warning" if timer.warned_at is not None else "ok"


@register.simple_tag
def sla_timers(conversation: Conversation) -> SafeString:
    """Every running clock of the conversation: "İlk yanıt · 12 dk kaldı"."""
    timers = running_timers(conversation)
    if not timers:
        return SafeString("")
    badges = [_badge(t.due_at, _timer_state(t), metric_title(t.metric)) for t in timers]
    return format_html(
        '<div class="sla-timers" data-testid="sla-timers">{}</div>', SafeString(" ".join(badges))
    )


@register.simple_tag
def sla_i18n() -> SafeString:
    """The countdown's words for sla.js, in the page's language."""
    words = {
        "min": _("%(m)d min"),
        "h": _("%(h)d h"),
        "hmin": _("%(h)d h %(m)d min"),
        "d": _("%(d)d d"),
        "dh": _("%(d)d d %(h)d h"),
        "left": _("%(left)s left"),
        "late": _("breached by %(late)s"),
    }
    return json_script(words, "sla-i18n")
