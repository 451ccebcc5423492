from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from yanit.accounts.models import Agent
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY

ClientFor = Callable[[Agent], Client]


@pytest.fixture
def client_for(db: None) -> ClientFor:
    def make(agent: Agent) -> Client:
        client = Client()
        client.force_login(agent.user)
        session = client.session
        session[SESSION_WORKSPACE_KEY] = agent.workspace_id
        session.save()
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Per-process caches are keyed by workspace id, and ids come back after a rollback."""
    from yanit.automation import engine
    from yanit.sla import schedules

    engine._cache.clear()
    with schedules._lock:
        schedules._cache.clear()
