"""The conversation's timeline as the page shows it: messages, notes and one-line activities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from yanit.automation.display import rule_summary
from yanit.bot.display import bot_activity_text
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.queries import thread_of
from yanit.sla.display import sla_activity_text


@dataclass(frozen=True)
class Entry:
    kind: str  # "message" | "note" | "activity"
    item: Any
    text: str = ""
    actor: str = ""


def _status_label(value: Any) -> str:
    try:
        return str(Conversation.Status(value).label)
    except ValueError:
        return str(value)


def _priority_label(value: Any) -> str:
    try:
        return str(Conversation.Priority(int(value)).label)
    except (ValueError, TypeError):
        return str(value)


def actor_label(activity: Activity) -> str:
    if activity.actor is not None:
        return activity.actor.name
    return {
        "contact": _("Customer"),
        "system": _("System"),
        "api": _("API"),
    }.get(activity.actor_kind.split(":")[0], _("Automation"))


def assignment_reason_label(reason: str) -> str:
    return {
        "round_robin": _("round-robin"),
        "least_busy": _("least busy"),
        "sticky": _("same agent as last time"),
    }.get(reason, reason)


def activity_text(activity: Activity) -> str:
    """One short line, e.g. "Ayşe assigned: Mehmet" or "Status: Resolved"."""
    data = activity.data or {}
    actor = actor_label(activity)
    verb = activity.verb
    if verb == Activity.Verb.CREATED:
        return _("Conversation started in %(inbox)s") % {"inbox": data.get("inbox", "")}
    if verb == Activity.Verb.STATUS:
        if data.get("reason") == "snooze_ended":
            return _("Snooze ended: open again")
        return _("Status: %(status)s") % {"status": _status_label(data.get("to"))}
    if verb == Activity.Verb.PRIORITY:
        return _("Priority: %(priority)s") % {"priority": _priority_label(data.get("to"))}
    if verb == Activity.Verb.ASSIGNED:
        if data.get("reason") and data.get("to"):
            return _("Auto-assigned (%(reason)s): %(agent)s") % {
                "reason": assignment_reason_label(data["reason"]),
                "agent": data["to"],
            }
        if data.get("to"):
            return _("%(actor)s assigned: %(agent)s") % {"actor": actor, "agent": data["to"]}
        return _("%(actor)s removed the assignee") % {"actor": actor}
    if verb == Activity.Verb.TEAM:
        if data.get("to"):
            return _("Team: %(team)s") % {"team": data["to"]}
        return _("Team removed")
    if verb == Activity.Verb.TAGS:
        parts = []
        if data.get("added"):
            parts.append(_("Tags added: %(tags)s") % {"tags": ", ".join(data["added"])})
        if data.get("removed"):
            parts.append(_("Tags removed: %(tags)s") % {"tags": ", ".join(data["removed"])})
        return " · ".join(parts) or _("Tags changed")
    if verb == Activity.Verb.SUBJECT:
        return _("Subject: %(subject)s") % {"subject": data.get("to", "")}
    if verb == Activity.Verb.CONTACT_MERGED:
        return _("Contact %(source)s merged into %(target)s") % {
            "source": data.get("from", ""),
            "target": data.get("into", ""),
        }
    if verb == Activity.Verb.MERGED:
        if data.get("into"):
            return _("%(actor)s merged this conversation into #%(number)s") % {
                "actor": actor,
                "number": data["into"],
            }
        return _("%(actor)s merged #%(number)s into this conversation") % {
            "actor": actor,
            "number": data.get("from", ""),
        }
    if verb == Activity.Verb.RATED:
        text = _("Customer rated the conversation %(rating)s/5") % {"rating": data.get("rating", "")}
        if data.get("comment"):
            text += ": " + str(data["comment"])
        return text
    if verb == Activity.Verb.DELIVERY_FAILED:
        return _("Delivery failed: %(reason)s") % {"reason": data.get("reason", "")}
    if verb == Activity.Verb.MACRO:
        return _("Macro '%(name)s' applied") % {"name": data.get("name", "")}
    if verb in (Activity.Verb.SLA_WARNING, Activity.Verb.SLA_BREACHED):
        return sla_activity_text(activity)
    if verb == Activity.Verb.RULE:
        return rule_summary(str(data.get("name", "")), list(data.get("parts") or []))
    if verb == Activity.Verb.BOT:
        return bot_activity_text(data)
    if verb == Activity.Verb.REMINDER:
        if data.get("note"):
            return _("Reminder for %(agent)s: %(note)s") % {
                "agent": data.get("agent", ""),
                "note": data["note"],
            }
        return _("Reminder for %(agent)s") % {"agent": data.get("agent", "")}
    return str(activity.get_verb_display())


def shows_actor(activity: Activity) -> bool:
    """Whether the line should name who did it (the text doesn't already)."""
    return activity.verb not in (
        Activity.Verb.ASSIGNED,
        Activity.Verb.CREATED,
        Activity.Verb.DELIVERY_FAILED,
        Activity.Verb.SLA_WARNING,
        Activity.Verb.SLA_BREACHED,
        Activity.Verb.REMINDER,
        Activity.Verb.RULE,
        Activity.Verb.BOT,
    )


def thread_entries(conversation: Conversation) -> list[Entry]:
    entries = []
    for item in thread_of(conversation):
        if isinstance(item, Message):
            entries.append(Entry("note" if item.kind == Message.Kind.NOTE else "message", item))
        elif item.actor_kind.startswith("rule:") and item.verb != Activity.Verb.RULE:
            continue  # a rule's changes are told by its one "rule" line
        else:
            actor = actor_label(item) if shows_actor(item) else ""
            entries.append(Entry("activity", item, activity_text(item), actor))
    return entries
