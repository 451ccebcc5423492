"""Email receiving tests: an email inbox, our own earlier outbound message to reply to, and a
real Dovecot IMAP server started per test session on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from imapclient import IMAPClient

from tests.factories import World, receive
from yanit.connectors.email.config import MailboxConfig, stored_settings
from yanit.conversations.models import Message
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox

FIXTURES = Path(__file__).parent / "fixtures"
OUR_MESSAGE_ID = "<yanit.5f1c2a9e0b7d4c3a11aa22bb@magaza.test>"
ADDRESS = "destek@magaza.test"
DOVECOT = "/usr/sbin/dovecot"
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"dovecot did not listen on {port}")


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    if not Path(DOVECOT).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("dovecot is not installed")
    # Not under pytest's own temp dir: that one is private (0700) and dovecot's auth and mail
    # processes run as other users.
    root = Path(tempfile.mkdtemp(prefix="yanit-dovecot-"))
    root.chmod(0o755)
    (root / "run").mkdir()
    (root / "mail").mkdir()
    shutil.chown(root / "mail", "nobody", "nogroup")
    user = "destek@example.test"
    (root / "users").write_text(f"{user}:{{PLAIN}}{IMAP_PASSWORD}\n")
    port = _free_port()
    conf = root / "dovecot.conf"
    conf.write_text(
        f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/run
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
}}
"""
    )
    subprocess.run([DOVECOT, "-c", str(conf)], check=True)
    try:
        _wait_for_port(port)
        yield Dovecot(port=port, user=user, password=IMAP_PASSWORD, root=root)
    finally:
        subprocess.run(["/usr/bin/doveadm", "-c", str(conf), "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def dovecot(dovecot_server: Dovecot) -> Dovecot:
    dovecot_server.reset()
    return dovecot_server
