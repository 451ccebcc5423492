from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from tests.factories import World
from yanit.connectors.base import SendResult
from yanit.connectors.form.config import FormConfig
from yanit.connectors.form.manage import do_create_form_inbox, form_token_of
from yanit.connectors.form.tickets import issue_ticket
from yanit.connectors.registry import _adapters, register_adapter
from yanit.conversations.models import Message
from yanit.inboxes.models import Inbox


@dataclass
class FormSite:
    inbox: Inbox
    token: str
    client: Client

    @property
    def url(self) -> str:
        return f"/f/{self.token}"

    def ticket(self, *, age: float = 5.0, submission_id: str = "") -> str:
        return issue_ticket(self.inbox.pk, issued_at=time.time() - age, submission_id=submission_id)

    def post(self, lang: str = "tr", ip: str = "203.0.113.7", **overrides: Any) -> Any:
        data: dict[str, Any] = {
            "name": "Zeynep Kaya",
            "email": "zeynep@example.com",
            "phone": "0532 111 22 33",
            "order_number": "AC-10482",
            "topic": "Sipariş durumu",
            "message": "Merhaba, siparişim üç gündür kargoya verilmedi. Ne zaman gelir?",
            "website": "",
        }
        if "ticket" not in overrides:
            data["ticket"] = self.ticket()
        data.update(overrides)
        data = {k: v for k, v in data.items() if v is not None}
        return self.client.post(f"{self.url}?lang={lang}", data, REMOTE_ADDR=ip)


@pytest.fixture
def form_site(world: World) -> FormSite:
    inbox = do_create_form_inbox(world.owner, name="İletişim formu", team=None, config=FormConfig())
    return FormSite(inbox=inbox, token=form_token_of(inbox), client=Client())


@dataclass
class FakeEmailAdapter:
    """Stands in for the email channel (its own branch): records what it was handed."""

    channel: str = "email"
    sent: list[dict[str, Any]] = field(default_factory=list)

    def send(self, message: Message, attempt: int) -> SendResult:
        self.sent.append(
            {
                "message_id": message.pk,
                "to": message.metadata.get("email_to"),
                "subject": message.metadata.get("email_subject"),
                "text": message.text,
            }
        )
        return SendResult(provider_id=f"<fake-{message.pk}@example.test>")


@pytest.fixture
def fake_email() -> Callable[[], FakeEmailAdapter]:
    before = _adapters.get("email")
    adapter = FakeEmailAdapter()
    register_adapter(adapter)
    yield lambda: adapter  # type: ignore[misc]
    if before is None:
        _adapters.pop("email", None)
    else:
        _adapters["email"] = before
