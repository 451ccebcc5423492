"""Assignment policies (per team or per inbox) and per-agent capacities."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel


class AssignmentPolicy(TimeStampedModel):
    """How new conversations of one team or one inbox find an agent.

    Exactly one of ``team`` / ``inbox`` is set. An inbox's policy wins over its team's.
    """

    class Mode(models.TextChoices):
        MANUAL = "manual", _("Manual")
        ROUND_ROBIN = "round_robin", _("Round-robin")
        LEAST_BUSY = "least_busy", _("Least busy")

    class Offline(models.TextChoices):
        KEEP = "keep", _("Keep them assigned")
        REROUTE = "reroute", _("Unassign and re-route at once")
        REROUTE_AFTER = "reroute_after", _("Unassign and re-route after a grace period")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    team = models.OneToOneField(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="assignment_policy"
    )
    inbox = models.OneToOneField(
        "inboxes.Inbox", null=True, blank=True, on_delete=models.CASCADE, related_name="assignment_policy"
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.MANUAL)
    capacity = models.PositiveSmallIntegerField(
        _("open conversations per agent"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Default for agents without their own capacity."),
    )
    sticky_days = models.PositiveSmallIntegerField(
        _("same agent as the customer's last conversation (days)"),
        default=0,
        validators=[MaxValueValidator(365)],
        help_text=_("0 turns it off."),
    )
    offline_behaviour = models.CharField(
        _("when an agent goes offline"), max_length=14, choices=Offline.choices, default=Offline.KEEP
    )
    offline_grace_minutes = models.PositiveSmallIntegerField(
        _("grace period (minutes)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    # Round-robin pointer: the agent picked last; the next pick is the next agent id after it.
    last_agent = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False, inbox__isnull=True)
                | Q(team__isnull=True, inbox__isnull=False),
                name="assignment_policy_team_xor_inbox",
            )
        ]

    @property
    def is_automatic(self) -> bool:
        return self.mode != self.Mode.MANUAL


class AgentCapacity(models.Model):
    """An agent's own limit of open conversations, overriding every policy's default."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    agent = models.OneToOneField("accounts.Agent", on_delete=models.CASCADE, related_name="capacity")
    max_open = models.PositiveSmallIntegerField(
        _("open conversations at most"), validators=[MinValueValidator(0), MaxValueValidator(500)]
    )


class OfflineReroute(models.Model):
    """An agent went offline while holding conversations under a "re-route after N minutes"
    policy; the job re-routes each one once its policy's grace period has passed."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    agent = models.OneToOneField("accounts.Agent", on_delete=models.CASCADE, related_name="+")
    went_offline_at = models.DateTimeField()
