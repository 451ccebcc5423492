"""How SLA clocks read to agents: timeline lines, durations, labels."""

from __future__ import annotations

import math
from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from yanit.conversations.models import Activity
from yanit.sla.models import SlaTimer


def metric_label(metric: str) -> str:
    try:
        return str(SlaTimer.Metric(metric).label)
    except ValueError:
        return metric


def metric_title(metric: str) -> str:
    """The metric as a heading ("İlk yanıt"): its own msgid, as capitalising is language-specific."""
    titles = {
        "first_response": _("First response"),
        "next_response": _("Next response"),
        "resolution": _("Resolution"),
    }
    return titles.get(metric, metric)


def short_duration(minutes: float) -> str:
    """ "12 dk", "2 sa 5 dk", "3 g 4 sa" — compact, for timeline lines and list badges."""
    minutes = max(0, math.ceil(minutes))
    if minutes < 60:
        return _("%(m)d min") % {"m": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        if rest:
            return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
        return _("%(h)d h") % {"h": hours}
    days, hours = divmod(hours, 24)
    if hours:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    return _("%(d)d d") % {"d": days}


def sla_activity_text(activity: Activity) -> str:
    data = activity.data or {}
    metric = metric_label(str(data.get("metric", "")))
    if activity.verb == Activity.Verb.SLA_BREACHED:
        return _("SLA breached: %(metric)s") % {"metric": metric}
    due = parse_datetime(str(data.get("due_at", "")))
    if due is None:
        return _("SLA warning: %(metric)s") % {"metric": metric}
    left = (due - activity.created_at).total_seconds() / 60
    return _("SLA warning: %(metric)s due in %(left)s") % {"metric": metric, "left": short_duration(left)}


def remaining_text(due_at: datetime, now: datetime) -> str:
    """ "12 min left" or "breached by 5 min" for a timer's due time."""
    minutes = (due_at - now).total_seconds() / 60
    if minutes >= 0:
        return _("%(left)s left") % {"left": short_duration(minutes)}
    return _("breached by %(late)s") % {"late": short_duration(-minutes)}
