from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel


class Step(models.TextChoices):
    """The five steps of the interaction cycle, plus complaint-specific responses."""

    GREETING = "greeting", _("Greeting")
    UNDERSTANDING = "understanding", _("Understanding")
    ACKNOWLEDGING = "acknowledging", _("Acknowledging and apologising")
    SOLUTION = "solution", _("Solution")
    CLOSING = "closing", _("Closing")
    COMPLAINT = "complaint", _("Complaint")


class CannedResponse(TimeStampedModel):
    """A ready answer with variables. ``owner`` empty = shared with the whole workspace."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.CASCADE, related_name="canned_responses"
    )
    title = models.CharField(_("title"), max_length=120)
    shortcut = models.SlugField(_("shortcut"), max_length=60, allow_unicode=True)
    body_tr = models.TextField(_("Turkish text"), blank=True)
    body_en = models.TextField(_("English text"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Step.choices, default=Step.SOLUTION)
    # For complaint responses: the complaint category tag they answer ("stokta yok").
    complaint_tag = models.CharField(_("complaint tag"), max_length=60, blank=True)
    usage_count = models.PositiveIntegerField(default=0)
    # Set on the shipped defaults so installing them twice changes nothing.
    default_key = models.CharField(max_length=60, blank=True)
    # Folded title, shortcut and both bodies: what the "/" search matches.
    search_text = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "shortcut"],
                condition=Q(owner__isnull=True),
                name="canned_unique_shared_shortcut",
            ),
            models.UniqueConstraint(
                fields=["owner", "shortcut"],
                condition=Q(owner__isnull=False),
                name="canned_unique_personal_shortcut",
            ),
            models.UniqueConstraint(
                fields=["workspace", "default_key"],
                condition=~Q(default_key=""),
                name="canned_unique_default_key",
            ),
        ]
        indexes = [models.Index(fields=["workspace", "owner", "-usage_count"], name="canned_ws_owner_usage")]
        ordering = ["-usage_count", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


class Macro(TimeStampedModel):
    """A named list of actions applied in one click. ``actions`` is a list of
    ``{"type": ..., ...}`` dicts checked by ``yanit.replies.services.macros.check_actions``."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.CASCADE, related_name="macros"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    actions = models.JSONField(default=list)
    usage_count = models.PositiveIntegerField(default=0)
    default_key = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "default_key"],
                condition=~Q(default_key=""),
                name="macro_unique_default_key",
            ),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None
