"""Agents and teams of the workspace (read-only here; managed in the settings pages)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from yanit.api.queries import agents_of, teams_of
from yanit.api.schemas import COMMON_ERRORS, Timestamp
from yanit.api.security import current_agent

router = Router(tags=["agents"])


class AgentOut(Schema):
    id: int
    name: str
    email: str
    role: Literal["owner", "admin", "agent"]
    availability: Literal["online", "away", "offline"]
    is_active: bool
    last_seen_at: Timestamp | None


class TeamOut(Schema):
    id: int
    name: str
    description: str
    member_ids: list[int]


@router.get("/agents", response={200: list[AgentOut], **COMMON_ERRORS}, summary="Agents of the workspace")
def list_agents(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": agent.pk,
            "name": agent.name,
            "email": agent.user.email,
            "role": agent.role,
            "availability": agent.availability,
            "is_active": agent.is_active,
            "last_seen_at": agent.last_seen_at,
        }
        for agent in agents_of(current_agent(request))
    ]


@router.get("/teams", response={200: list[TeamOut], **COMMON_ERRORS}, summary="Teams of the workspace")
def list_teams(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": team.pk,
            "name": team.name,
            "description": team.description,
            "member_ids": sorted(member.pk for member in team.members.all()),
        }
        for team in teams_of(current_agent(request))
    ]
