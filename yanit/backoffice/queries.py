"""Reads the settings pages need and no domain app owns."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from yanit.connectors.models import WebhookDelivery
from yanit.inboxes.models import Inbox


def inbound_url(inbox: Inbox) -> str:
    # The REST API's route for posting a customer's message into this inbox. Pages may not import
    # the API package (layer contract), so the stable v1 path is spelled out here.
    return f"{settings.YANIT_BASE_URL}/api/v1/inboxes/{inbox.pk}/inbound"


def deliveries_of(inbox: Inbox, outcome: str = "") -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.filter(workspace_id=inbox.workspace_id, inbox=inbox)
    if outcome in WebhookDelivery.Outcome.values:
        deliveries = deliveries.filter(outcome=outcome)
    return deliveries.order_by("-created_at", "-id")
