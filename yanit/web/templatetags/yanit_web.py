"""Small formatting helpers of the agent pages: "5 dk önce", initials, labels."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yanit.contacts.services.identify import format_phone
from yanit.core.text import tr_upper

register = template.Library()


@register.filter
def ago(value: datetime | None) -> str:
    """Short relative time for lists: "now", "5 min ago", "3 h ago", "yesterday", then a date."""
    if value is None:
        return ""
    now = timezone.now()
    seconds = max(0, int((now - value).total_seconds()))
    if seconds < 60:
        return _("now")
    if seconds < 3600:
        return _("%(n)d min ago") % {"n": seconds // 60}
    if seconds < 86400:
        return _("%(n)d h ago") % {"n": seconds // 3600}
    local = timezone.localtime(value)
    if (timezone.localdate(now) - local.date()).days == 1:
        return _("yesterday")
    if local.year == timezone.localtime(now).year:
        return date_format(local, "j M")
    return date_format(local, "j M Y")


@register.filter
def initials(name: str) -> str:
    """Two letters for an avatar, Turkish upper-case ("irem ışık" → "İI")."""
    words = [w for w in str(name or "").replace("@", " ").split() if w]
    if not words:
        return "?"
    letters = words[0][:1] + (words[-1][:1] if len(words) > 1 else "")
    return tr_upper(letters)


@register.filter
def avatar_hue(value: object) -> int:
    """A stable colour per person, so the same agent always looks the same in the list."""
    return (sum(ord(ch) for ch in str(value)) * 47) % 360


@register.filter
def full_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "j F Y H:i")


@register.filter
def short_time(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j M H:i")


@register.filter
def phone(value: str) -> str:
    """+905321234567 → +90 532 123 45 67."""
    return format_phone(value or "")
