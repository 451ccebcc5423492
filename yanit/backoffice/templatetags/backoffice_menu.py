from __future__ import annotations

from typing import Any

from django import template

from yanit.accounts.models import Agent, User
from yanit.accounts.services.workspaces import agents_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_memberships(context: dict[str, Any]) -> list[Agent]:
    """The signed-in user's workspaces, for the switcher in the account menu."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return agents_of(user) if isinstance(user, User) else []


@register.simple_tag
def availability_choices() -> list[tuple[str, Any]]:
    return list(Agent.Availability.choices)
