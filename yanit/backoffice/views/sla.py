"""Settings: business hours (week grid, holidays, closures) and SLA policies. Admins only."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.accounts.models import Team
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.conversations.models import PRIORITY_NAMES, Conversation, Tag
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.sla.clock import holiday_names
from yanit.sla.models import DEFAULT_TIME_ZONE, SlaPolicy
from yanit.sla.services.hours import (
    ClosureInput,
    access_team,
    default_weekly,
    do_add_closure,
    do_delete_closure,
    do_delete_team_hours,
    do_save_business_hours,
    do_set_holiday_ignored,
    hours_of,
)
from yanit.sla.services.policies import (
    METRICS,
    PolicyInput,
    access_policy,
    do_delete_policy,
    do_move_policy,
    do_save_policy,
)
from yanit.web.access import admin_required

COMMON_TIME_ZONES = (
    "Europe/Istanbul", "Europe/Berlin", "Europe/London", "Europe/Amsterdam", "Asia/Baku",
    "Asia/Dubai", "America/New_York", "UTC",
)  # fmt: skip


def _weekday_labels() -> list[tuple[int, str]]:
    # Labels are translated per request, not at import time.
    names = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    return list(zip(range(1, 8), names, strict=True))


def parse_day(text: str) -> list[list[str]]:
    """ "09:00-12:00, 13:00-18:00" → [["09:00", "12:00"], ["13:00", "18:00"]]; empty = closed."""
    intervals = []
    for part in text.replace(";", ",").split(","):
        part = part.strip().replace("–", "-").replace("—", "-")
        if not part:
            continue
        start, sep, end = part.partition("-")
        if not sep:
            raise ValidationFailed(
                _("Write hours as 09:00-18:00; separate several ranges with commas."), details={"value": part}
            )
        intervals.append([start.strip(), end.strip()])
    return intervals


def format_day(intervals: list[list[str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in intervals)


def _team_param(request: HttpRequest) -> Team | None:
    raw = request.GET.get("team") or request.POST.get("team") or ""
    return access_team(acting_agent(request), int(raw)) if raw.isdigit() else None


def _hours_url(team: Team | None, year: int | None = None) -> str:
    url = reverse("backoffice:business_hours")
    params = []
    if team is not None:
        params.append(f"team={team.pk}")
    if year is not None:
        params.append(f"year={year}")
    return url + ("?" + "&".join(params) if params else "")


@admin_required
@domain_errors
def business_hours(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    team = _team_param(request)
    hours = hours_of(actor.workspace_id, team.pk if team else None)
    workspace_hours = hours if team is None else hours_of(actor.workspace_id, None)
    if request.method == "POST":
        weekly: dict[str, list[list[str]]] = {}
        for iso_day, _label in _weekday_labels():
            if request.POST.get(f"closed_{iso_day}"):
                weekly[str(iso_day)] = []
            else:
                weekly[str(iso_day)] = parse_day(request.POST.get(f"day_{iso_day}", ""))
        do_save_business_hours(
            actor,
            team=team,
            weekly=weekly,
            time_zone=request.POST.get("time_zone", DEFAULT_TIME_ZONE),
            observe_holidays=bool(request.POST.get("observe_holidays")),
        )
        messages.success(request, _("Business hours saved."))
        return redirect(_hours_url(team))
    weekly = hours.weekly if hours else (workspace_hours.weekly if workspace_hours else default_weekly())
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    ignored = set(hours.ignored_holidays if hours else [])
    holidays = [
        {"day": day, "name": name, "half": half, "ignored": day.isoformat() in ignored}
        for day, name, half in holiday_names("TR", year, get_language() or "tr")
    ]
    return render(
        request,
        "backoffice/sla/hours.html",
        {
            "section": "hours",
            "team": team,
            "teams": Team.objects.filter(workspace_id=actor.workspace_id),
            "hours": hours,
            "follows_workspace": team is not None and hours is None,
            "days": [(n, label, format_day(weekly.get(str(n), []))) for n, label in _weekday_labels()],
            "time_zone": hours.time_zone if hours else actor.workspace.time_zone or DEFAULT_TIME_ZONE,
            "time_zones": COMMON_TIME_ZONES,
            "observe_holidays": hours.observe_holidays if hours else True,
            "year": year,
            "holidays": holidays,
            "closures": list(hours.closures.all()) if hours else [],
        },
    )


def _require_hours(request: HttpRequest, team: Team | None) -> Any:
    hours = hours_of(acting_agent(request).workspace_id, team.pk if team else None)
    if hours is None:
        raise ValidationFailed(_("Save the weekly hours first."))
    return hours


@require_POST
@admin_required
@domain_errors
def holiday_toggle(request: HttpRequest) -> HttpResponse:
    team = _team_param(request)
    hours = _require_hours(request, team)
    try:
        day = date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        raise ValidationFailed(_("Pick a day.")) from None
    ignored = request.POST.get("ignore") == "1"
    do_set_holiday_ignored(acting_agent(request), hours, day, ignored)
    return redirect(_hours_url(team, day.year))


def _parse_time(value: str) -> time | None:
    value = value.strip()
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_("Write times as HH:MM, e.g. 09:30.")) from None


@require_POST
@admin_required
@domain_errors
def closure_add(request: HttpRequest) -> HttpResponse:
    team = _team_param(request)
    hours = _require_hours(request, team)
    try:
        start = date.fromisoformat(request.POST.get("start_date", ""))
        end_raw = request.POST.get("end_date", "").strip()
        end = date.fromisoformat(end_raw) if end_raw else None
    except ValueError:
        raise ValidationFailed(_("Pick the first day of the closure.")) from None
    do_add_closure(
        acting_agent(request),
        hours,
        ClosureInput(
            start_date=start,
            end_date=end,
            opens_at=_parse_time(request.POST.get("opens_at", "")),
            closes_at=_parse_time(request.POST.get("closes_at", "")),
            note=request.POST.get("note", ""),
        ),
    )
    messages.success(request, _("Closure added."))
    return redirect(_hours_url(team))


@require_POST
@admin_required
@domain_errors
def closure_delete(request: HttpRequest, closure_id: int) -> HttpResponse:
    team = _team_param(request)
    do_delete_closure(acting_agent(request), closure_id)
    messages.success(request, _("Closure removed."))
    return redirect(_hours_url(team))


@require_POST
@admin_required
@domain_errors
def team_hours_reset(request: HttpRequest) -> HttpResponse:
    team = _team_param(request)
    if team is not None:
        do_delete_team_hours(acting_agent(request), team)
        messages.success(request, _("This team now follows the workspace's hours."))
    return redirect(_hours_url(team))


# --- SLA policies -----------------------------------------------------------------------------


def _metric_labels() -> list[tuple[str, str]]:
    return [
        ("first_response", _("First response")),
        ("next_response", _("Next response")),
        ("resolution", _("Resolution")),
    ]


def _priority_rows(policy: SlaPolicy | None, posted: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    rows = []
    for rank, label in reversed(Conversation.Priority.choices):
        name = PRIORITY_NAMES[rank]
        values = []
        for metric, _metric_label in _metric_labels():
            if posted is not None:
                value = posted.get(f"t_{name}_{metric}", "")
            else:
                value = (policy.targets.get(name) or {}).get(metric, "") if policy else ""
            values.append((metric, value))
        rows.append({"name": name, "label": label, "values": values})
    return rows


@admin_required
def policy_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    policies = SlaPolicy.objects.filter(workspace_id=actor.workspace_id).prefetch_related("inboxes", "tags")
    return render(
        request,
        "backoffice/sla/policies.html",
        {"section": "sla", "policies": policies, "metrics": _metric_labels()},
    )


def _targets_from(post: Any) -> dict[str, dict[str, int]]:
    targets: dict[str, dict[str, int]] = {}
    for name in PRIORITY_NAMES.values():
        for metric in METRICS:
            raw = (post.get(f"t_{name}_{metric}") or "").strip()
            if not raw:
                continue
            if not raw.isdigit():
                raise ValidationFailed(
                    _("Targets are whole minutes."), details={"target": f"{name}.{metric}"}
                )
            targets.setdefault(name, {})[metric] = int(raw)
    return targets


@admin_required
@domain_errors
def policy_edit(request: HttpRequest, policy_id: int | None = None) -> HttpResponse:
    actor = acting_agent(request)
    policy = access_policy(actor, policy_id) if policy_id is not None else None
    error = ""
    if request.method == "POST":
        try:
            data = PolicyInput(
                name=request.POST.get("name", ""),
                description=request.POST.get("description", ""),
                targets=_targets_from(request.POST),  # type: ignore[arg-type]
                is_active=bool(request.POST.get("is_active")),
                business_time=request.POST.get("clock") != "calendar",
                pause_when_waiting=bool(request.POST.get("pause_when_waiting")),
                warning_percent=int(request.POST.get("warning_percent") or 80),
                inbox_ids=[int(v) for v in request.POST.getlist("inboxes") if v.isdigit()],
                tag_ids=[int(v) for v in request.POST.getlist("tags") if v.isdigit()],
            )
            do_save_policy(actor, data, policy)
        except ValidationFailed as exc:
            error = exc.message
        except ValueError:
            error = _("The warning threshold is a percentage between 1 and 100.")
        else:
            messages.success(request, _("SLA policy saved."))
            return redirect("backoffice:sla_policies")
    posted = request.POST if request.method == "POST" else None
    selected_inboxes = (
        {int(v) for v in request.POST.getlist("inboxes") if v.isdigit()}
        if posted is not None
        else ({i.pk for i in policy.inboxes.all()} if policy else set())
    )
    selected_tags = (
        {int(v) for v in request.POST.getlist("tags") if v.isdigit()}
        if posted is not None
        else ({t.pk for t in policy.tags.all()} if policy else set())
    )

    def value(field: str, default: Any) -> Any:
        if posted is not None:
            return posted.get(field, "")
        return getattr(policy, field) if policy else default

    return render(
        request,
        "backoffice/sla/policy_edit.html",
        {
            "section": "sla",
            "policy": policy,
            "error": error,
            "name": value("name", ""),
            "description": value("description", ""),
            "is_active": bool(posted.get("is_active"))
            if posted is not None
            else (policy.is_active if policy else True),
            "business_time": (posted.get("clock") != "calendar")
            if posted is not None
            else (policy.business_time if policy else True),
            "pause_when_waiting": bool(posted.get("pause_when_waiting"))
            if posted is not None
            else (policy.pause_when_waiting if policy else True),
            "warning_percent": value("warning_percent", 80),
            "metrics": _metric_labels(),
            "rows": _priority_rows(policy, posted),
            "inboxes": [
                (i, i.pk in selected_inboxes) for i in Inbox.objects.filter(workspace_id=actor.workspace_id)
            ],
            "tags": [(t, t.pk in selected_tags) for t in Tag.objects.filter(workspace_id=actor.workspace_id)],
        },
        status=422 if error else 200,
    )


@require_POST
@admin_required
@domain_errors
def policy_move(request: HttpRequest, policy_id: int) -> HttpResponse:
    actor = acting_agent(request)
    do_move_policy(actor, access_policy(actor, policy_id), -1 if request.POST.get("direction") == "up" else 1)
    return redirect("backoffice:sla_policies")


@require_POST
@admin_required
@domain_errors
def policy_delete(request: HttpRequest, policy_id: int) -> HttpResponse:
    actor = acting_agent(request)
    do_delete_policy(actor, access_policy(actor, policy_id))
    messages.success(request, _("SLA policy deleted."))
    return redirect("backoffice:sla_policies")
