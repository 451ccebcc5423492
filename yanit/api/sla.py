"""Business hours and SLA policies: read by every agent, changed by owners and admins."""

from __future__ import annotations

from datetime import date, time
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from yanit.api.schemas import COMMON_ERRORS, ErrorOut, Id, Timestamp
from yanit.api.security import current_agent
from yanit.sla.clock import holiday_names
from yanit.sla.models import DEFAULT_TIME_ZONE, BusinessHours, SlaPolicy
from yanit.sla.reply_time import expected_reply
from yanit.sla.services.hours import (
    ClosureInput,
    access_team,
    default_weekly,
    do_add_closure,
    do_delete_closure,
    do_save_business_hours,
    do_set_holiday_ignored,
    hours_of,
)
from yanit.sla.services.policies import (
    PolicyInput,
    access_policy,
    do_delete_policy,
    do_save_policy,
)

router = Router(tags=["business hours and SLA"])
ADMIN_ERRORS = {**COMMON_ERRORS, 403: ErrorOut}
Minutes = int | None


class ClosureOut(Schema):
    id: int
    start_date: date
    end_date: date
    opens_at: time | None = Field(description="With closes_at: open only then (a half day)")
    closes_at: time | None
    note: str


class HolidayOut(Schema):
    date: date
    name: str
    half_day: bool = Field(description="An eve (arife): open until 13:00")
    ignored: bool = Field(description="The store works that day anyway")


class BusinessHoursOut(Schema):
    configured: bool = Field(description="false: no hours saved yet; the values shown are the defaults")
    team_id: int | None
    time_zone: str
    weekly: dict[str, list[list[str]]] = Field(
        description='ISO weekday "1" (Monday) … "7" (Sunday) → [["09:00", "18:00"], …]; [] is closed'
    )
    observe_holidays: bool
    ignored_holidays: list[date]
    closures: list[ClosureOut]
    holidays: list[HolidayOut] = Field(description="Turkish public holidays of the requested year")
    open_now: bool
    expected_reply: str = Field(description="What the channels tell customers now, in the request's language")
    reply_by: Timestamp


class BusinessHoursIn(Schema):
    weekly: dict[str, list[list[str]]]
    time_zone: str = Field(default=DEFAULT_TIME_ZONE, max_length=64)
    observe_holidays: bool = True
    ignored_holidays: list[date] | None = Field(default=None, description="Replaces the list when given")


class ClosureIn(Schema):
    start_date: date
    end_date: date | None = None
    opens_at: time | None = None
    closes_at: time | None = None
    note: str = Field(default="", max_length=120)


class HoursQuery(Schema):
    team_id: Id | None = None
    year: int | None = Field(default=None, ge=2000, le=2100)


class MetricTargets(Schema):
    first_response: Minutes = Field(default=None, ge=1)
    next_response: Minutes = Field(default=None, ge=1)
    resolution: Minutes = Field(default=None, ge=1)


class PolicyOut(Schema):
    id: int
    name: str
    description: str
    position: int = Field(description="Lower first: the first matching active policy applies")
    is_active: bool
    business_time: bool = Field(description="true: minutes count only within business hours")
    pause_when_waiting: bool
    warning_percent: int
    targets: dict[str, MetricTargets] = Field(description="Per priority name: minutes per metric")
    inbox_ids: list[int]
    tag_ids: list[int]
    created_at: Timestamp
    updated_at: Timestamp


class PolicyIn(Schema):
    name: str = Field(max_length=120)
    description: str = Field(default="", max_length=300)
    is_active: bool = True
    business_time: bool = True
    pause_when_waiting: bool = True
    warning_percent: int = Field(default=80, ge=1, le=100)
    targets: dict[Literal["low", "normal", "high", "urgent"], MetricTargets]
    inbox_ids: list[Id] = Field(default_factory=list)
    tag_ids: list[Id] = Field(default_factory=list)


def present_hours(
    request: HttpRequest, hours: BusinessHours | None, team_id: int | None, year: int
) -> dict[str, Any]:
    agent = current_agent(request)
    ignored = set(hours.ignored_holidays if hours else [])
    language = translation.get_language() or "tr"
    answer = expected_reply(agent.workspace_id, team_id, language)
    return {
        "configured": hours is not None,
        "team_id": team_id,
        "time_zone": hours.time_zone if hours else agent.workspace.time_zone,
        "weekly": hours.weekly if hours else default_weekly(),
        "observe_holidays": hours.observe_holidays if hours else True,
        "ignored_holidays": sorted(ignored),
        "closures": list(hours.closures.all()) if hours else [],
        "holidays": [
            {"date": day, "name": name, "half_day": half, "ignored": day.isoformat() in ignored}
            for day, name, half in holiday_names("TR", year, language)
        ],
        "open_now": answer.open_now if answer else True,
        "expected_reply": answer.text if answer else "",
        "reply_by": answer.reply_by if answer else timezone.now(),
    }


@router.get("/business-hours", response={200: BusinessHoursOut, **COMMON_ERRORS}, summary="Business hours")
def get_business_hours(request: HttpRequest, query: Query[HoursQuery]) -> dict[str, Any]:
    agent = current_agent(request)
    team = access_team(agent, query.team_id)
    hours = hours_of(agent.workspace_id, team.pk if team else None)
    return present_hours(request, hours, team.pk if team else None, query.year or timezone.localdate().year)


