"""The chat widget of an inbox, its visitors, and the counters behind the rate limits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel

DEFAULT_COLOR = "#0f766e"
DEFAULT_MAX_FILE_BYTES = 10 * 1_048_576


class ChatWidget(TimeStampedModel):
    """The settings of a chat inbox's widget. ``public_key`` (``wk_…``) goes into the store's
    page; the identity secret signs logged-in customers and never leaves the settings page."""

    class Position(models.TextChoices):
        RIGHT = "right", _("Bottom right")
        LEFT = "left", _("Bottom left")

    class Prechat(models.TextChoices):
        OFF = "off", _("Off")
        OPTIONAL = "optional", _("Optional name and email")
        REQUIRED = "required", _("Required name and email")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    inbox = models.OneToOneField("inboxes.Inbox", on_delete=models.CASCADE, related_name="chat_widget")
    public_key = models.CharField(max_length=40, unique=True)
    # Encrypted at rest (yanit.core.secrets).
    identity_secret = models.CharField(max_length=300)
    # "https://shop.example" entries; empty = every origin may embed the widget.
    allowed_origins = models.JSONField(default=list, blank=True)
    color = models.CharField(_("colour"), max_length=7, default=DEFAULT_COLOR)
    position = models.CharField(_("position"), max_length=5, choices=Position.choices, default=Position.RIGHT)
    # {"tr": {"title": …, "greeting": …, "online": …, "offline": …, "expected_reply": …}, "en": {…}};
    # a missing or blank text uses the shipped default of that language.
    texts = models.JSONField(default=dict, blank=True)
    prechat_mode = models.CharField(
        _("pre-chat form"), max_length=10, choices=Prechat.choices, default=Prechat.OFF
    )
    max_file_bytes = models.PositiveIntegerField(default=DEFAULT_MAX_FILE_BYTES)

    def __str__(self) -> str:
        return self.public_key


class Visitor(models.Model):
    """One browser talking to a chat inbox. Only a hash of its token (``vt_…``) is kept."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    inbox = models.ForeignKey("inboxes.Inbox", on_delete=models.CASCADE, related_name="visitors")
    token_hash = models.CharField(max_length=64, unique=True)
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The conversation the widget shows: the latest one this visitor wrote in.
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visitors",
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    # Set when the store signed the customer's identity: their id in the store.
    external_id = models.CharField(max_length=320, blank=True)
    language = models.CharField(max_length=8, default="tr")
    page_url = models.CharField(max_length=500, blank=True)
    page_title = models.CharField(max_length=200, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # The network, not the address: /24 for IPv4, /48 for IPv6.
    ip_prefix = models.CharField(max_length=50, blank=True)
    # Open widget sockets; with ``last_seen_at`` this says whether the visitor is still there.
    connections = models.PositiveSmallIntegerField(default=0)
    last_seen_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["inbox", "-last_seen_at"], name="visitor_inbox_recent")]

    def __str__(self) -> str:
        return self.name or self.email or f"visitor {self.pk}"


class RateCount(models.Model):
    """Hits of one key in one fixed time window. In the database so that a limit holds across
    every server process; old windows are deleted on the way."""

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
