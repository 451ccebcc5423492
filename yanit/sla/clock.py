"""Business time, pure and fast: no database, no Django. ``Schedule`` is built once per
workspace/team (see ``schedules.py``) and these functions answer from it.

Durations are always measured in UTC, so a day on which a DST zone changes its clocks counts the
hours that really passed; wall-clock times ("09:00") are turned into instants per date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DAY_MINUTES = 24 * 60
# Public holidays' eves ("arife") close at 13:00 in Türkiye; the package lists them as half days.
HALF_DAY_CLOSES = 13 * 60
# How far ahead to look for an open hour before concluding that the schedule never opens.
HORIZON_DAYS = 400

Interval = tuple[int, int]  # minutes since local midnight, [start, end), end ≤ 1440


@dataclass(frozen=True)
class Closure:
    start: date
    end: date
    # Empty: closed all day. Otherwise open only during these intervals (a half day).
    intervals: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class Schedule:
    tz: ZoneInfo
    # Index 0 = Monday … 6 = Sunday.
    weekly: tuple[tuple[Interval, ...], ...] = ((),) * 7
    observe_holidays: bool = True
    ignored_holidays: frozenset[date] = frozenset()
    closures: tuple[Closure, ...] = ()
    always_open: bool = False
    country: str = "TR"
    _day_cache: dict[date, tuple[Interval, ...]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def day_intervals(self, day: date) -> tuple[Interval, ...]:
        cached = self._day_cache.get(day)
        if cached is None:
            cached = self._compute_day(day)
            if len(self._day_cache) < 4000:
                self._day_cache[day] = cached
        return cached

    def _compute_day(self, day: date) -> tuple[Interval, ...]:
        if self.always_open:
            return ((0, DAY_MINUTES),)
        for closure in reversed(self.closures):  # the latest added wins when ranges overlap
            if closure.start <= day <= closure.end:
                return closure.intervals
        weekly = self.weekly[day.weekday()]
        if self.observe_holidays and day not in self.ignored_holidays:
            public, half = holiday_calendar(self.country, day.year)
            if day in public:
                return ()
            if day in half:
                return clip(weekly, 0, HALF_DAY_CLOSES)
        return weekly


ALWAYS_OPEN = Schedule(tz=ZoneInfo("UTC"), always_open=True)


def clip(intervals: tuple[Interval, ...], low: int, high: int) -> tuple[Interval, ...]:
    return tuple((max(s, low), min(e, high)) for s, e in intervals if min(e, high) > max(s, low))


@lru_cache(maxsize=64)
def holiday_calendar(country: str, year: int) -> tuple[dict[date, str], dict[date, str]]:
    """(public holidays, half days) of one year, in the country's own language."""
    public = dict(holidays.country_holidays(country, years=year, categories=("public",)).items())
    try:
        half = dict(holidays.country_holidays(country, years=year, categories=("half_day",)).items())
    except NotImplementedError:  # a country without half days in the package
        half = {}
    return public, half


def holiday_names(country: str, year: int, language: str) -> list[tuple[date, str, bool]]:
    """Every holiday of ``year`` with its name in ``language`` and whether it is a half day."""
    lang = "tr" if language.startswith("tr") else "en_US"
    rows: list[tuple[date, str, bool]] = []
    for category, half in (("public", False), ("half_day", True)):
        try:
            found = holidays.country_holidays(country, years=year, categories=(category,), language=lang)
        except NotImplementedError:
            continue
        rows.extend((day, name, half) for day, name in found.items())
    return sorted(rows)


def _instant(tz: ZoneInfo, day: date, minute: int) -> datetime:
    if minute >= DAY_MINUTES:
        day, minute = day + timedelta(days=1), minute - DAY_MINUTES
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
    return local.astimezone(UTC)


def open_intervals(
    schedule: Schedule, start: datetime, days: int = HORIZON_DAYS
) -> Iterator[tuple[datetime, datetime]]:
    """Open intervals (UTC) that end after ``start``, in order, for up to ``days`` local days."""
    day = start.astimezone(schedule.tz).date()
    for offset in range(days):
        current = day + timedelta(days=offset)
        for s, e in schedule.day_intervals(current):
            begin, end = _instant(schedule.tz, current, s), _instant(schedule.tz, current, e)
            if end > start:
                yield begin, end


def _require_aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("business time needs an aware datetime")
    return at.astimezone(UTC)


def is_open(schedule: Schedule, at: datetime) -> bool:
    at = _require_aware(at)
    if schedule.always_open:
        return True
    for begin, _end in open_intervals(schedule, at, days=1):
        return begin <= at
    return False


def next_open_at(schedule: Schedule, at: datetime) -> datetime | None:
    """``at`` itself when open, else the start of the next open interval (None: never opens)."""
    at = _require_aware(at)
    if schedule.always_open:
        return at
    for begin, _end in open_intervals(schedule, at):
        return max(begin, at)
    return None


def current_interval_end(schedule: Schedule, at: datetime) -> datetime | None:
    """When the open interval containing ``at`` closes (None when closed now)."""
    at = _require_aware(at)
    for begin, end in open_intervals(schedule, at, days=2):
        return end if begin <= at else None
    return None


def add_business_time(schedule: Schedule, start: datetime, minutes: float) -> datetime:
    """The instant at which ``minutes`` of open time have passed since ``start``.

    A schedule that never opens degrades to calendar time rather than never being due.
    """
    start = _require_aware(start)
    if schedule.always_open:
        return start + timedelta(minutes=minutes)
    remaining = timedelta(minutes=max(0.0, minutes))
    for begin, end in open_intervals(schedule, start):
        begin = max(begin, start)
        span = end - begin
        if remaining <= span:
            return begin + remaining
        remaining -= span
    return start + timedelta(minutes=minutes)


def business_minutes_between(schedule: Schedule, a: datetime, b: datetime) -> float:
    """Open minutes in [a, b); negative when b is before a."""
    a, b = _require_aware(a), _require_aware(b)
    if b < a:
        return -business_minutes_between(schedule, b, a)
    if schedule.always_open:
        return (b - a).total_seconds() / 60
    total = timedelta()
    for begin, end in open_intervals(schedule, a):
        if begin >= b:
            break
        total += min(end, b) - max(begin, a)
    return total.total_seconds() / 60


def parse_hhmm(value: str) -> int:
    """ "09:30" → 570; "24:00" is the end of the day."""
    hours, _, minutes = value.strip().partition(":")
    h, m = int(hours), int(minutes or 0)
    if not (0 <= h <= 24 and 0 <= m < 60) or h * 60 + m > DAY_MINUTES:
        raise ValueError(value)
    return h * 60 + m


def format_hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