@router.put(
    "/business-hours",
    response={200: BusinessHoursOut, **ADMIN_ERRORS},
    summary="Replace business hours (admins)",
)
def put_business_hours(
    request: HttpRequest, payload: BusinessHoursIn, query: Query[HoursQuery]
) -> dict[str, Any]:
    agent = current_agent(request)
    team = access_team(agent, query.team_id)
    hours = do_save_business_hours(
        agent,
        team=team,
        weekly=payload.weekly,
        time_zone=payload.time_zone,
        observe_holidays=payload.observe_holidays,
    )
    if payload.ignored_holidays is not None:
        current = {date.fromisoformat(d) for d in hours.ignored_holidays}
        wanted = set(payload.ignored_holidays)
        for day in sorted(current - wanted):
            hours = do_set_holiday_ignored(agent, hours, day, False)
        for day in sorted(wanted - current):
            hours = do_set_holiday_ignored(agent, hours, day, True)
    return present_hours(request, hours, team.pk if team else None, query.year or timezone.localdate().year)


@router.post(
    "/business-hours/closures",
    response={201: ClosureOut, **ADMIN_ERRORS},
    summary="Add a closure or half day (admins)",
)
def add_closure(request: HttpRequest, payload: ClosureIn, query: Query[HoursQuery]) -> Status:
    agent = current_agent(request)
    team = access_team(agent, query.team_id)
    hours = hours_of(agent.workspace_id, team.pk if team else None)
    if hours is None:
        hours = do_save_business_hours(agent, team=team, weekly=default_weekly())
    closure = do_add_closure(
        agent,
        hours,
        ClosureInput(payload.start_date, payload.end_date, payload.opens_at, payload.closes_at, payload.note),
    )
    return Status(201, closure)


@router.delete(
    "/business-hours/closures/{int:closure_id}",
    response={204: None, **ADMIN_ERRORS},
    summary="Remove a closure",
)
def delete_closure(request: HttpRequest, closure_id: int) -> Status:
    do_delete_closure(current_agent(request), closure_id)
    return Status(204, None)


def present_policy(policy: SlaPolicy) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "name": policy.name,
        "description": policy.description,
        "position": policy.position,
        "is_active": policy.is_active,
        "business_time": policy.business_time,
        "pause_when_waiting": policy.pause_when_waiting,
        "warning_percent": policy.warning_percent,
        "targets": policy.targets,
        "inbox_ids": sorted(i.pk for i in policy.inboxes.all()),
        "tag_ids": sorted(t.pk for t in policy.tags.all()),
        "created_at": policy.created_at,
        "updated_at": policy.updated_at,
    }


def _policy_input(payload: PolicyIn) -> PolicyInput:
    return PolicyInput(
        name=payload.name,
        description=payload.description,
        targets={
            priority: {k: v for k, v in metrics.dict().items() if v is not None}
            for priority, metrics in payload.targets.items()
        },
        is_active=payload.is_active,
        business_time=payload.business_time,
        pause_when_waiting=payload.pause_when_waiting,
        warning_percent=payload.warning_percent,
        inbox_ids=list(payload.inbox_ids),
        tag_ids=list(payload.tag_ids),
    )


@router.get(
    "/sla-policies", response={200: list[PolicyOut], **COMMON_ERRORS}, summary="SLA policies, in order"
)
def list_policies(request: HttpRequest) -> list[dict[str, Any]]:
    agent = current_agent(request)
    policies = SlaPolicy.objects.filter(workspace_id=agent.workspace_id).prefetch_related("inboxes", "tags")
    return [present_policy(p) for p in policies]


@router.post(
    "/sla-policies", response={201: PolicyOut, **ADMIN_ERRORS}, summary="Create an SLA policy (admins)"
)
def create_policy(request: HttpRequest, payload: PolicyIn) -> Status:
    policy = do_save_policy(current_agent(request), _policy_input(payload))
    return Status(201, present_policy(policy))


@router.get(
    "/sla-policies/{int:policy_id}", response={200: PolicyOut, **COMMON_ERRORS}, summary="One SLA policy"
)
def get_policy(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    return present_policy(access_policy(current_agent(request), policy_id))


@router.put(
    "/sla-policies/{int:policy_id}",
    response={200: PolicyOut, **ADMIN_ERRORS},
    summary="Replace an SLA policy",
)
def update_policy(request: HttpRequest, policy_id: int, payload: PolicyIn) -> dict[str, Any]:
    agent = current_agent(request)
    policy = do_save_policy(agent, _policy_input(payload), access_policy(agent, policy_id))
    return present_policy(policy)


@router.delete(
    "/sla-policies/{int:policy_id}", response={204: None, **ADMIN_ERRORS}, summary="Delete an SLA policy"
)
def delete_policy(request: HttpRequest, policy_id: int) -> Status:
    agent = current_agent(request)
    do_delete_policy(agent, access_policy(agent, policy_id))
    return Status(204, None)
