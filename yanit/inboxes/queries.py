"""Reads about inboxes shared by the settings pages and the API."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from yanit.inboxes.models import Inbox


def inbound_url(inbox: Inbox) -> str:
    """Absolute address of the API route that posts a customer's message into this inbox
    (looked up by URL name, so domain code imports nothing from the API package)."""
    return settings.YANIT_BASE_URL + reverse("api:inbox_inbound", kwargs={"inbox_id": inbox.pk})
