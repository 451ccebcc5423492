"""Time-based triggers: "customer waiting N business minutes" and "pending for N days".

A periodic job (every ``SCAN_SECONDS`` in the worker) looks for conversations past each
time-based rule's threshold. Each rule fires once per conversation per period — one customer
wait (keyed by ``waiting_since``) or one quiet pending stretch (keyed by ``last_activity_at``):
the unique ``RuleFiring`` row is claimed first, so two workers scanning at once fire it once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from yanit.automation.engine import compile_rule, run_rules
from yanit.automation.models import Rule, RuleFiring, Trigger
from yanit.conversations.models import Conversation

SCAN_SECONDS = 60.0
BATCH = 500


def _business_minutes(conversation: Conversation, since: datetime, now: datetime) -> float:
    from yanit.sla.clock import business_minutes_between
    from yanit.sla.schedules import schedule_for

    schedule = schedule_for(conversation.workspace_id, conversation.team_id)
    if schedule is None:
        return (now - since).total_seconds() / 60  # no business hours set up: calendar time
    return business_minutes_between(schedule, since, now)


def _claim(rule: Rule, conversation_id: int, period: str) -> bool:
    try:
        with transaction.atomic():
            RuleFiring.objects.create(rule=rule, conversation_id=conversation_id, period=period)
    except IntegrityError:
        return False
    return True


def scan_time_rules(now: datetime | None = None) -> int:
    """Fire every due time-based rule once; returns how many firings happened."""
    now = now or timezone.now()
    fired = 0
    for rule in Rule.objects.filter(enabled=True, trigger__in=[Trigger.NO_REPLY, Trigger.PENDING]):
        compiled = compile_rule(rule)
        minutes = rule.trigger_value or 0
        if rule.trigger == Trigger.NO_REPLY:
            # Business minutes never exceed calendar minutes: the calendar cut is a safe pre-filter.
            candidates = Conversation.objects.filter(
                workspace_id=rule.workspace_id,
                status=Conversation.Status.OPEN,
                waiting_since__isnull=False,
                waiting_since__lte=now - timedelta(minutes=minutes),
            ).order_by("waiting_since")
        else:
            candidates = Conversation.objects.filter(
                workspace_id=rule.workspace_id,
                status=Conversation.Status.PENDING,
                last_activity_at__lte=now - timedelta(days=minutes),
            ).order_by("last_activity_at")
        done = set(RuleFiring.objects.filter(rule=rule).values_list("conversation_id", "period"))
        for conversation in candidates[:BATCH]:
            if rule.trigger == Trigger.NO_REPLY:
                assert conversation.waiting_since is not None
                period = conversation.waiting_since.isoformat()
                if (conversation.pk, period) in done:
                    continue
                if _business_minutes(conversation, conversation.waiting_since, now) < minutes:
                    continue
            else:
                period = conversation.last_activity_at.isoformat()
                if (conversation.pk, period) in done:
                    continue
            if not _claim(rule, conversation.pk, period):
                continue
            fired += 1
            run_rules(rule.workspace_id, rule.trigger, conversation.pk, only=[compiled])
    return fired
