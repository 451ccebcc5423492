"""Email receiving tests: an email inbox, our own earlier outbound message to reply to, and a
real Dovecot IMAP server started per test session on a free loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from imapclient import IMAPClient

from tests.factories import World, receive
from tests.support.dovecot import installed as dovecot_installed
from tests.support.dovecot import running_dovecot
from yanit.connectors.email.config import MailboxConfig, stored_settings
from yanit.conversations.models import Message
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox

FIXTURES = Path(__file__).parent / "fixtures"
OUR_MESSAGE_ID = "<yanit.5f1c2a9e0b7d4c3a11aa22bb@magaza.test>"
ADDRESS = "destek@magaza.test"
IMAP_PASSWORD = "gizli-parola"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_email_inbox(world: World, **config: object) -> Inbox:
    settings = MailboxConfig(address=ADDRESS, from_name="Mağaza Destek", **config)  # type: ignore[arg-type]
    inbox, _token = do_create_inbox(
        world.owner, name="E-posta", channel="email", settings={"email": stored_settings(settings)}
    )
    return inbox


@pytest.fixture
def email_inbox(world: World) -> Inbox:
    return make_email_inbox(world)


def make_our_message(
    inbox: Inbox, provider_id: str = OUR_MESSAGE_ID, email: str = "ayse.kaya@gmail.example"
) -> Message:
    """An email we sent earlier (as the sending side stores it: provider_id = our Message-ID)."""
    first = receive(inbox, "Siparişim nerede?", email=email, name="Ayşe Kaya")
    return Message.objects.create(
        workspace_id=inbox.workspace_id,
        conversation=first.conversation,
        inbox=inbox,
        direction=Message.Direction.OUT,
        text="Merhaba, siparişiniz kargoya verildi.",
        sender_agent=None,
        provider_id=provider_id,
        delivery_status=Message.Delivery.SENT,
        created_at=timezone.now(),
    )


@dataclass
class Dovecot:
    port: int
    user: str
    password: str
    root: Path

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        client = self.client()
        try:
            for raw in messages:
                client.append(folder, raw)
        finally:
            client.logout()

    def reset(self) -> None:
        """An empty INBOX (and a fresh UIDVALIDITY) for the next test."""
        client = self.client()
        try:
            client.select_folder("INBOX")
            uids = client.search(["ALL"])
            if uids:
                client.delete_messages(uids)
                client.expunge()
        finally:
            client.logout()

    def config(self, **extra: object) -> dict[str, object]:
        return {
            "imap_host": "127.0.0.1",
            "imap_port": self.port,
            "imap_security": "none",
            "imap_user": self.user,
            "imap_password": self.password,
            "poll_seconds": 60,
            **extra,
        }


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    if not dovecot_installed():
        if os.environ.get("CI") == "true":
            pytest.fail("dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("dovecot is not installed")
    with running_dovecot("destek@example.test", IMAP_PASSWORD) as process:
        yield Dovecot(port=process.port, user=process.user, password=process.password, root=process.root)


@pytest.fixture
def dovecot(dovecot_server: Dovecot) -> Dovecot:
    dovecot_server.reset()
    return dovecot_server
