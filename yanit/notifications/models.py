"""Notifications for agents, their delivery preferences, and follow-up reminders."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    MENTION = "mention", _("Mentioned in a note")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breached")
    SNOOZE_WOKE = "snooze_woke", _("Snooze ended")
    REMINDER = "reminder", _("Reminder")
    RULE = "rule", _("Automation rule")
    REPLY_COLLISION = "reply_collision", _("Someone else replied")


# Email goes out for these kinds unless the agent changes it; in-app is always on.
EMAIL_BY_DEFAULT = frozenset({Kind.MENTION, Kind.SLA_BREACH})
BROWSER_BY_DEFAULT = frozenset(Kind.values)


class Notification(models.Model):
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey("accounts.Agent", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Free text shown under the title: the note that mentioned you, a reminder's note, a rule's message.
    text = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_recipient_unread"
            ),
            # The burst check: same recipient, kind and conversation within the last minute.
            models.Index(fields=["recipient", "kind", "conversation", "-created_at"], name="notif_dedupe"),
        ]
        ordering = ["-created_at", "-id"]


class Preference(models.Model):
    """One agent's choice for one kind. No row means the defaults above."""

    agent = models.ForeignKey("accounts.Agent", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.BooleanField()
    browser = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agent", "kind"], name="notif_pref_unique")]


class Reminder(models.Model):
    """ "Remind me about this conversation at …": fires once, then is kept for the record."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey("accounts.Agent", on_delete=models.CASCADE, related_name="reminders")
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    fired_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(fired_at__isnull=True, cancelled_at__isnull=True),
                name="reminder_pending_due",
            ),
            models.Index(fields=["agent", "due_at"], name="reminder_agent_due"),
        ]
        ordering = ["due_at", "id"]

    @property
    def is_pending(self) -> bool:
        return self.fired_at is None and self.cancelled_at is None
