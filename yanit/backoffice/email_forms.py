"""The form of an email inbox's settings page. It validates; the view stores through the inbox
services, with passwords encrypted and a blank password meaning "keep the saved one"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yanit.accounts.models import Team
from yanit.connectors.email.config import MailboxConfig

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrOrPromise

SECURITY_CHOICES = [
    ("ssl", _("SSL/TLS")),
    ("starttls", "STARTTLS"),
    ("none", _("None (unencrypted)")),
]

# Fills host, port and security with one click; the user name is the address.
PRESETS: dict[str, dict[str, Any]] = {
    "gmail": {
        "label": "Gmail / Google Workspace",
        "imap_host": "imap.gmail.com",
        "imap_port": 993,
        "imap_security": "ssl",
        "smtp_host": "smtp.gmail.com",
        "smtp_port": 465,
        "smtp_security": "ssl",
    },
    "yandex": {
        "label": "Yandex",
        "imap_host": "imap.yandex.com",
        "imap_port": 993,
        "imap_security": "ssl",
        "smtp_host": "smtp.yandex.com",
        "smtp_port": 465,
        "smtp_security": "ssl",
    },
    "outlook": {
        "label": "Outlook / Microsoft 365",
        "imap_host": "outlook.office365.com",
        "imap_port": 993,
        "imap_security": "ssl",
        "smtp_host": "smtp.office365.com",
        "smtp_port": 587,
        "smtp_security": "starttls",
    },
}

MAILBOX_FIELDS = (
    "address",
    "from_name",
    "sender_shows_agent",
    "signature",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_user",
    "imap_folder",
    "poll_seconds",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "autoack_enabled",
)


def port_field(label: str | StrOrPromise, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=1,
        max_value=65535,
        error_messages={
            "min_value": _("A port is a number from 1 to 65535."),
            "max_value": _("A port is a number from 1 to 65535."),
            "invalid": _("A port is a number from 1 to 65535."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def password_field(label: str | StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )


class EmailInboxForm(forms.Form):
    name = forms.CharField(label=_("Inbox name"), max_length=120)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("No team"),
        help_text=_("New conversations in this inbox go to this team."),
    )
    address = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address customers write to, e.g. destek@magazaniz.com. Replies are sent from it."),
    )
    from_name = forms.CharField(
        label=_("Sender name"),
        max_length=100,
        required=False,
        help_text=_("Shown as the sender, e.g. Mağaza Destek."),
    )
    sender_shows_agent = forms.BooleanField(
        label=_("Show the agent's name in front (“Ayşe — Mağaza Destek”)"), required=False
    )
    signature = forms.CharField(
        label=_("Signature"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added under every reply."),
    )
    imap_host = forms.CharField(label=_("IMAP server"), max_length=255, required=False)
    imap_port = port_field(_("IMAP port"), 993)
    imap_security = forms.ChoiceField(label=_("IMAP security"), choices=SECURITY_CHOICES, initial="ssl")
    imap_user = forms.CharField(label=_("IMAP user name"), max_length=320, required=False)
    imap_password = password_field(_("IMAP password"))
    imap_folder = forms.CharField(label=_("Folder"), max_length=200, initial="INBOX")
    poll_seconds = forms.IntegerField(
        label=_("Check for new mail every (seconds)"),
        initial=60,
        min_value=15,
        max_value=3600,
        help_text=_("A safety net: servers with IDLE deliver new mail at once."),
    )
    smtp_host = forms.CharField(label=_("SMTP server"), max_length=255)
    smtp_port = port_field(_("SMTP port"), 465)
    smtp_security = forms.ChoiceField(label=_("SMTP security"), choices=SECURITY_CHOICES, initial="ssl")
    smtp_user = forms.CharField(label=_("SMTP user name"), max_length=320, required=False)
    smtp_password = password_field(_("SMTP password"))
    autoack_enabled = forms.BooleanField(
        label=_("Acknowledge new conversations automatically"), required=False, initial=True
    )
    autoack_text_tr = forms.CharField(
        label=_("Acknowledgement (Turkish)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    autoack_text_en = forms.CharField(
        label=_("Acknowledgement (English)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    expected_reply_tr = forms.CharField(
        label=_("Expected reply time (Turkish)"), required=False, max_length=200
    )
    expected_reply_en = forms.CharField(
        label=_("Expected reply time (English)"), required=False, max_length=200
    )
    is_active = forms.BooleanField(label=_("Inbox is active"), required=False, initial=True)

    def __init__(
        self, *args: Any, workspace_id: int, saved: MailboxConfig | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.saved = saved or MailboxConfig()
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = Team.objects.filter(workspace_id=workspace_id)
        for kind in ("imap", "smtp"):
            if getattr(self.saved, f"{kind}_password"):
                field = self.fields[f"{kind}_password"]
                field.help_text = _("Saved. Leave blank to keep it.")
                field.widget.attrs["placeholder"] = "••••••••"

    def clean_imap_host(self) -> str:
        return str(self.cleaned_data["imap_host"]).strip().lower()

    def clean_smtp_host(self) -> str:
        return str(self.cleaned_data["smtp_host"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("imap_host") and not data.get("imap_user"):
            self.add_error(
                "imap_user", _("Enter the user name to read the mailbox with (usually the address).")
            )
        if data.get("imap_user") and not data.get("imap_host"):
            self.add_error(
                "imap_host", _("Enter the IMAP server to read new mail from, e.g. imap.gmail.com.")
            )
        for kind in ("imap", "smtp"):
            # A saved password only ever goes to the server and user it was typed for.
            moved = (data.get(f"{kind}_host"), data.get(f"{kind}_user")) != (
                getattr(self.saved, f"{kind}_host"),
                getattr(self.saved, f"{kind}_user"),
            )
            keeps_saved = not data.get(f"{kind}_password") and getattr(self.saved, f"{kind}_password")
            if moved and keeps_saved and data.get(f"{kind}_host"):
                self.add_error(
                    f"{kind}_password", _("The server or user name changed: enter the password again.")
                )
        return data

    @staticmethod
    def initial_from(
        inbox_name: str, team_id: int | None, is_active: bool, config: MailboxConfig
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(config, name) for name in MAILBOX_FIELDS}
        initial.update(
            name=inbox_name,
            team=team_id,
            is_active=is_active,
            autoack_text_tr=config.autoack_text.get("tr", ""),
            autoack_text_en=config.autoack_text.get("en", ""),
            expected_reply_tr=config.expected_reply_text.get("tr", ""),
            expected_reply_en=config.expected_reply_text.get("en", ""),
        )
        return initial

    def to_config(self) -> MailboxConfig:
        """The saved settings with the form's values on top; a blank password keeps the saved one."""
        data = self.cleaned_data
        saved = self.saved
        values = {name: data[name] for name in MAILBOX_FIELDS}
        values["address"] = str(values["address"]).strip().lower()
        values["imap_folder"] = str(values["imap_folder"]).strip() or "INBOX"
        return MailboxConfig(
            **values,
            imap_password=(data["imap_password"] or saved.imap_password) if data["imap_host"] else "",
            smtp_password=data["smtp_password"] or saved.smtp_password,
            autoack_text={"tr": data["autoack_text_tr"].strip(), "en": data["autoack_text_en"].strip()},
            expected_reply_text={
                "tr": data["expected_reply_tr"].strip(),
                "en": data["expected_reply_en"].strip(),
            },
        )
