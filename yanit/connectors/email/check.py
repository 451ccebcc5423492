"""The "Test connection" button: connect to the inbox's IMAP and SMTP servers separately and
say in plain words what worked and exactly what failed, with what to try next."""

from __future__ import annotations

import contextlib
import imaplib
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from imapclient import IMAPClient
from imapclient.exceptions import CapabilityError, IMAPClientError, LoginError

from yanit.connectors.email.config import MailboxConfig
from yanit.connectors.email.smtp import open_smtp, server_reply, tls_context

CHECK_TIMEOUT_SECONDS = 10


@dataclass
class CheckResult:
    """One server's outcome: the steps that worked, then the error (if any) and a hint."""

    service: str
    done: list[str] = field(default_factory=list)
    error: str = ""
    hint: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def summary(self) -> str:
        return f"{self.service}: " + ", ".join(self.done) if self.done else self.service


class CheckFailed(Exception):
    def __init__(self, error: str, hint: str = "") -> None:
        super().__init__(error)
        self.error = error
        self.hint = hint


def _connection_failure(
    exc: BaseException, host: str, port: int, security: str, ssl_port: int
) -> CheckFailed:
    """What a failure to connect means, the same for IMAP and SMTP."""
    where = f"{host}:{port}"
    if isinstance(exc, socket.gaierror):
        return CheckFailed(
            _("The server %(host)s was not found (DNS).") % {"host": host},
            _("Check the host name for typos, e.g. imap.gmail.com or smtp.yandex.com."),
        )
    if isinstance(exc, ConnectionRefusedError):
        return CheckFailed(
            _("The connection to %(where)s was refused.") % {"where": where},
            _("Nothing answers on this port: check the port number and the firewall."),
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return CheckFailed(
            _("The server's certificate is not valid: %(reason)s.") % {"reason": exc.verify_message},
            _("Use the host name the certificate was issued for, usually the provider's own."),
        )
    if isinstance(exc, ssl.SSLError):
        if security == "ssl":
            return CheckFailed(
                _("The server does not speak SSL on port %(port)s.") % {"port": port},
                _("Try STARTTLS on this port, or SSL on port %(port)s.") % {"port": ssl_port},
            )
        return CheckFailed(
            _("The secure connection failed: %(reason)s.") % {"reason": exc.reason or exc},
            _("Try SSL on port %(port)s instead.") % {"port": ssl_port},
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        hint = _("Check the host and port, and that a firewall does not block the connection.")
        if security != "ssl":
            hint = _("The server may expect SSL on this port: choose SSL, or STARTTLS on the plain port.")
        return CheckFailed(_("The connection to %(where)s timed out.") % {"where": where}, hint)
    return CheckFailed(
        _("Could not connect to %(where)s: %(reason)s.") % {"where": where, "reason": exc},
        _("Check the host, port and security settings."),
    )


def _run(service: str, steps: Callable[[CheckResult], None]) -> CheckResult:
    result = CheckResult(service=service)
    try:
        steps(result)
    except CheckFailed as failure:
        result.error, result.hint = failure.error, failure.hint
    return result


def check_imap(config: MailboxConfig) -> CheckResult:
    return _run("IMAP", lambda result: _imap_steps(config, result))


def _imap_steps(config: MailboxConfig, result: CheckResult) -> None:
    if not config.imap_host:
        raise CheckFailed(_("No IMAP host is set."), _("Fill in the IMAP host, e.g. imap.gmail.com."))
    try:
        client = IMAPClient(
            config.imap_host,
            port=config.imap_port,
            ssl=config.imap_security == "ssl",
            ssl_context=tls_context(),
            timeout=CHECK_TIMEOUT_SECONDS,
        )
    except (OSError, imaplib.IMAP4.error) as exc:
        raise _connection_failure(exc, config.imap_host, config.imap_port, config.imap_security, 993) from exc
    try:
        if config.imap_security == "starttls":
            try:
                client.starttls(tls_context())
            except CapabilityError as exc:
                raise CheckFailed(
                    _("The server does not offer STARTTLS on port %(port)s.") % {"port": config.imap_port},
                    _("Choose SSL on port 993."),
                ) from exc
            except OSError as exc:
                raise _connection_failure(
                    exc, config.imap_host, config.imap_port, config.imap_security, 993
                ) from exc
        security = {"ssl": "SSL", "starttls": "STARTTLS"}.get(config.imap_security, _("unencrypted"))
        result.done.append(_("connected (%(security)s)") % {"security": security})
        try:
            client.login(config.imap_user, config.imap_password)
        except LoginError as exc:
            raise CheckFailed(
                _("The login was rejected: %(reply)s") % {"reply": _reply_text(exc)},
                _(
                    "Check the user name and password. Gmail and Outlook need an app password, and "
                    "IMAP must be switched on in the mailbox's settings."
                ),
            ) from exc
        result.done.append(_("logged in as %(user)s") % {"user": config.imap_user})
        folder = config.imap_folder or "INBOX"
        try:
            selected = client.select_folder(folder, readonly=True)
        except IMAPClientError as exc:
            names = [str(f[2]) for f in client.list_folders()][:15]
            raise CheckFailed(
                _("The folder %(folder)s was not found.") % {"folder": folder},
                _("Folders on this server: %(names)s") % {"names": ", ".join(names)},
            ) from exc
        count = int(selected.get(b"EXISTS", 0))
        result.done.append(_("folder %(folder)s has %(count)d messages") % {"folder": folder, "count": count})
        if b"IDLE" in client.capabilities():
            result.done.append(_("IDLE supported"))
        else:
            result.done.append(
                _("no IDLE: new mail is fetched every %(n)d seconds") % {"n": config.poll_seconds}
            )
    except (OSError, imaplib.IMAP4.error) as exc:
        raise CheckFailed(_("The server closed the connection: %(reason)s") % {"reason": exc}) from exc
    finally:
        _quietly(client.logout)


def check_smtp(config: MailboxConfig) -> CheckResult:
    return _run("SMTP", lambda result: _smtp_steps(config, result))


def _smtp_steps(config: MailboxConfig, result: CheckResult) -> None:
    if not config.smtp_host:
        raise CheckFailed(_("No SMTP host is set."), _("Fill in the SMTP host, e.g. smtp.gmail.com."))
    if not config.address:
        raise CheckFailed(_("No email address is set."), _("Fill in the address customers write to."))
    try:
        client = open_smtp(config, timeout=CHECK_TIMEOUT_SECONDS)
    except smtplib.SMTPAuthenticationError as exc:
        raise CheckFailed(
            _("The login was rejected: %(reply)s") % {"reply": server_reply(exc.smtp_code, exc.smtp_error)},
            _(
                "Check the user name and password. Gmail and Outlook need an app password; some "
                "providers also require SMTP sending to be allowed for the account."
            ),
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        if config.smtp_security == "starttls":
            raise CheckFailed(
                _("The server does not offer STARTTLS on port %(port)s.") % {"port": config.smtp_port},
                _("Choose SSL on port 465."),
            ) from exc
        raise CheckFailed(
            _("The server does not accept a login without encryption."),
            _("Choose STARTTLS on port 587 or SSL on port 465."),
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise CheckFailed(
            _("The server refused the connection: %(reply)s")
            % {"reply": server_reply(exc.smtp_code, exc.smtp_error)}
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        if isinstance(exc, smtplib.SMTPServerDisconnected) and config.smtp_security != "ssl":
            exc = TimeoutError()
        raise _connection_failure(exc, config.smtp_host, config.smtp_port, config.smtp_security, 465) from exc
    try:
        security = {"ssl": "SSL", "starttls": "STARTTLS"}.get(config.smtp_security, _("unencrypted"))
        result.done.append(_("connected (%(security)s)") % {"security": security})
        if config.smtp_user:
            result.done.append(_("logged in as %(user)s") % {"user": config.smtp_user})
        # Would the server take an email from our address? Ask without sending anything.
        code, reply = client.mail(config.address)
        if code >= 400:
            raise CheckFailed(
                _("The server refused %(address)s as the sender: %(reply)s")
                % {"address": config.address, "reply": server_reply(code, reply)},
                _("The address must belong to the account you log in with."),
            )
        code, reply = client.rcpt(config.address)
        if code >= 400:
            raise CheckFailed(
                _("The server refused to relay mail: %(reply)s") % {"reply": server_reply(code, reply)},
                _("Log in with a user name and password; most servers only relay for logged-in users."),
            )
        client.rset()
        result.done.append(_("accepts mail from %(address)s") % {"address": config.address})
    except (OSError, smtplib.SMTPException) as exc:
        raise CheckFailed(_("The server closed the connection: %(reason)s") % {"reason": exc}) from exc
    finally:
        _quietly(client.quit)


def _reply_text(exc: BaseException) -> str:
    text = str(exc)
    return text.removeprefix("b'").removesuffix("'")


def _quietly(action: Callable[[], Any]) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException, imaplib.IMAP4.error, IMAPClientError):
        action()


def check_mailbox(config: MailboxConfig) -> list[CheckResult]:
    """IMAP then SMTP, each on its own: one failing never hides what the other says."""
    results = []
    if config.imap_host or not config.smtp_host:
        results.append(check_imap(config))
    if config.smtp_host or not config.imap_host:
        results.append(check_smtp(config))
    return results
