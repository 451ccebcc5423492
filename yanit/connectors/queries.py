"""Reads of the webhook delivery log, shared by the settings pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from yanit.connectors.models import WebhookDelivery
from yanit.inboxes.models import Inbox


def deliveries_of(inbox: Inbox, outcome: str = "") -> QuerySet[WebhookDelivery]:
    """Delivery attempts of an inbox, newest first; ``outcome`` narrows to one outcome."""
    deliveries = WebhookDelivery.objects.filter(workspace_id=inbox.workspace_id, inbox=inbox)
    if outcome in WebhookDelivery.Outcome.values:
        deliveries = deliveries.filter(outcome=outcome)
    return deliveries.order_by("-created_at", "-id")
