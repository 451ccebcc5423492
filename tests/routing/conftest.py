from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import World, make_agent, receive
from yanit.accounts.models import Agent, Team
from yanit.conversations.models import Conversation

_seq = iter(range(1, 1_000_000))


def online_agents(world: World, n: int, *, team: Team | None = None) -> list[Agent]:
    agents = []
    for i in range(n):
        agent = make_agent(world.workspace, name=f"Temsilci {i + 1}")
        Agent.objects.filter(pk=agent.pk).update(availability=Agent.Availability.ONLINE)
        agent.refresh_from_db()
        if team is not None:
            team.members.add(agent)
        agents.append(agent)
    return agents


@pytest.fixture
def new_conversation(world: World, django_capture_on_commit_callbacks: Any) -> Callable[..., Conversation]:
    """Receive a message from a new customer (or ``email``) with on-commit subscribers running."""

    def make(email: str = "", inbox: Any = None) -> Conversation:
        with django_capture_on_commit_callbacks(execute=True):
            result = receive(inbox or world.inbox, email=email or f"musteri{next(_seq)}@example.com")
        result.conversation.refresh_from_db()
        return result.conversation

    return make
