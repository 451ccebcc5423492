from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel


class Tag(models.Model):
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=60)
    color = models.CharField(max_length=7, default="#6b7280")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="tag_unique_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Conversation(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PENDING = "pending", _("Pending")
        SNOOZED = "snoozed", _("Snoozed")
        RESOLVED = "resolved", _("Resolved")

    class Priority(models.IntegerChoices):
        # Stored as a rank so "sort by priority" is an index scan.
        LOW = 0, _("Low")
        NORMAL = 1, _("Normal")
        HIGH = 2, _("High")
        URGENT = 3, _("Urgent")

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="conversations"
    )
    number = models.PositiveBigIntegerField(help_text="Per-workspace sequential number shown as #123")
    inbox = models.ForeignKey("inboxes.Inbox", on_delete=models.PROTECT, related_name="conversations")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="conversations")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    priority = models.SmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey(
        "accounts.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_conversations",
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="conversations")
    snoozed_until = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()
    # Set while the customer's latest message is unanswered: "longest waiting" sorts by it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    last_message_preview = models.CharField(max_length=200, blank=True)
    message_count = models.PositiveIntegerField(default=0)
    search_text = models.TextField(blank=True, default="")
    # Channel state that belongs to the whole conversation, keyed by channel: e.g.
    # {"email": {"cc": [...]}} for the people copied on an email thread.
    metadata = models.JSONField(default=dict, blank=True)
    # The customer's rating at the end (1–5) and optional comment; surveys build on it.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.CharField(max_length=1000, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # Copied from the SLA timers (yanit.sla) so the list can show and sort by it: the nearest due
    # time of a running timer and its state ("", "ok", "warning", "breached", "paused").
    sla_due_at = models.DateTimeField(null=True, blank=True)
    sla_state = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="conversation_unique_number"),
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "-last_activity_at"], name="conv_ws_status_recent"),
            models.Index(fields=["workspace", "-last_activity_at"], name="conv_ws_recent"),
            models.Index(
                fields=["workspace", "assignee", "status", "-last_activity_at"], name="conv_ws_assignee"
            ),
            models.Index(fields=["workspace", "team", "status", "-last_activity_at"], name="conv_ws_team"),
            models.Index(fields=["workspace", "inbox", "status", "-last_activity_at"], name="conv_ws_inbox"),
            models.Index(fields=["workspace", "status", "waiting_since"], name="conv_ws_waiting"),
            models.Index(
                fields=["workspace", "status", "-priority", "-last_activity_at"], name="conv_ws_priority"
            ),
            # "Every status, by priority": with no status filter the index above can't serve the sort.
            models.Index(fields=["workspace", "-priority", "-last_activity_at"], name="conv_ws_priority_all"),
            models.Index(fields=["contact", "-last_activity_at"], name="conv_contact_recent"),
            # The rail's counts group one status by team, inbox and assignee: with this index SQLite
            # groups while reading the index instead of sorting every row in a temporary b-tree.
            models.Index(fields=["workspace", "status", "team", "inbox", "assignee"], name="conv_ws_rail"),
            # "Due soonest": running SLA timers first, nearest due time first.
            models.Index(fields=["workspace", "status", "sla_due_at"], name="conv_ws_sla_due"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"

    @property
    def priority_name(self) -> str:
        return PRIORITY_NAMES[self.priority]


PRIORITY_NAMES = {0: "low", 1: "normal", 2: "high", 3: "urgent"}
PRIORITY_BY_NAME = {name: rank for rank, name in PRIORITY_NAMES.items()}


class Message(models.Model):
    class Direction(models.TextChoices):
        IN = "in", _("Incoming")
        OUT = "out", _("Outgoing")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        NOTE = "note", _("Internal note")
        ACTIVITY = "activity", _("Activity")
        AUTOMATED = "automated", _("Automated")

    class Delivery(models.TextChoices):
        NONE = "", _("Not applicable")
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        READ = "read", _("Read")
        FAILED = "failed", _("Failed")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    inbox = models.ForeignKey("inboxes.Inbox", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True, help_text="Sanitized HTML; never raw input")
    sender_agent = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The channel's own id for this message: the idempotency key for inbound retries.
    provider_id = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 (NULL = no id; unique)
    delivery_status = models.CharField(max_length=10, choices=Delivery.choices, blank=True, default="")
    failure_reason = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inbox", "provider_id"],
                condition=Q(provider_id__isnull=False),
                name="message_unique_provider_id",
            )
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="message_conv_time"),
            # Email threading looks a Message-ID up across the workspace's inboxes: a reply to an
            # email sent for a chat or form conversation continues that conversation.
            models.Index(fields=["workspace", "provider_id"], name="message_ws_provider_id"),
        ]
        ordering = ["created_at", "id"]


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"ws{instance.workspace_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Attachment(models.Model):
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=400)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=150)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Activity(models.Model):
    """One change to a conversation: the timeline the UI, SLA audit and analytics read."""

    class Verb(models.TextChoices):
        CREATED = "created", _("Conversation started")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        ASSIGNED = "assigned", _("Assignee changed")
        TEAM = "team", _("Team changed")
        TAGS = "tags", _("Tags changed")
        SUBJECT = "subject", _("Subject changed")
        CONTACT_MERGED = "contact_merged", _("Contacts merged")
        DELIVERY_FAILED = "delivery_failed", _("Delivery failed")
        RATED = "rated", _("Customer rated the conversation")
        MACRO = "macro", _("Macro applied")
        SLA_WARNING = "sla_warning", _("SLA warning")
        SLA_BREACHED = "sla_breached", _("SLA breached")
        REMINDER = "reminder", _("Reminder")
        RULE = "rule", _("Automation rule ran")
        MERGED = "merged", _("Conversations merged")
        BOT = "bot", _("Instant-answer bot")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "agent", "system", "contact", "api" or later "rule:<id>" — who caused the change.
    actor_kind = models.CharField(max_length=40, default="agent")
    verb = models.CharField(max_length=20, choices=Verb.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"], name="activity_conv_time")]
        ordering = ["created_at", "id"]
