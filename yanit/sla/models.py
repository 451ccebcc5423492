"""Business hours (weekly schedule, holidays, closures), SLA policies and per-conversation timers."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel
from yanit.sla.events import FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION

DEFAULT_TIME_ZONE = "Europe/Istanbul"


class BusinessHours(TimeStampedModel):
    """The weekly schedule of a workspace (``team`` empty) or of one team.

    ``weekly`` maps ISO weekday numbers "1" (Monday) … "7" (Sunday) to a list of ["HH:MM", "HH:MM"]
    intervals; a missing or empty day is closed. Intervals don't cross midnight.
    """

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    team = models.OneToOneField(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="business_hours"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    weekly = models.JSONField(default=dict, blank=True)
    observe_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    # ISO dates of public holidays the store works on anyway.
    ignored_holidays = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"], condition=Q(team__isnull=True), name="business_hours_one_per_workspace"
            )
        ]


class Closure(models.Model):
    """The store's own closed days or half days: a date range, closed all day unless hours are given."""

    hours = models.ForeignKey(BusinessHours, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    # With both set the store is open only between them on those days (a half day).
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        ordering = ["start_date", "id"]


class SlaPolicy(TimeStampedModel):
    """Targets per priority; the first active policy (by position) whose narrowing matches applies.

    ``targets`` maps a priority name ("low", "normal", "high", "urgent") to minutes per metric,
    e.g. {"normal": {"first_response": 60, "next_response": 120, "resolution": 1440}}; a missing
    metric has no timer.
    """

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)
    business_time = models.BooleanField(_("count business hours only"), default=True)
    pause_when_waiting = models.BooleanField(_("pause while pending or snoozed"), default=True)
    warning_percent = models.PositiveSmallIntegerField(_("warn at (%)"), default=80)
    targets = models.JSONField(default=dict, blank=True)
    inboxes = models.ManyToManyField("inboxes.Inbox", blank=True, related_name="+")
    tags = models.ManyToManyField("conversations.Tag", blank=True, related_name="+")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def target(self, priority_name: str, metric: str) -> int | None:
        value = (self.targets.get(priority_name) or {}).get(metric)
        return int(value) if isinstance(value, int | float) and value > 0 else None


class SlaTimer(models.Model):
    """One clock of one conversation. Due and warning moments are derived from ``started_at``, the
    target and the time spent paused (in the policy's own units: business or calendar minutes)."""

    class Metric(models.TextChoices):
        FIRST_RESPONSE = FIRST_RESPONSE, _("first response")
        NEXT_RESPONSE = NEXT_RESPONSE, _("next response")
        RESOLUTION = RESOLUTION, _("resolution")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="sla_timers"
    )
    policy = models.ForeignKey(SlaPolicy, null=True, on_delete=models.SET_NULL, related_name="timers")
    metric = models.CharField(max_length=20, choices=Metric.choices)
    target_minutes = models.PositiveIntegerField()
    business_time = models.BooleanField(default=True)
    warning_percent = models.PositiveSmallIntegerField(default=80)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    warn_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_minutes = models.FloatField(default=0)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    # Closed without being met: the conversation was resolved before a reply, or the policy changed.
    stopped_at = models.DateTimeField(null=True, blank=True)
    # The next moment the scan must look at this timer (warning, then breach); NULL when nothing is
    # left to do. The scan is one range read of this partial index.
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_check_at"],
                condition=Q(next_check_at__isnull=False),
                name="sla_timer_next_check",
            ),
            models.Index(fields=["conversation", "metric"], name="sla_timer_conv_metric"),
        ]
        ordering = ["due_at", "id"]

    @property
    def running(self) -> bool:
        return self.met_at is None and self.stopped_at is None
