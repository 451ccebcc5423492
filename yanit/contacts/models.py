from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel


class Contact(TimeStampedModel):
    """The customer. One person across every channel, found through their identities."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text="E.164")
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # Folded (Turkish-aware, diacritics removed) name/email/phone, for search.
    search_text = models.CharField(max_length=600, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["workspace", "-updated_at"], name="contact_ws_recent")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.email or self.phone or f"#{self.pk}"

    @property
    def first_name(self) -> str:
        return (self.name or "").split(" ")[0]


class ContactIdentity(models.Model):
    """How a contact is recognised on a channel: an email, an E.164 phone, a chat visitor id,
    an id in an external system. Unique per workspace, so the same address always finds the
    same person."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        VISITOR = "visitor", _("Chat visitor")
        EXTERNAL = "external", _("External id")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # For channel-scoped ids (external, visitor) the inbox they came from; blank for email/phone.
    namespace = models.CharField(max_length=40, blank=True, default="")
    value = models.CharField(max_length=320)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "namespace", "value"], name="identity_unique_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
