""" "Test connection" against real servers: aiosmtpd (plain, AUTH, SSL, STARTTLS) and dovecot."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import translation
from imapclient import IMAPClient

from tests.connectors.email_out.conftest import (
    IMAP_PASSWORD,
    IMAP_USER,
    SMTP_PASSWORD,
    SMTP_USER,
    Certificate,
    SmtpServer,
    free_port,
    mailbox,
)
from tests.connectors.email_out.conftest import (
    DovecotProcess as Dovecot,
)
from yanit.connectors.email import check
from yanit.connectors.email.check import check_imap, check_mailbox, check_smtp

# The test server allows AUTH without TLS on loopback.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    # The check answers in the active language (the admin's); these tests read the English.
    with translation.override("en"):
        yield


@pytest.fixture
def ssl_smtp(certificate: Certificate) -> Iterator[SmtpServer]:
    state = SmtpServer(port=free_port())
    controller = Controller(
        state, hostname="127.0.0.1", port=state.port, ssl_context=certificate.server_context()
    )
    controller.start()
    yield state
    controller.stop()


@pytest.fixture
def starttls_smtp(certificate: Certificate) -> Iterator[SmtpServer]:
    state = SmtpServer(port=free_port())
    controller = Controller(
        state,
        hostname="127.0.0.1",
        port=state.port,
        tls_context=certificate.server_context(),
        require_starttls=True,
        authenticator=state.authenticate,
    )
    controller.start()
    yield state
    controller.stop()


# --- SMTP --------------------------------------------------------------------------------------


def test_smtp_plain_server_works(smtp_server: SmtpServer) -> None:
    result = check_smtp(mailbox(smtp_port=smtp_server.port))
    assert (result.ok, result.error) == (True, "")
    assert result.summary == "SMTP: connected (unencrypted), accepts mail from destek@magaza.test"
    assert smtp_server.received == []  # nothing was sent


def test_smtp_login_accepted_and_rejected(smtp_auth_server: SmtpServer) -> None:
    good = check_smtp(
        mailbox(smtp_port=smtp_auth_server.port, smtp_user=SMTP_USER, smtp_password=SMTP_PASSWORD)
    )
    assert good.done == [
        "connected (unencrypted)",
        f"logged in as {SMTP_USER}",
        f"accepts mail from {SMTP_USER}",
    ]

    bad = check_smtp(mailbox(smtp_port=smtp_auth_server.port, smtp_user=SMTP_USER, smtp_password="yanlis"))
    assert bad.error == "The login was rejected: 535 5.7.8 Authentication credentials invalid"
    assert "app password" in bad.hint
    assert bad.done == []


def test_smtp_relay_refused(smtp_server: SmtpServer) -> None:
    smtp_server.rcpt_replies = ["554 5.7.1 <destek@magaza.test>: Relay access denied"]
    result = check_smtp(mailbox(smtp_port=smtp_server.port))
    assert (
        result.error
        == "The server refused to relay mail: 554 5.7.1 <destek@magaza.test>: Relay access denied"
    )
    assert result.done == ["connected (unencrypted)"]


def test_smtp_host_not_found() -> None:
    result = check_smtp(mailbox(smtp_host="smtp.yok-boyle-bir-yer.invalid", smtp_port=587))
    assert result.error == "The server smtp.yok-boyle-bir-yer.invalid was not found (DNS)."


def test_smtp_connection_refused() -> None:
    port = free_port()
    result = check_smtp(mailbox(smtp_port=port))
    assert result.error == f"The connection to 127.0.0.1:{port} was refused."


def test_smtp_ssl_on_a_plain_port(smtp_server: SmtpServer) -> None:
    result = check_smtp(mailbox(smtp_port=smtp_server.port, smtp_security="ssl"))
    assert result.error == f"The server does not speak SSL on port {smtp_server.port}."
    assert result.hint == "Try STARTTLS on this port, or SSL on port 465."


def test_smtp_plain_on_an_ssl_port_times_out(ssl_smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "CHECK_TIMEOUT_SECONDS", 1)
    result = check_smtp(mailbox(smtp_port=ssl_smtp.port, smtp_security="none"))
    assert result.error == f"The connection to 127.0.0.1:{ssl_smtp.port} timed out."
    assert result.hint == "The server may expect SSL on this port: choose SSL, or STARTTLS on the plain port."


def test_smtp_untrusted_certificate(ssl_smtp: SmtpServer) -> None:
    result = check_smtp(mailbox(smtp_port=ssl_smtp.port, smtp_security="ssl"))
    assert result.error == "The server's certificate is not valid: self-signed certificate."


def test_smtp_ssl_and_starttls_with_a_trusted_certificate(
    ssl_smtp: SmtpServer, starttls_smtp: SmtpServer, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
    over_ssl = check_smtp(mailbox(smtp_port=ssl_smtp.port, smtp_security="ssl"))
    assert over_ssl.summary == "SMTP: connected (SSL), accepts mail from destek@magaza.test"
    over_starttls = check_smtp(
        mailbox(
            smtp_port=starttls_smtp.port,
            smtp_security="starttls",
            smtp_user=SMTP_USER,
            smtp_password=SMTP_PASSWORD,
        )
    )
    assert over_starttls.done == [
        "connected (STARTTLS)",
        f"logged in as {SMTP_USER}",
        f"accepts mail from {SMTP_USER}",
    ]


def test_smtp_starttls_not_offered(smtp_server: SmtpServer) -> None:
    result = check_smtp(mailbox(smtp_port=smtp_server.port, smtp_security="starttls"))
    assert result.error == f"The server does not offer STARTTLS on port {smtp_server.port}."


# --- IMAP --------------------------------------------------------------------------------------


def imap_config(dovecot: Dovecot, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "imap_host": "127.0.0.1",
        "imap_port": dovecot.port,
        "imap_security": "none",
        "imap_user": IMAP_USER,
        "imap_password": IMAP_PASSWORD,
    }
    values.update(overrides)
    return mailbox(**values)


def test_imap_works_and_counts_the_folder(dovecot: Dovecot) -> None:
    folder = f"Test-{uuid.uuid4().hex[:8]}"
    client = IMAPClient("127.0.0.1", port=dovecot.port, ssl=False)
    client.login(IMAP_USER, IMAP_PASSWORD)
    client.create_folder(folder)
    for n in range(3):
        client.append(folder, f"Subject: {n}\r\nFrom: a@b.test\r\n\r\nMerhaba\r\n".encode())
    client.logout()

    result = check_imap(imap_config(dovecot, imap_folder=folder))

    assert result.ok
    assert result.summary == (
        f"IMAP: connected (unencrypted), logged in as {IMAP_USER}, "
        f"folder {folder} has 3 messages, IDLE supported"
    )


def test_imap_login_rejected(dovecot: Dovecot) -> None:
    result = check_imap(imap_config(dovecot, imap_password="yanlis"))
    assert result.error == "The login was rejected: [AUTHENTICATIONFAILED] Authentication failed."
    assert result.done == ["connected (unencrypted)"]
    assert "IMAP must be switched on" in result.hint


def test_imap_folder_not_found(dovecot: Dovecot) -> None:
    result = check_imap(imap_config(dovecot, imap_folder="Arşiv-yok"))
    assert result.error == "The folder Arşiv-yok was not found."
    assert result.hint.startswith("Folders on this server: ")
    assert "INBOX" in result.hint


def test_imap_ssl_on_a_plain_port(dovecot: Dovecot) -> None:
    result = check_imap(imap_config(dovecot, imap_security="ssl"))
    assert result.error == f"The server does not speak SSL on port {dovecot.port}."
    assert result.hint == "Try STARTTLS on this port, or SSL on port 993."


def test_imap_starttls_not_offered(dovecot: Dovecot) -> None:
    result = check_imap(imap_config(dovecot, imap_security="starttls"))
    assert result.error == f"The server does not offer STARTTLS on port {dovecot.port}."


def test_imap_untrusted_certificate(ssl_smtp: SmtpServer, dovecot: Dovecot) -> None:
    # Any TLS server shows its certificate before it speaks: this one's is self-signed.
    result = check_imap(imap_config(dovecot, imap_port=ssl_smtp.port, imap_security="ssl"))
    assert result.error == "The server's certificate is not valid: self-signed certificate."


def test_imap_host_not_found_and_refused(dovecot: Dovecot) -> None:
    assert check_imap(imap_config(dovecot, imap_host="imap.yok.invalid")).error == (
        "The server imap.yok.invalid was not found (DNS)."
    )
    port = free_port()
    assert (
        check_imap(imap_config(dovecot, imap_port=port)).error
        == f"The connection to 127.0.0.1:{port} was refused."
    )


def test_check_mailbox_runs_both_independently(dovecot: Dovecot) -> None:
    results = check_mailbox(imap_config(dovecot, smtp_port=free_port()))
    assert [(r.service, r.ok) for r in results] == [("IMAP", True), ("SMTP", False)]
