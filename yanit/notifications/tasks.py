"""Jobs: one email per notification (retried with backoff) and firing due reminders."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from yanit.notifications.delivery import compose_email
from yanit.notifications.models import Notification
from yanit.notifications.services.preferences import choice_for
from yanit.notifications.services.reminders import do_fire_due_reminders

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def retry_delay(attempt: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempt - 1), 3600))


@task()
def send_notification_email(notification_id: int, attempt: int = 1) -> str:
    notification = (
        Notification.objects.select_related(
            "recipient__user", "recipient__workspace", "actor__user", "conversation"
        )
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return "gone"
    email_on, _browser = choice_for(notification.recipient_id, notification.kind)
    if not email_on or not notification.recipient.is_active:
        return "off"
    # Claim before sending, so a duplicate job (after a worker crash) can't send it twice.
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return "already sent"
    subject, body = compose_email(notification)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[notification.recipient.user.email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        if attempt >= MAX_ATTEMPTS:
            logger.error(
                "giving up on notification email %s after %s attempts: %s", notification_id, attempt, exc
            )
            return "failed"
        logger.warning("notification email attempt %s failed, will retry: %s", attempt, exc)
        send_notification_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            notification_id, attempt + 1
        )
        return "retry"
    return "sent"


@task()
def fire_due_reminders() -> int:
    return do_fire_due_reminders()
