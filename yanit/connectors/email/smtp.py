"""Talking to an inbox's SMTP server, and turning what can go wrong into a retry or a failure
with words a store owner understands (the server's own reply text kept)."""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from functools import cache

from django.utils.translation import gettext as _

from yanit.connectors.base import PermanentDeliveryError, TransientDeliveryError
from yanit.connectors.email.config import MailboxConfig

TIMEOUT_SECONDS = 30


@cache
def helo_name() -> str:
    # smtplib would look the machine's name up (a reverse DNS query) on every connection.
    return socket.getfqdn()


def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def open_smtp(config: MailboxConfig, timeout: float = TIMEOUT_SECONDS) -> smtplib.SMTP:
    """A connected (and, with a user set, logged-in) SMTP session. Raises what smtplib raises."""
    client: smtplib.SMTP
    if config.smtp_security == "ssl":
        client = smtplib.SMTP_SSL(
            config.smtp_host,
            config.smtp_port,
            local_hostname=helo_name(),
            timeout=timeout,
            context=tls_context(),
        )
    else:
        client = smtplib.SMTP(config.smtp_host, config.smtp_port, local_hostname=helo_name(), timeout=timeout)
    try:
        client.ehlo()
        if config.smtp_security == "starttls":
            client.starttls(context=tls_context())
            client.ehlo()
        if config.smtp_user:
            client.login(config.smtp_user, config.smtp_password)
    except BaseException:
        client.close()
        raise
    return client


def server_reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}".strip()


def _by_code(code: int, reply: str) -> Exception:
    # 4xx: the server asks to try again later (greylisting, a full queue); 5xx refuses for good.
    if 400 <= code < 500:
        return TransientDeliveryError(reply)
    return PermanentDeliveryError(reply)


def send_email(config: MailboxConfig, email: EmailMessage, recipients: list[str]) -> None:
    """Hand ``email`` to the inbox's SMTP server or raise a delivery error."""
    try:
        client = open_smtp(config)
    except smtplib.SMTPAuthenticationError as exc:
        raise PermanentDeliveryError(
            _("The SMTP server rejected the login: %(reply)s")
            % {"reply": server_reply(exc.smtp_code, exc.smtp_error)}
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise PermanentDeliveryError(
            _("The SMTP server does not offer what the settings ask for: %(error)s") % {"error": exc}
        ) from exc
    except ssl.SSLCertVerificationError as exc:
        raise PermanentDeliveryError(
            _("The SMTP server's certificate is not valid: %(error)s") % {"error": exc.verify_message}
        ) from exc
    except ssl.SSLError as exc:
        raise PermanentDeliveryError(
            _("Secure connection to the SMTP server failed (%(error)s). Check the security setting and port.")
            % {"error": exc.reason or exc}
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise _by_code(exc.smtp_code, server_reply(exc.smtp_code, exc.smtp_error)) from exc
    except socket.gaierror as exc:
        raise TransientDeliveryError(
            _("The SMTP server %(host)s was not found.") % {"host": config.smtp_host}
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise TransientDeliveryError(
            _("Could not reach the SMTP server %(host)s:%(port)s (%(error)s).")
            % {"host": config.smtp_host, "port": config.smtp_port, "error": exc or type(exc).__name__}
        ) from exc
    try:
        client.send_message(email, from_addr=config.address, to_addrs=recipients)
    except smtplib.SMTPNotSupportedError as exc:
        # e.g. a non-ASCII address and a server without SMTPUTF8: another try won't help.
        raise PermanentDeliveryError(str(exc)) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        replies = [(code, server_reply(code, text)) for code, text in exc.recipients.values()]
        # Any recipient merely deferred (4xx) makes the whole email worth another try.
        raise _by_code(min(c for c, _r in replies), "; ".join(r for _c, r in replies)) from exc
    except smtplib.SMTPResponseException as exc:
        raise _by_code(exc.smtp_code, server_reply(exc.smtp_code, exc.smtp_error)) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise TransientDeliveryError(
            _("The SMTP server closed the connection while sending (%(error)s).")
            % {"error": exc or type(exc).__name__}
        ) from exc
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
