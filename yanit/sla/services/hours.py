"""Changing business hours: the weekly grid, holidays to ignore, closures. Admins only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise
from typing import Any
from zoneinfo import available_timezones

from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Team
from yanit.accounts.services.workspaces import require_admin
from yanit.core.errors import NotFound, ValidationFailed
from yanit.sla import schedules
from yanit.sla.clock import DAY_MINUTES, format_hhmm, parse_hhmm
from yanit.sla.models import DEFAULT_TIME_ZONE, BusinessHours, Closure

MAX_INTERVALS_A_DAY = 6
MAX_CLOSURE_DAYS = 366


def default_weekly() -> dict[str, list[list[str]]]:
    """Monday–Friday 09:00–18:00, Saturday 10:00–14:00: what most Turkish online shops start with."""
    weekly: dict[str, list[list[str]]] = {str(day): [["09:00", "18:00"]] for day in range(1, 6)}
    weekly["6"] = [["10:00", "14:00"]]
    weekly["7"] = []
    return weekly


def hours_of(workspace_id: int, team_id: int | None = None) -> BusinessHours | None:
    rows = BusinessHours.objects.filter(workspace_id=workspace_id)
    return rows.filter(team_id=team_id).first() if team_id else rows.filter(team__isnull=True).first()


def access_team(agent: Agent, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(workspace_id=agent.workspace_id, pk=team_id).first()
    if team is None:
        raise NotFound(_("Team not found."), details={"team_id": team_id})
    return team


def check_time_zone(name: str) -> str:
    name = (name or "").strip() or DEFAULT_TIME_ZONE
    if name not in available_timezones():
        raise ValidationFailed(
            _("Unknown time zone %(value)s.") % {"value": name}, details={"time_zone": name}
        )
    return name


def check_weekly(weekly: Any) -> dict[str, list[list[str]]]:
    """Normalise {"1": [["09:00", "18:00"]], …}: valid times, start before end, no overlaps."""
    if not isinstance(weekly, dict):
        raise ValidationFailed(_("The weekly schedule must map days to hours."), details={"weekly": "type"})
    cleaned: dict[str, list[list[str]]] = {}
    for iso_day in range(1, 8):
        raw = weekly.get(str(iso_day)) or []
        if not isinstance(raw, list) or len(raw) > MAX_INTERVALS_A_DAY:
            raise ValidationFailed(
                _("At most %(n)d time ranges a day.") % {"n": MAX_INTERVALS_A_DAY},
                details={"weekly": str(iso_day)},
            )
        intervals: list[tuple[int, int]] = []
        for pair in raw:
            try:
                start, end = parse_hhmm(str(pair[0])), parse_hhmm(str(pair[1]))
            except (ValueError, IndexError, TypeError, KeyError):
                raise ValidationFailed(
                    _("Write times as HH:MM, e.g. 09:30."), details={"weekly": str(iso_day), "value": pair}
                ) from None
            if end <= start:
                raise ValidationFailed(
                    _("A time range must end after it starts (%(start)s–%(end)s).")
                    % {"start": format_hhmm(start), "end": format_hhmm(end)},
                    details={"weekly": str(iso_day)},
                )
            intervals.append((start, end))
        intervals.sort()
        for (_s1, e1), (s2, _e2) in pairwise(intervals):
            if s2 < e1:
                raise ValidationFailed(
                    _("Time ranges of one day must not overlap."), details={"weekly": str(iso_day)}
                )
        cleaned[str(iso_day)] = [[format_hhmm(s), format_hhmm(min(e, DAY_MINUTES))] for s, e in intervals]
    return cleaned


def _changed(workspace_id: int) -> None:
    """Drop cached schedules now and re-time running SLA clocks in the background."""
    from yanit.sla.tasks import recompute_sla_timers

    schedules.invalidate(workspace_id)
    transaction.on_commit(lambda: recompute_sla_timers.enqueue(workspace_id))


def do_save_business_hours(
    actor: Agent,
    *,
    team: Team | None = None,
    weekly: Any,
    time_zone: str = DEFAULT_TIME_ZONE,
    observe_holidays: bool = True,
) -> BusinessHours:
    require_admin(actor)
    cleaned = check_weekly(weekly)
    zone_name = check_time_zone(time_zone)
    with transaction.atomic():
        hours = hours_of(actor.workspace_id, team.pk if team else None)
        if hours is None:
            hours = BusinessHours(workspace_id=actor.workspace_id, team=team)
        hours.weekly = cleaned
        hours.time_zone = zone_name
        hours.observe_holidays = bool(observe_holidays)
        hours.save()
        _changed(actor.workspace_id)
    return hours


def do_delete_team_hours(actor: Agent, team: Team) -> None:
    """A team without its own hours follows the workspace's."""
    require_admin(actor)
    with transaction.atomic():
        BusinessHours.objects.filter(workspace_id=actor.workspace_id, team=team).delete()
        _changed(actor.workspace_id)


