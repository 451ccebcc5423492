"""The webhook action's job: POST signed JSON (Standard Webhooks), retried with backoff."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from django.conf import settings
from django.tasks import task
from django.utils import timezone

from yanit.automation.models import WebhookCall
from yanit.connectors.standard_webhooks import headers
from yanit.conversations.models import PRIORITY_NAMES, Conversation
from yanit.core.secrets import decrypt_secret

BACKOFF_SECONDS = [5, 30, 120, 600, 1800, 3600]
TIMEOUT_SECONDS = 10.0
# The receiver may recover from these; any other 4xx refuses for good.
RETRYABLE_STATUSES = {408, 409, 425, 429}


def backoff(attempt: int) -> int:
    return BACKOFF_SECONDS[min(attempt - 1, len(BACKOFF_SECONDS) - 1)]


def webhook_payload(rule_id: int, rule_name: str, conversation: Conversation) -> dict[str, Any]:
    contact = conversation.contact
    return {
        "type": "rule.fired",
        "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            "rule": {"id": rule_id, "name": rule_name},
            "conversation": {
                "id": conversation.pk,
                "number": conversation.number,
                "subject": conversation.subject,
                "status": conversation.status,
                "priority": PRIORITY_NAMES[conversation.priority],
                "inbox_id": conversation.inbox_id,
                "assignee_id": conversation.assignee_id,
                "team_id": conversation.team_id,
                "tags": sorted(conversation.tags.values_list("name", flat=True)),
            },
            "contact": {
                "id": contact.pk,
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
            },
        },
    }


@task()
def call_webhook(call_id: int) -> str:
    call = WebhookCall.objects.filter(pk=call_id).first()
    if call is None:
        return "gone"
    if call.status != WebhookCall.Status.QUEUED:
        return "already " + call.status  # a duplicate job after a crash
    body = json.dumps(call.payload, ensure_ascii=False, separators=(",", ":")).encode()
    attempt = call.attempts + 1
    retry = False
    try:
        response = httpx.post(
            call.url,
            content=body,
            headers=headers(decrypt_secret(call.secret), f"rule_call_{call.pk}", body),
            timeout=TIMEOUT_SECONDS,
            follow_redirects=False,
        )
    except httpx.HTTPError as exc:
        retry, status, error = True, None, str(exc) or type(exc).__name__
    else:
        status = response.status_code
        error = "" if status < 300 else f"HTTP {status}"
        retry = status >= 500 or status in RETRYABLE_STATUSES
    if status is not None and status < 300:
        new_status = WebhookCall.Status.SENT
    elif retry and attempt < settings.YANIT_WEBHOOK_MAX_ATTEMPTS:
        new_status = WebhookCall.Status.QUEUED
    else:
        new_status = WebhookCall.Status.FAILED
    WebhookCall.objects.filter(pk=call.pk).update(
        attempts=attempt,
        status=new_status,
        response_status=status,
        error=error[:2000],
        updated_at=timezone.now(),
    )
    if new_status == WebhookCall.Status.QUEUED:
        call_webhook.using(run_after=timezone.now() + timedelta(seconds=backoff(attempt))).enqueue(call.pk)
        return "retry"
    return str(new_status)
