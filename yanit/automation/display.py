"""Human text for what a rule did: the timeline line and the "why did this happen" list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from yanit.conversations.models import PRIORITY_BY_NAME, Conversation


def _priority(name: Any) -> str:
    try:
        return str(Conversation.Priority(PRIORITY_BY_NAME[name]).label).lower()
    except (KeyError, ValueError):
        return str(name)


def _status(value: Any) -> str:
    try:
        return str(Conversation.Status(value).label).lower()
    except ValueError:
        return str(value)


def part_text(part: list[Any]) -> str:
    kind, value = part[0], part[1] if len(part) > 1 else ""
    joined = ", ".join(value) if isinstance(value, list) else str(value)
    if kind == "priority":
        return _("priority %(priority)s") % {"priority": _priority(value)}
    if kind == "status":
        return _("status %(status)s") % {"status": _status(value)}
    if kind == "snoozed":
        try:
            until = timezone.localtime(datetime.fromisoformat(value))
            shown = formats.date_format(until, "SHORT_DATETIME_FORMAT")
        except (TypeError, ValueError):
            shown = str(value)
        return _("snoozed until %(time)s") % {"time": shown}
    if kind == "tags_added":
        return _("tag %(tags)s") % {"tags": joined}
    if kind == "tags_removed":
        return _("tag removed %(tags)s") % {"tags": joined}
    if kind == "assignee":
        return _("assigned to %(agent)s") % {"agent": joined}
    if kind == "team":
        return _("team %(team)s") % {"team": joined}
    if kind == "note":
        return _("internal note")
    if kind == "canned_sent":
        return _("reply sent: %(title)s") % {"title": joined}
    if kind == "suggested":
        return _("reply suggested: %(title)s") % {"title": joined}
    if kind == "macro":
        return _("macro %(name)s") % {"name": joined}
    if kind == "notified":
        return _("notified %(names)s") % {"names": joined}
    if kind == "webhook":
        return _("webhook %(url)s") % {"url": joined}
    return joined


def rule_summary(name: str, parts: list[list[Any]]) -> str:
    """ "Kural 'Kargo şikayeti': öncelik yüksek, etiket kargo gecikmesi" """
    done = ", ".join(part_text(p) for p in parts)
    if not done:
        return _("Rule '%(name)s' ran") % {"name": name}
    return _("Rule '%(name)s': %(done)s") % {"name": name, "done": done}
