from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from tests.api.conftest import Api
from tests.factories import World, make_world
from yanit.accounts.models import Agent
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY


def clear_process_caches() -> None:
    """Forget what each process caches per workspace: rolled-back tests reuse workspace ids (and
    knowledge base versions), so a cache filled by one test would look current to the next."""
    from yanit.automation import engine
    from yanit.bot import index as bot_index
    from yanit.helpcenter import page_cache
    from yanit.kb.search import index as search_index
    from yanit.sla import schedules

    engine._cache.clear()
    schedules._cache.clear()
    search_index.forget_all()
    bot_index.forget_all()
    page_cache.clear()


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> Iterator[None]:
    clear_process_caches()
    yield
    clear_process_caches()


@pytest.fixture
def world(db: None) -> World:
    return make_world("Anadolu")


@pytest.fixture
def other_world(db: None) -> World:
    return make_world("Başka")


def signed_in(agent: Agent) -> Client:
    """A test client logged in as ``agent`` with the agent's workspace chosen."""
    client = Client()
    client.force_login(agent.user)
    session = client.session
    session[SESSION_WORKSPACE_KEY] = agent.workspace_id
    session.save()
    return client


@pytest.fixture
def login(db: None) -> Callable[[Agent], Client]:
    return signed_in


@pytest.fixture
def client_for(db: None) -> Callable[[Agent], Client]:
    return signed_in


@pytest.fixture
def api() -> Api:
    return Api()
