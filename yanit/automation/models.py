"""Automation rules, their run log, time-based firings, webhook calls and reply suggestions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel


class Trigger(models.TextChoices):
    CONVERSATION_CREATED = "conversation_created", _("Conversation created")
    MESSAGE_RECEIVED = "message_received", _("Customer message received")
    REPLY_SENT = "reply_sent", _("Agent reply sent")
    CONVERSATION_UPDATED = "conversation_updated", _("Conversation updated")
    NO_REPLY = "no_reply", _("Customer waiting for a reply")
    PENDING = "pending", _("Pending for days")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACHED = "sla_breached", _("SLA breached")


# Triggers a scanning job fires; ``trigger_value`` is their N (minutes or days).
TIME_TRIGGERS = frozenset({Trigger.NO_REPLY, Trigger.PENDING})


class Rule(TimeStampedModel):
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)
    enabled = models.BooleanField(_("enabled"), default=True)
    trigger = models.CharField(_("trigger"), max_length=30, choices=Trigger.choices)
    # N of a time-based trigger: business minutes for no_reply, days for pending.
    trigger_value = models.PositiveIntegerField(null=True, blank=True)
    # {"match": "all"|"any", "conditions": [{"field", "op", "value"}]}: checked by schema.check_conditions.
    conditions = models.JSONField(default=dict, blank=True)
    # [{"type": ..., ...}]: checked by schema.check_actions.
    actions = models.JSONField(default=list, blank=True)
    stop_processing = models.BooleanField(_("stop processing later rules"), default=False)
    # Identifies a shipped playbook rule, so installing the defaults again adds nothing.
    playbook_key = models.CharField(max_length=40, blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["workspace", "enabled", "position"], name="rule_ws_order")]

    def __str__(self) -> str:
        return self.name

    @property
    def actor_kind(self) -> str:
        return f"rule:{self.pk}"


class RuleRun(models.Model):
    """One evaluation of a rule on a conversation: the "why did this happen" log."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="runs")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="rule_runs"
    )
    trigger = models.CharField(max_length=30)
    matched = models.BooleanField()
    # One boolean per condition, in the rule's order at the time of the run.
    conditions_result = models.JSONField(default=list, blank=True)
    # What the actions did, as display parts: [["priority", "high"], ["tags_added", ["kargo"]]].
    actions_done = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    # How many rule runs caused this one (0: a person, a customer or the system did).
    depth = models.PositiveSmallIntegerField(default=0)
    duration_us = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["conversation", "-created_at"], name="rulerun_conv_recent"),
            models.Index(fields=["rule", "-created_at"], name="rulerun_rule_recent"),
        ]


class RuleFiring(models.Model):
    """A time-based rule fired for one conversation in one period (e.g. one customer wait):
    the unique row makes the scan idempotent however often and on however many workers it runs."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "conversation", "period"], name="rulefiring_once")
        ]


class WebhookCall(models.Model):
    """A rule's webhook action: one row per call, updated by each attempt of its job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(Rule, null=True, on_delete=models.SET_NULL, related_name="webhook_calls")
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField(max_length=500)
    payload = models.JSONField(default=dict)
    # The signing secret at the time of the call, encrypted (yanit.core.secrets).
    secret = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)


class ReplySuggestion(models.Model):
    """A canned response a rule suggests to the agent (shown on the conversation, never sent)."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="reply_suggestions"
    )
    canned = models.ForeignKey("replies.CannedResponse", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(Rule, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the agent inserted or dismissed it: it is no longer shown.
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["conversation", "canned"], name="suggestion_once")]
