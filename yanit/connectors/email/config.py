"""The settings of an email inbox, read from and written to ``Inbox.settings["email"]``.

Passwords are stored encrypted (``yanit.core.secrets``). Other channels (chat, form) send their
email through an email inbox of the same workspace: ``settings["email_inbox_id"]`` on that inbox,
else the workspace's first active email inbox.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from yanit.core.secrets import decrypt_secret, encrypt_secret
from yanit.inboxes.models import Inbox

Security = Literal["ssl", "starttls", "none"]
SECRET_FIELDS = ("imap_password", "smtp_password")


@dataclass
class MailboxConfig:
    # The address customers write to; also the From of replies.
    address: str = ""
    # Shown as the sender: "Ayşe — Mağaza Destek" rather than a bare address. The agent's name
    # goes in front when ``sender_shows_agent``.
    from_name: str = ""
    sender_shows_agent: bool = True
    signature: str = ""
    imap_host: str = ""
    imap_port: int = 993
    imap_security: Security = "ssl"
    imap_user: str = ""
    imap_password: str = ""
    imap_folder: str = "INBOX"
    # Seconds between polls when the server has no IDLE (and as a safety net when it has).
    poll_seconds: int = 60
    smtp_host: str = ""
    smtp_port: int = 465
    smtp_security: Security = "ssl"
    smtp_user: str = ""
    smtp_password: str = ""
    autoack_enabled: bool = True
    # Per language ("tr", "en"): the acknowledgement text; "" uses the shipped default.
    autoack_text: dict[str, str] = field(default_factory=dict)
    # Until business hours exist (issue 4): what "we will answer by …" says, per language.
    expected_reply_text: dict[str, str] = field(default_factory=dict)

    @property
    def receives(self) -> bool:
        return bool(self.imap_host and self.imap_user)

    @property
    def sends(self) -> bool:
        return bool(self.smtp_host and self.address)

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2] or "localhost"


def mailbox_config(inbox: Inbox) -> MailboxConfig:
    raw: dict[str, Any] = dict((inbox.settings or {}).get("email") or {})
    known = {f.name for f in fields(MailboxConfig)}
    values = {key: value for key, value in raw.items() if key in known}
    for name in SECRET_FIELDS:
        values[name] = decrypt_secret(str(values.get(name) or ""))
    return MailboxConfig(**values)


def stored_settings(config: MailboxConfig) -> dict[str, Any]:
    """What goes into ``Inbox.settings["email"]``: the same fields, passwords encrypted."""
    data = asdict(config)
    for name in SECRET_FIELDS:
        data[name] = encrypt_secret(data[name])
    return data


def email_inbox_for(inbox: Inbox) -> Inbox | None:
    """The email inbox that sends (and receives replies to) this inbox's emails."""
    if inbox.channel == Inbox.Channel.EMAIL:
        return inbox
    candidates = Inbox.objects.filter(
        workspace_id=inbox.workspace_id, channel=Inbox.Channel.EMAIL, is_active=True
    )
    linked = (inbox.settings or {}).get("email_inbox_id")
    if linked:
        return candidates.filter(pk=linked).first()
    return candidates.order_by("pk").first()
