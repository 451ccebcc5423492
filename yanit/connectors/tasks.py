"""Outbound delivery jobs: named, idempotent, taking ids, retried with backoff."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.connectors.api.adapter import backoff
from yanit.connectors.base import PermanentDeliveryError, TransientDeliveryError
from yanit.connectors.registry import adapter_for
from yanit.conversations.models import Message
from yanit.conversations.services.reply import do_set_delivery_status

logger = logging.getLogger(__name__)


@task()
def deliver_message(message_id: int, attempt: int = 1) -> str:
    message = (
        Message.objects.select_related("inbox", "conversation__contact", "sender_agent__user")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return "gone"
    if message.delivery_status not in (Message.Delivery.QUEUED, ""):
        return "already " + message.delivery_status  # a duplicate job after a crash: nothing to do
    adapter = adapter_for(message.inbox.channel)
    if adapter is None:
        do_set_delivery_status(message, Message.Delivery.FAILED, _("This channel can't send messages yet."))
        return "no adapter"
    try:
        result = adapter.send(message, attempt)
    except TransientDeliveryError as exc:
        if attempt >= settings.YANIT_WEBHOOK_MAX_ATTEMPTS:
            do_set_delivery_status(message, Message.Delivery.FAILED, str(exc))
            return "failed"
        Message.objects.filter(pk=message.pk).update(failure_reason=str(exc)[:2000])
        deliver_message.using(run_after=timezone.now() + timedelta(seconds=backoff(attempt))).enqueue(
            message_id, attempt + 1
        )
        return "retry"
    except PermanentDeliveryError as exc:
        do_set_delivery_status(message, Message.Delivery.FAILED, str(exc))
        return "failed"
    if result.provider_id:
        Message.objects.filter(pk=message.pk).update(provider_id=result.provider_id)
    do_set_delivery_status(message, result.status)
    return result.status
