"""What a notification says, rendered in the reader's language when it is shown or sent."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from yanit.notifications.models import Kind, Notification

METRIC_LABELS = {
    "first_response": lambda: _("first response"),
    "next_response": lambda: _("next response"),
    "resolution": lambda: _("resolution"),
}


def _metric(data: dict[str, Any]) -> str:
    label = METRIC_LABELS.get(str(data.get("metric", "")))
    return label() if label else str(data.get("metric", ""))


def title(notification: Notification) -> str:
    """One line such as "Ayşe assigned you #42" — call inside the reader's translation.override()."""
    actor = notification.actor.name if notification.actor is not None else ""
    number = f"#{notification.conversation.number}" if notification.conversation is not None else ""
    data = notification.data or {}
    kind = notification.kind
    values = {"actor": actor, "number": number, "metric": _metric(data)}
    if kind == Kind.ASSIGNED:
        if actor:
            return _("%(actor)s assigned %(number)s to you") % values
        return _("%(number)s was assigned to you") % values
    if kind == Kind.MENTION:
        return _("%(actor)s mentioned you in %(number)s") % values
    if kind == Kind.SLA_WARNING:
        return _("%(number)s: %(metric)s target is close") % values
    if kind == Kind.SLA_BREACH:
        return _("%(number)s: %(metric)s target breached") % values
    if kind == Kind.SNOOZE_WOKE:
        return _("%(number)s is back from snooze") % values
    if kind == Kind.REMINDER:
        return _("Reminder: %(number)s") % values
    if kind == Kind.RULE:
        rule = str(data.get("rule", ""))
        if rule:
            return _("Rule “%(rule)s”: %(number)s") % {**values, "rule": rule}
        return _("Automation: %(number)s") % values
    if kind == Kind.REPLY_COLLISION:
        return _("%(actor)s also replied in %(number)s") % values
    return str(Kind(kind).label) if kind in Kind.values else kind


def link(notification: Notification) -> str:
    """Where a click goes: the conversation in the inbox (path only; email adds the base URL)."""
    if notification.conversation_id is None:
        return ""
    try:
        return reverse("web:conversation", args=[notification.conversation_id])
    except NoReverseMatch:
        return ""


def as_json(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": title(notification),
        "text": notification.text,
        "conversation_id": notification.conversation_id,
        "conversation_number": notification.conversation.number if notification.conversation else None,
        "url": link(notification),
        "actor": notification.actor.name if notification.actor else None,
        "created_at": notification.created_at.isoformat(),
        "read": notification.read_at is not None,
    }
