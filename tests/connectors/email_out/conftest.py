"""Real mail servers for the sending side: aiosmtpd on a free loopback port (optionally with
AUTH and TLS), and a private dovecot for the IMAP connection check."""

from __future__ import annotations

import email
import email.policy
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from django.test import Client

from tests.factories import World, make_world
from tests.support.dovecot import DovecotProcess, running_dovecot
from tests.support.ports import free_port
from yanit.accounts.models import Agent
from yanit.connectors.email.config import MailboxConfig, stored_settings
from yanit.contacts.services.identify import ContactClaim
from yanit.conversations.services.receive import InboundMessage, ReceiveResult, do_receive_inbound_message
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY

SMTP_USER = "destek@magaza.test"
SMTP_PASSWORD = "gizli-parola"


@dataclass
class SmtpServer:
    """Answers RCPT and DATA with the queued replies first (e.g. "451 …", "550 …"), then 250."""

    port: int = 0
    received: list[Any] = field(default_factory=list)
    rcpt_replies: list[str] = field(default_factory=list)
    data_replies: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_replies:
            return self.data_replies.pop(0)
        self.received.append(envelope)
        return "250 OK: queued"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            self.logins.append((login, password))
            return AuthResult(success=(login, password) == (SMTP_USER, SMTP_PASSWORD), handled=False)
        return AuthResult(success=False, handled=False)

    def parsed(self, index: int = -1) -> EmailMessage:
        message = email.message_from_bytes(self.received[index].content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


def start_smtp(**kwargs: Any) -> tuple[SmtpServer, Controller]:
    state = SmtpServer(port=free_port())
    controller = Controller(state, hostname="127.0.0.1", port=state.port, **kwargs)
    controller.start()
    return state, controller


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    state, controller = start_smtp()
    yield state
    controller.stop()


@pytest.fixture
def smtp_auth_server() -> Iterator[SmtpServer]:
    state = SmtpServer(port=free_port())
    controller = Controller(
        state,
        hostname="127.0.0.1",
        port=state.port,
        authenticator=state.authenticate,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    yield state
    controller.stop()


def mailbox(**overrides: Any) -> MailboxConfig:
    values: dict[str, Any] = {
        "address": "destek@magaza.test",
        "from_name": "Mağaza Destek",
        "smtp_host": "127.0.0.1",
        "smtp_port": 25,
        "smtp_security": "none",
    }
    values.update(overrides)
    return MailboxConfig(**values)


def make_email_inbox(world: World, config: MailboxConfig, name: str = "Destek e-posta") -> Inbox:
    inbox, _token = do_create_inbox(
        world.owner, name=name, channel="email", settings={"email": stored_settings(config)}
    )
    return inbox


@pytest.fixture
def email_world(db: None, smtp_server: SmtpServer) -> tuple[World, Inbox, SmtpServer]:
    world = make_world("Eposta")
    inbox = make_email_inbox(world, mailbox(smtp_port=smtp_server.port))
    return world, inbox, smtp_server


def receive_email(
    inbox: Inbox,
    text: str = "Merhaba, siparişim nerede?",
    *,
    sender: str = "Ayşe Kaya <ayse@musteri.test>",
    subject: str = "Siparişim nerede?",
    message_id: str | None = None,
    references: list[str] | None = None,
    reply_to: list[str] | None = None,
    automated: str = "",
    language: str = "",
    cc: list[str] | None = None,
) -> ReceiveResult:
    """An inbound email as the receiving side (helper A) stores it."""
    name, address = email.utils.parseaddr(sender)
    message_id = message_id or f"<{time.monotonic_ns()}@musteri.test>"
    return do_receive_inbound_message(
        inbox,
        InboundMessage(
            contact=ContactClaim(name=name, email=address),
            text=text,
            subject=subject,
            provider_id=message_id,
            metadata={
                "email": {
                    "message_id": message_id,
                    "in_reply_to": (references or [""])[-1],
                    "references": references or [],
                    "from": sender,
                    "to": ["destek@magaza.test"],
                    "cc": cc or [],
                    "reply_to": reply_to or [],
                    "subject": subject,
                    "automated": automated,
                    "language": language,
                }
            },
        ),
    )


# --- dovecot -----------------------------------------------------------------------------------

IMAP_USER = "destek@magaza.test"
IMAP_PASSWORD = "imap-parola"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotProcess]:
    with running_dovecot(IMAP_USER, IMAP_PASSWORD) as process:
        yield process


# --- TLS ---------------------------------------------------------------------------------------


@dataclass
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1: untrusted unless the test trusts it."""
    home = tmp_path_factory.mktemp("tls")
    cert, key = home / "cert.pem", home / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Certificate(cert=cert, key=key)


@pytest.fixture
def client_for(db: None) -> Callable[[Agent], Client]:
    """A test client signed in as the agent's user, working in the agent's workspace."""

    def make(agent: Agent) -> Client:
        client = Client()
        client.force_login(agent.user)
        session = client.session
        session[SESSION_WORKSPACE_KEY] = agent.workspace_id
        session.save()
        return client

    return make
