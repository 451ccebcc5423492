from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.factories import World
from yanit.accounts.models import Agent
from yanit.connectors.webchat.models import ChatWidget
from yanit.connectors.webchat.services.widgets import WidgetChanges, do_create_chat_inbox

SHOP = "https://magaza.example"


@dataclass
class Chat:
    world: World
    widget: ChatWidget
    secret: str
    client: Client

    @property
    def base(self) -> str:
        return f"/widget/v1/{self.widget.public_key}"

    def post(
        self, path: str, body: dict[str, Any] | None = None, *, token: str = "", origin: str = SHOP
    ) -> Any:
        headers = {"Origin": origin}
        if token:
            headers["X-Visitor-Token"] = token
        return self.client.post(
            self.base + path, body or {}, content_type="application/json", headers=headers
        )

    def get(self, path: str, *, token: str = "", origin: str = SHOP, **params: Any) -> Any:
        headers = {"Origin": origin}
        if token:
            headers["X-Visitor-Token"] = token
        return self.client.get(self.base + path, params, headers=headers)

    def session(self, **body: Any) -> dict[str, Any]:
        response = self.post("/session", body)
        assert response.status_code in (200, 201), response.content
        return response.json()  # type: ignore[no-any-return]

    def say(self, token: str, text: str, client_id: str | None = None) -> Any:
        return self.post(
            "/messages", {"client_id": client_id or str(uuid.uuid4()), "text": text}, token=token
        )


def make_chat(world: World, origins: list[str] | None = None) -> Chat:
    widget, secret = do_create_chat_inbox(
        world.owner,
        name="Canlı destek",
        changes=WidgetChanges(allowed_origins=[SHOP] if origins is None else origins),
    )
    return Chat(world=world, widget=widget, secret=secret, client=Client())


@pytest.fixture
def chat(world: World) -> Chat:
    return make_chat(world)


def set_online(agent: Agent) -> None:
    from django.utils import timezone

    Agent.objects.filter(pk=agent.pk).update(
        availability=Agent.Availability.ONLINE, last_seen_at=timezone.now()
    )
