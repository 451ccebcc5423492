from __future__ import annotations

import pytest

from tests.factories import World, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world("Anadolu")


@pytest.fixture
def other_world(db: None) -> World:
    return make_world("Başka")
