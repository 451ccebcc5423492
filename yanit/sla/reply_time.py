""" "Are we open, and when will we answer?" — one answer for acknowledgements, the widget and SLA.

``expected_reply`` combines the schedule (workspace's or team's) with the first-response target of
the default SLA policy. Its text is built per language rather than through gettext: Turkish needs
the case suffix that fits how the time is read aloud ("18:00'e", "09:30'a", "09:00'dan").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Model
from django.utils import timezone

from yanit.sla.clock import (
    ALWAYS_OPEN,
    Schedule,
    add_business_time,
    current_interval_end,
    is_open,
    next_open_at,
)
from yanit.sla.events import FIRST_RESPONSE
from yanit.sla.schedules import schedule_for
from yanit.sla.services.policies import default_policy

TR_DAYS = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TR_MONTHS = (
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
    "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
)  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# The last word of a number read aloud decides the suffix: 18 "on sekiz" → 18:00'e.
_ONES = ("sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz")
_TENS = {1: "on", 2: "yirmi", 3: "otuz", 4: "kırk", 5: "elli"}
_DATIVE = {
    "sıfır": "a", "bir": "e", "iki": "ye", "üç": "e", "dört": "e", "beş": "e", "altı": "ya",
    "yedi": "ye", "sekiz": "e", "dokuz": "a", "on": "a", "yirmi": "ye", "otuz": "a", "kırk": "a",
    "elli": "ye",
}  # fmt: skip
_ABLATIVE = {
    "sıfır": "dan", "bir": "den", "iki": "den", "üç": "ten", "dört": "ten", "beş": "ten",
    "altı": "dan", "yedi": "den", "sekiz": "den", "dokuz": "dan", "on": "dan", "yirmi": "den",
    "otuz": "dan", "kırk": "tan", "elli": "den",
}  # fmt: skip
# "within N minutes/hours" is said only for waits this short; longer ones name the time.
RELATIVE_LIMIT_MINUTES = 8 * 60


@dataclass(frozen=True)
class ExpectedReply:
    open_now: bool
    reply_by: datetime
    text: str


def _last_word(number: int) -> str:
    if number % 10:
        return _ONES[number % 10]
    return _TENS.get(number // 10 % 10, "sıfır") if number else "sıfır"


def tr_time_with_suffix(local: datetime, case: str) -> str:
    """ "18:00'e" (dative) or "09:30'dan" (ablative), with the suffix that fits the spoken time."""
    spoken = local.minute or local.hour
    word = _last_word(spoken)
    suffix = (_DATIVE if case == "dative" else _ABLATIVE)[word]
    return f"{local:%H:%M}'{suffix}"


def _day_phrase(local: datetime, today: datetime, language: str) -> str:
    days = (local.date() - today.date()).days
    tr = language.startswith("tr")
    if days == 0:
        return "bugün" if tr else "today"
    if days == 1:
        return "yarın" if tr else "tomorrow"
    if days < 7:
        return (TR_DAYS if tr else EN_DAYS)[local.weekday()]
    if tr:
        return f"{local.day} {TR_MONTHS[local.month - 1]}"
    return f"{local.day} {EN_MONTHS[local.month - 1]}"


def _duration_phrase(minutes: float, language: str) -> str:
    tr = language.startswith("tr")
    if minutes < 60:
        n = max(1, math.ceil(minutes / 5) * 5 if minutes > 5 else math.ceil(minutes))
        return f"{n} dakika içinde" if tr else f"within {n} minute{'s' if n != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} saat içinde" if tr else f"within {hours} hour{'s' if hours != 1 else ''}"


def _by_phrase(local: datetime, today: datetime, language: str) -> str:
    day = _day_phrase(local, today, language)
    if language.startswith("tr"):
        return f"{day} {tr_time_with_suffix(local, 'dative')} kadar"
    return f"{day} by {local:%H:%M}"


def _after_phrase(local: datetime, today: datetime, language: str) -> str:
    day = _day_phrase(local, today, language)
    if language.startswith("tr"):
        return f"{day} {tr_time_with_suffix(local, 'ablative')} sonra"
    return f"{day} after {local:%H:%M}"


def describe(
    schedule: Schedule, target_minutes: int | None, at: datetime, language: str, *, business_time: bool = True
) -> ExpectedReply:
    """The answer for a known schedule and target (None: no SLA target, answer "while open")."""
    tz = schedule.tz if not schedule.always_open else timezone.get_default_timezone()
    now_local = at.astimezone(tz)
    open_now = is_open(schedule, at)
    clock = schedule if business_time else ALWAYS_OPEN
    if open_now:
        if target_minutes:
            reply_by = add_business_time(clock, at, target_minutes)
            local = reply_by.astimezone(tz)
            straight = reply_by - at <= timedelta(minutes=target_minutes, seconds=1)
            if straight and target_minutes <= RELATIVE_LIMIT_MINUTES:
                text = _duration_phrase(target_minutes, language)
            else:
                text = _by_phrase(local, now_local, language)
            return ExpectedReply(True, reply_by, text)
        end = current_interval_end(schedule, at) or at
        if schedule.always_open:
            text = "en kısa sürede" if language.startswith("tr") else "as soon as possible"
        else:
            text = _by_phrase(end.astimezone(tz), now_local, language)
        return ExpectedReply(True, end, text)
    opens = next_open_at(schedule, at)
    if opens is None:
        text = "en kısa sürede" if language.startswith("tr") else "as soon as possible"
        return ExpectedReply(False, at, text)
    reply_by = add_business_time(clock, at, target_minutes) if target_minutes else opens
    return ExpectedReply(False, reply_by, _after_phrase(opens.astimezone(tz), now_local, language))


def _pk(value: Model | int | None) -> int | None:
    return value.pk if isinstance(value, Model) else value


def expected_reply(
    workspace: Model | int,
    team: Model | int | None = None,
    language: str = "tr",
    at: datetime | None = None,
) -> ExpectedReply | None:
    """None when the workspace has neither business hours nor an SLA policy: callers then fall
    back to their own text (e.g. an inbox's ``expected_reply_text`` setting)."""
    at = at or timezone.now()
    workspace_id, team_id = _pk(workspace), _pk(team)
    assert workspace_id is not None
    schedule = schedule_for(workspace_id, team_id)
    policy = default_policy(workspace_id)
    if schedule is None and policy is None:
        return None
    target = policy.target("normal", FIRST_RESPONSE) if policy else None
    return describe(
        schedule or ALWAYS_OPEN, target, at, language, business_time=policy.business_time if policy else True
    )


def reply_sentence(answer: ExpectedReply, language: str) -> str:
    """The answer as a whole sentence, for confirmations that want one."""
    if language.startswith("tr"):
        return f"Size {answer.text} dönüş yapacağız."
    return f"We will get back to you {answer.text}."
