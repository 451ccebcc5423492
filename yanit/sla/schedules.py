"""Loading a workspace's or team's ``Schedule`` from the database, cached per process.

The cache is keyed by (workspace, team) and dropped on every change made through the services
here; other processes (a second ``yanit serve``, the worker) see a change within ``CACHE_SECONDS``.
"""

from __future__ import annotations

import threading
import time as monotonic_time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from yanit.sla.clock import Closure, Interval, Schedule, parse_hhmm
from yanit.sla.models import DEFAULT_TIME_ZONE, BusinessHours

CACHE_SECONDS = 60.0
_cache: dict[tuple[int, int | None], tuple[float, Schedule | None]] = {}
_lock = threading.Lock()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def weekly_intervals(weekly: dict[str, list[list[str]]]) -> tuple[tuple[Interval, ...], ...]:
    days: list[tuple[Interval, ...]] = []
    for iso_day in range(1, 8):
        intervals = []
        for pair in weekly.get(str(iso_day)) or []:
            try:
                start, end = parse_hhmm(pair[0]), parse_hhmm(pair[1])
            except (ValueError, IndexError, TypeError, AttributeError):
                continue  # stored data is validated on save; never let one bad row close the store
            if end > start:
                intervals.append((start, end))
        days.append(tuple(sorted(intervals)))
    return tuple(days)


def build_schedule(hours: BusinessHours) -> Schedule:
    from datetime import date

    closures = []
    for row in hours.closures.all():
        intervals: tuple[Interval, ...] = ()
        if row.opens_at is not None and row.closes_at is not None:
            opens = row.opens_at.hour * 60 + row.opens_at.minute
            closes = row.closes_at.hour * 60 + row.closes_at.minute
            if closes > opens:
                intervals = ((opens, closes),)
        closures.append(Closure(start=row.start_date, end=row.end_date, intervals=intervals))
    ignored = set()
    for value in hours.ignored_holidays or []:
        try:
            ignored.add(date.fromisoformat(value))
        except (TypeError, ValueError):
            continue
    return Schedule(
        tz=zone(hours.time_zone),
        weekly=weekly_intervals(hours.weekly or {}),
        observe_holidays=hours.observe_holidays,
        ignored_holidays=frozenset(ignored),
        closures=tuple(closures),
    )


def _load(workspace_id: int, team_id: int | None) -> Schedule | None:
    rows = BusinessHours.objects.filter(workspace_id=workspace_id).prefetch_related("closures")
    if team_id is not None:
        team_hours = rows.filter(team_id=team_id).first()
        if team_hours is not None:
            return build_schedule(team_hours)
    workspace_hours = rows.filter(team__isnull=True).first()
    return build_schedule(workspace_hours) if workspace_hours is not None else None


def schedule_for(workspace_id: int, team_id: int | None = None) -> Schedule | None:
    """The team's schedule, else the workspace's, else None (no business hours configured)."""
    key = (workspace_id, team_id)
    now = monotonic_time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    schedule = _load(workspace_id, team_id)
    with _lock:
        _cache[key] = (now + CACHE_SECONDS, schedule)
    return schedule


def invalidate(workspace_id: int) -> None:
    with _lock:
        for key in [k for k in _cache if k[0] == workspace_id]:
            del _cache[key]
