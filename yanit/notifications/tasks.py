"""Jobs: notification emails (one per notification, one digest per recipient for a burst; retried
with backoff) and firing due reminders."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from yanit.notifications.delivery import compose_digest
from yanit.notifications.models import Notification
from yanit.notifications.services.preferences import choices_for
from yanit.notifications.services.reminders import do_fire_due_reminders

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def retry_delay(attempt: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempt - 1), 3600))


@task()
def send_notification_email(notification_id: int, attempt: int = 1) -> str:
    return send_notification_emails.call([notification_id], attempt)


@task()
def send_notification_emails(notification_ids: list[int], attempt: int = 1) -> str:
    """One email for one recipient's notifications: the notification itself, or a digest listing
    a burst of them."""
    notifications = [
        n
        for n in Notification.objects.select_related(
            "recipient__user", "recipient__workspace", "actor__user", "conversation"
        )
        .filter(pk__in=notification_ids)
        .order_by("pk")
        if n.recipient.is_active
    ]
    choices = choices_for([(n.recipient_id, n.kind) for n in notifications])
    wanted = [n.pk for n in notifications if choices[n.recipient_id, n.kind][0]]
    if not wanted:
        return "off" if notifications else "gone"
    # Claim before sending, so a duplicate job (after a worker crash) can't send them twice; the
    # claim's own timestamp tells this job's rows from another job's.
    claim = timezone.now()
    Notification.objects.filter(pk__in=wanted, emailed_at__isnull=True).update(emailed_at=claim)
    claimed = [
        n
        for n in notifications
        if n.pk
        in set(Notification.objects.filter(pk__in=wanted, emailed_at=claim).values_list("pk", flat=True))
    ]
    if not claimed:
        return "already sent"
    subject, body = compose_digest(claimed)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[claimed[0].recipient.user.email])
    ids = [n.pk for n in claimed]
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        Notification.objects.filter(pk__in=ids).update(emailed_at=None)
        if attempt >= MAX_ATTEMPTS:
            logger.error("giving up on notification email %s after %s attempts: %s", ids, attempt, exc)
            return "failed"
        logger.warning("notification email attempt %s failed, will retry: %s", attempt, exc)
        send_notification_emails.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            ids, attempt + 1
        )
        return "retry"
    return "sent"


@task()
def fire_due_reminders() -> int:
    return do_fire_due_reminders()
