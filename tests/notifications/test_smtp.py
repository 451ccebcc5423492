"""A notification email through a real SMTP server (aiosmtpd on a free loopback port)."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from tests.factories import World, make_agent, receive
from yanit.conversations.services.reply import do_send_reply
from yanit.core.worker import run_pending_tasks
from yanit.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


class Sink:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Sink, int]]:
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def smtp_mailers(port: int) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def test_mention_email_reaches_the_smtp_server_in_turkish(world: World, smtp: tuple[Sink, int]) -> None:
    sink, port = smtp
    make_agent(world.workspace, name="Zeynep Kara", email="zeynep@magaza.test")
    conversation = receive(world.inbox).conversation
    do_send_reply(
        world.agent, conversation, "@Zeynep Kara İade onayı gerekiyor, ağır hasarlı ürün.", private=True
    )

    with override_settings(MAILERS=smtp_mailers(port)):
        run_pending_tasks()

    assert len(sink.received) == 1
    _sender, recipients, message = sink.received[0]
    assert recipients == ["zeynep@magaza.test"]
    title = f"{world.agent.name}, #{conversation.number} numaralı konuşmada sizden bahsetti"
    assert message["Subject"] == f"[{world.workspace.name}] {title}"
    body = message.get_content().replace("\r\n", "\n")
    assert body.startswith("Merhaba Zeynep Kara,\n")
    assert "@Zeynep Kara İade onayı gerekiyor, ağır hasarlı ürün." in body
    assert f"Konuşmayı açın:\nhttp://127.0.0.1:8000/c/{conversation.pk}/" in body
    assert Notification.objects.get().emailed_at is not None


def test_unreachable_smtp_server_is_retried_later(world: World) -> None:
    make_agent(world.workspace, name="Zeynep Kara", email="zeynep@magaza.test")
    conversation = receive(world.inbox).conversation
    do_send_reply(world.agent, conversation, "@Zeynep Kara bakar mısın?", private=True)

    with override_settings(MAILERS=smtp_mailers(_free_port())):  # nobody listens there
        run_pending_tasks()

    from django_tasks_db.models import DBTaskResult

    assert Notification.objects.get().emailed_at is None  # released for the retry
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert (retry.args_kwargs["args"], retry.run_after is not None) == (
        [[Notification.objects.get().pk], 2],
        True,
    )