def do_set_holiday_ignored(actor: Agent, hours: BusinessHours, day: date, ignored: bool) -> BusinessHours:
    """Work on a public holiday anyway (or undo that)."""
    require_admin(actor)
    with transaction.atomic():
        hours = BusinessHours.objects.select_for_update().get(pk=hours.pk, workspace_id=actor.workspace_id)
        days = {d for d in hours.ignored_holidays or [] if isinstance(d, str)}
        if ignored:
            days.add(day.isoformat())
        else:
            days.discard(day.isoformat())
        hours.ignored_holidays = sorted(days)
        hours.save(update_fields=["ignored_holidays", "updated_at"])
        _changed(actor.workspace_id)
    return hours


@dataclass(frozen=True)
class ClosureInput:
    start_date: date
    end_date: date | None = None
    opens_at: time | None = None
    closes_at: time | None = None
    note: str = ""


def check_closure(data: ClosureInput) -> ClosureInput:
    end = data.end_date or data.start_date
    if end < data.start_date:
        raise ValidationFailed(
            _("The closure must end on or after its first day."), details={"end_date": "order"}
        )
    if (end - data.start_date).days >= MAX_CLOSURE_DAYS:
        raise ValidationFailed(_("A closure can last at most a year."), details={"end_date": "long"})
    if (data.opens_at is None) != (data.closes_at is None):
        raise ValidationFailed(
            _("Give both opening and closing hours for a half day, or neither for a closed day."),
            details={"opens_at": "pair"},
        )
    if data.opens_at is not None and data.closes_at is not None and data.closes_at <= data.opens_at:
        raise ValidationFailed(_("Closing time must be after opening time."), details={"closes_at": "order"})
    return ClosureInput(
        data.start_date, end, data.opens_at, data.closes_at, " ".join(data.note.split())[:120]
    )


def do_add_closure(actor: Agent, hours: BusinessHours, data: ClosureInput) -> Closure:
    require_admin(actor)
    if hours.workspace_id != actor.workspace_id:
        raise NotFound(_("Business hours not found."))
    checked = check_closure(data)
    with transaction.atomic():
        closure = Closure.objects.create(
            hours=hours,
            start_date=checked.start_date,
            end_date=checked.end_date or checked.start_date,
            opens_at=checked.opens_at,
            closes_at=checked.closes_at,
            note=checked.note,
        )
        _changed(actor.workspace_id)
    return closure


def do_delete_closure(actor: Agent, closure_id: int) -> None:
    require_admin(actor)
    with transaction.atomic():
        deleted, _rows = Closure.objects.filter(
            pk=closure_id, hours__workspace_id=actor.workspace_id
        ).delete()
        if not deleted:
            raise NotFound(_("Closure not found."), details={"closure_id": closure_id})
        _changed(actor.workspace_id)
