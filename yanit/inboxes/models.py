from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel


class Inbox(TimeStampedModel):
    """One configured channel of a workspace. Channel-specific settings live in ``settings``."""

    class Channel(models.TextChoices):
        API = "api", _("API")
        EMAIL = "email", _("Email")
        WEBCHAT = "webchat", _("Live chat")
        FORM = "form", _("Contact form")
        WHATSAPP = "whatsapp", _("WhatsApp")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="inboxes")
    name = models.CharField(_("name"), max_length=120)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    settings = models.JSONField(default=dict, blank=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="inboxes"
    )
    is_active = models.BooleanField(default=True)
    # Secret that lets an external system post to this inbox without an agent's token.
    inbound_token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # Standard Webhooks: replies in an api inbox are POSTed here, signed with this secret.
    webhook_url = models.URLField(_("webhook URL"), max_length=500, blank=True)
    webhook_secret = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
