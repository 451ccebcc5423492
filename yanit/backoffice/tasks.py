"""Outgoing account email (password resets, invitations): sent by the worker, retried with backoff."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def retry_delay(attempt: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempt - 1), 3600))


@task()
def send_account_email(subject: str, body: str, to: str, html: str = "", attempt: int = 1) -> str:
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        if attempt >= MAX_ATTEMPTS:
            logger.error("giving up on account email after %s attempts: %s", attempt, exc)
            return "failed"
        logger.warning("account email attempt %s failed, will retry: %s", attempt, exc)
        send_account_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            subject, body, to, html, attempt + 1
        )
        return "retry"
    return "sent"
