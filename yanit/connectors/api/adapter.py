"""The ``api`` channel: replies go to the inbox's webhook URL as Standard Webhooks events."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone

from yanit.connectors.base import PermanentDeliveryError, SendResult, TransientDeliveryError
from yanit.connectors.models import WebhookDelivery
from yanit.connectors.standard_webhooks import headers
from yanit.conversations.models import PRIORITY_NAMES, Message

# Statuses worth retrying: the receiver may recover. Any other 4xx means it refused for good.
RETRYABLE_STATUSES = {408, 409, 425, 429}
BACKOFF_SECONDS = [5, 30, 120, 600, 1800, 3600, 7200, 14400]


def backoff(attempt: int) -> int:
    return BACKOFF_SECONDS[min(attempt - 1, len(BACKOFF_SECONDS) - 1)]


def _bot_part(message: Message) -> dict[str, Any] | None:
    bot = (message.metadata or {}).get("bot") or {}
    if not bot.get("quick_replies"):
        return None
    return {
        "article_id": bot.get("article"),
        "article_title": bot.get("article_title", ""),
        "article_url": bot.get("article_url", ""),
        "quick_replies": bot["quick_replies"],
    }


def message_payload(message: Message) -> dict[str, Any]:
    conversation = message.conversation
    contact = conversation.contact
    agent = message.sender_agent
    return {
        "type": "message.created",
        "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            "message": {
                "id": message.pk,
                "text": message.text,
                "html": message.html,
                "created_at": message.created_at.isoformat(),
                "attachments": [
                    {"filename": a.filename, "content_type": a.content_type, "size": a.size}
                    for a in message.attachments.all()
                ],
                "sender": {"type": "agent", "id": agent.pk, "name": agent.name} if agent else None,
                # An instant answer: "quick_replies" to offer; send back {"bot_feedback": id}.
                "bot": _bot_part(message),
            },
            "conversation": {
                "id": conversation.pk,
                "number": conversation.number,
                "status": conversation.status,
                "priority": PRIORITY_NAMES[conversation.priority],
            },
            "contact": {
                "id": contact.pk,
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                "external_ids": list(
                    contact.identities.filter(
                        kind="external", namespace=f"inbox:{message.inbox_id}"
                    ).values_list("value", flat=True)
                ),
            },
        },
    }


class ApiAdapter:
    channel = "api"

    def send(self, message: Message, attempt: int) -> SendResult:
        inbox = message.inbox
        if not inbox.webhook_url:
            # Without a webhook the reply is fetched through GET /conversations/{id}/messages.
            return SendResult(status=Message.Delivery.SENT)
        webhook_id = f"msg_{message.pk}"
        body = json.dumps(message_payload(message), ensure_ascii=False, separators=(",", ":")).encode()
        started = time.monotonic()
        log = WebhookDelivery(
            workspace_id=message.workspace_id,
            inbox=inbox,
            message=message,
            webhook_id=webhook_id,
            event_type="message.created",
            url=inbox.webhook_url,
            attempt=attempt,
        )
        try:
            response = httpx.post(
                inbox.webhook_url,
                content=body,
                headers=headers(inbox.webhook_secret, webhook_id, body),
                timeout=settings.YANIT_WEBHOOK_TIMEOUT,
                follow_redirects=False,
            )
        except httpx.HTTPError as exc:
            log.duration_ms = int((time.monotonic() - started) * 1000)
            reason = f"{type(exc).__name__}: {exc}"[:500]
            self._record_failure(log, attempt, reason, None)
            raise TransientDeliveryError(reason) from exc
        log.duration_ms = int((time.monotonic() - started) * 1000)
        log.response_status = response.status_code
        log.response_excerpt = response.text[:500]
        if 200 <= response.status_code < 300:
            log.outcome = WebhookDelivery.Outcome.SUCCEEDED
            log.save()
            return SendResult(status=Message.Delivery.DELIVERED)
        reason = f"HTTP {response.status_code}: {response.text[:200]}"
        if response.status_code >= 500 or response.status_code in RETRYABLE_STATUSES:
            self._record_failure(log, attempt, reason, response.status_code)
            raise TransientDeliveryError(reason)
        log.outcome = WebhookDelivery.Outcome.FAILED
        log.error = reason[:500]
        log.save()
        raise PermanentDeliveryError(reason)

    def _record_failure(self, log: WebhookDelivery, attempt: int, reason: str, status: int | None) -> None:
        final = attempt >= settings.YANIT_WEBHOOK_MAX_ATTEMPTS
        log.outcome = WebhookDelivery.Outcome.FAILED if final else WebhookDelivery.Outcome.RETRYING
        log.error = reason[:500]
        log.response_status = status
        if not final:
            log.next_attempt_at = timezone.now() + timedelta(seconds=backoff(attempt))
        log.save()
