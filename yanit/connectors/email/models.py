from __future__ import annotations

from django.db import models


class MailboxState(models.Model):
    """Where IMAP reading of one email inbox stands.

    ``last_uid`` only moves after the messages up to it are stored, and a new UIDVALIDITY means
    the server renumbered the folder: reading starts again and Message-ID de-duplication keeps
    every mail stored exactly once.
    """

    inbox = models.OneToOneField("inboxes.Inbox", on_delete=models.CASCADE, related_name="mailbox_state")
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    idle_supported = models.BooleanField(null=True, blank=True)
    last_poll_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Which worker process reads this mailbox, until when: with several workers only the holder
    # watches; another takes over once the lease has run out (its holder died).
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)


class RawEmail(models.Model):
    """The original RFC 822 bytes of an inbound email, viewable and downloadable as .eml."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    message = models.OneToOneField(
        "conversations.Message", on_delete=models.CASCADE, related_name="raw_email"
    )
    file = models.FileField(upload_to="raw-email/%Y/%m/", max_length=400)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)


class AutoReplyLog(models.Model):
    """One automatic acknowledgement sent: at most one per sender per hour and inbox."""

    inbox = models.ForeignKey("inboxes.Inbox", on_delete=models.CASCADE, related_name="+")
    address = models.CharField(max_length=320)
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["inbox", "address", "-sent_at"], name="autoreply_recent")]
