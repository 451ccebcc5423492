from __future__ import annotations

from django.db import models


class FormKey(models.Model):
    """The public token of a form inbox: ``/f/<token>``. Rotating it retires the old link."""

    inbox = models.OneToOneField("inboxes.Inbox", on_delete=models.CASCADE, related_name="form_key")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)


class FormSubmission(models.Model):
    """One accepted submission. ``submission_id`` comes from the signed form the visitor was
    given, so a double click or a resubmitted page finds this row instead of storing twice; the
    rows from one IP address in the last minutes are the rate limit."""

    inbox = models.ForeignKey("inboxes.Inbox", on_delete=models.CASCADE, related_name="+")
    submission_id = models.CharField(max_length=64, unique=True)
    # A keyed hash, not the address: enough to count, nothing to leak.
    ip_hash = models.CharField(max_length=64, db_index=True)
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, default="tr")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
