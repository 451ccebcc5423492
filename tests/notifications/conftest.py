from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.api.conftest import Api
from yanit.accounts.models import Agent


@pytest.fixture
def login(db: None) -> Callable[[Agent], Client]:
    """A test client logged in as ``agent`` with the agent's workspace chosen."""

    def make(agent: Agent) -> Client:
        client = Client()
        client.force_login(agent.user)
        session = client.session
        session["workspace_id"] = agent.workspace_id
        session.save()
        return client

    return make


@pytest.fixture
def api() -> Api:
    return Api()
