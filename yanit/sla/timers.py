"""Keeping a conversation's SLA timers in step with the conversation.

``reconcile`` compares what the conversation says (first response given? customer waiting since?
resolved? pending or snoozed?) with its running timers and starts, meets, stops, pauses, resumes
or re-targets them. It is idempotent, so every event can simply call it: a duplicate or late
event changes nothing. The nearest due time is then copied onto the conversation for the list.
"""

from __future__ import annotations

import threading
from datetime import datetime
from time import monotonic

from django.db import connection, transaction
from django.utils import timezone

from yanit.conversations.models import Conversation
from yanit.sla.clock import ALWAYS_OPEN, Schedule, add_business_time, business_minutes_between
from yanit.sla.events import FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION
from yanit.sla.models import SlaPolicy, SlaTimer
from yanit.sla.schedules import schedule_for

STATE_NONE = ""
STATE_OK = "ok"
STATE_WARNING = "warning"
STATE_BREACHED = "breached"
STATE_PAUSED = "paused"

WAITING_STATUSES = (Conversation.Status.PENDING, Conversation.Status.SNOOZED)


# A workspace's active policies, cached per process like business hours (``schedules``): every
# conversation event reconciles its timers, and loading the policies with their inboxes and tags
# is three queries. Dropped on any change in this process (signals, see ``subscribers``); other
# processes see a change within ``POLICY_CACHE_SECONDS``.
POLICY_CACHE_SECONDS = 60.0
_policy_cache: dict[int, tuple[float, tuple[SlaPolicy, ...]]] = {}
_policy_lock = threading.Lock()


def policies_of(workspace_id: int) -> list[SlaPolicy]:
    now = monotonic()
    with _policy_lock:
        hit = _policy_cache.get(workspace_id)
    if hit is not None and hit[0] > now:
        return list(hit[1])
    policies = list(
        SlaPolicy.objects.filter(workspace_id=workspace_id, is_active=True).prefetch_related(
            "inboxes", "tags"
        )
    )
    # Only what is committed is cached: read inside a caller's transaction (which may still
    # roll back its own policy change), the rows are used once and forgotten.
    if len(connection.atomic_blocks) <= 1:
        with _policy_lock:
            _policy_cache[workspace_id] = (now + POLICY_CACHE_SECONDS, tuple(policies))
    return policies


def invalidate_policies(workspace_id: int) -> None:
    with _policy_lock:
        _policy_cache.pop(workspace_id, None)


def policy_for(conversation: Conversation, policies: list[SlaPolicy] | None = None) -> SlaPolicy | None:
    """The first active policy (by position) whose inbox and tag narrowing both match."""
    if policies is None:
        policies = policies_of(conversation.workspace_id)
    tag_ids: set[int] | None = None
    for policy in policies:
        inbox_ids = {inbox.pk for inbox in policy.inboxes.all()}
        if inbox_ids and conversation.inbox_id not in inbox_ids:
            continue
        policy_tags = {tag.pk for tag in policy.tags.all()}
        if policy_tags:
            if tag_ids is None:
                tag_ids = set(conversation.tags.values_list("pk", flat=True))
            if not policy_tags & tag_ids:
                continue
        return policy
    return None


def timer_schedule(timer: SlaTimer, conversation: Conversation) -> Schedule:
    if not timer.business_time:
        return ALWAYS_OPEN
    return schedule_for(conversation.workspace_id, conversation.team_id) or ALWAYS_OPEN


def next_check(timer: SlaTimer) -> datetime | None:
    if not timer.running or timer.paused_at is not None or timer.breached_at is not None:
        return None
    return timer.warn_at if timer.warned_at is None else timer.due_at


def compute_due(timer: SlaTimer, schedule: Schedule) -> None:
    """Due and warning moments from the start, the target and the time spent paused."""
    counted = timer.target_minutes + timer.paused_minutes
    timer.due_at = add_business_time(schedule, timer.started_at, counted)
    warn_after = timer.target_minutes * min(100, max(1, timer.warning_percent)) / 100
    timer.warn_at = add_business_time(schedule, timer.started_at, warn_after + timer.paused_minutes)
    timer.next_check_at = next_check(timer)


def _start(
    conversation: Conversation, policy: SlaPolicy, metric: str, target: int, at: datetime, schedule: Schedule
) -> SlaTimer:
    timer = SlaTimer(
        workspace_id=conversation.workspace_id,
        conversation=conversation,
        policy=policy,
        metric=metric,
        target_minutes=target,
        business_time=policy.business_time,
        warning_percent=policy.warning_percent,
        started_at=at,
    )
    compute_due(timer, schedule if policy.business_time else ALWAYS_OPEN)
    timer.save()
    return timer


def _start_time(metric: str, conversation: Conversation, previous: list[SlaTimer], now: datetime) -> datetime:
    """When the clock started: the customer's wait for response clocks, the conversation's start
    for resolution; a clock that already ran once in this conversation (reopened, re-resolved)
    starts no earlier than when the previous one closed."""
    if metric == RESOLUTION:
        # A message stored with its channel's own (earlier) time started the wait then.
        return now if previous else min(conversation.created_at, conversation.waiting_since or now)
    base = conversation.waiting_since or now
    closed = [t.met_at or t.stopped_at for t in previous if (t.met_at or t.stopped_at)]
    return max([base, *[c for c in closed if c is not None]])


def desired_metrics(conversation: Conversation) -> set[str]:
    if conversation.status == Conversation.Status.RESOLVED:
        return set()
    wanted = {RESOLUTION}
    if conversation.first_response_at is None:
        wanted.add(FIRST_RESPONSE)
    elif conversation.waiting_since is not None:
        wanted.add(NEXT_RESPONSE)
    return wanted


def reconcile(conversation_id: int, *, retarget: bool = False, now: datetime | None = None) -> bool:
    """Bring the conversation's timers in line with it; True when anything changed."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
        if conversation is None:
            return False
        timers = list(SlaTimer.objects.filter(conversation=conversation).order_by("started_at", "id"))
        running = {t.metric: t for t in timers if t.running}
        policy = policy_for(conversation)
        schedule = schedule_for(conversation.workspace_id, conversation.team_id) or ALWAYS_OPEN
        wanted = desired_metrics(conversation)
        changed: list[SlaTimer] = []

        for metric, timer in list(running.items()):
            if metric in wanted and policy is not None and policy.target(conversation.priority_name, metric):
                continue
            if metric == FIRST_RESPONSE and conversation.first_response_at is not None:
                timer.met_at = max(conversation.first_response_at, timer.started_at)
            elif metric == NEXT_RESPONSE and conversation.waiting_since is None:
                timer.met_at = now
            elif metric == RESOLUTION and conversation.status == Conversation.Status.RESOLVED:
                timer.met_at = conversation.resolved_at or now
            else:
                timer.stopped_at = now  # no longer wanted: resolved unanswered, policy or priority changed
            timer.paused_at = None
            timer.next_check_at = None
            changed.append(timer)
            del running[metric]

        pause = policy is not None and policy.pause_when_waiting and conversation.status in WAITING_STATUSES
        for timer in running.values():
            timer_clock = schedule if timer.business_time else ALWAYS_OPEN
            dirty = False
            target = policy.target(conversation.priority_name, timer.metric) if policy else None
            if (
                policy is not None
                and target
                and (retarget or timer.target_minutes != target or timer.policy_id != policy.pk)
            ):
                before = _terms(timer)
                timer.policy = policy
                timer.target_minutes = target
                timer.business_time = policy.business_time
                timer.warning_percent = policy.warning_percent
                timer_clock = schedule if timer.business_time else ALWAYS_OPEN
                if retarget and _terms(timer) == before:
                    # Same policy and target (e.g. a tag that narrows no policy was added): only
                    # business hours may have moved the due time; written only when they did.
                    due_before = (timer.due_at, timer.warn_at, timer.next_check_at)
                    compute_due(timer, timer_clock)
                    dirty = (timer.due_at, timer.warn_at, timer.next_check_at) != due_before
                else:
                    dirty = True
            if pause and timer.paused_at is None:
                timer.paused_at = now
                dirty = True
            elif not pause and timer.paused_at is not None:
                timer.paused_minutes += max(0.0, business_minutes_between(timer_clock, timer.paused_at, now))
                timer.paused_at = None
                dirty = True
            if dirty:
                compute_due(timer, timer_clock)
                # A later due time (more time, a pause) takes back a warning or breach not yet reached.
                if timer.breached_at is not None and timer.due_at > now:
                    timer.breached_at = None
                if timer.warned_at is not None and timer.warn_at > now:
                    timer.warned_at = None
                timer.next_check_at = next_check(timer)
                changed.append(timer)

        started: list[SlaTimer] = []
        if policy is not None:
            for metric in sorted(wanted - set(running)):
                target = policy.target(conversation.priority_name, metric)
                if not target:
                    continue
                previous = [t for t in timers if t.metric == metric]
                timer = _start(
                    conversation,
                    policy,
                    metric,
                    target,
                    _start_time(metric, conversation, previous, now),
                    schedule,
                )
                if pause:
                    timer.paused_at = now
                    timer.next_check_at = None
                    timer.save(update_fields=["paused_at", "next_check_at"])
                started.append(timer)

        for timer in changed:
            timer.save()
        # ``timers`` holds the changed ones as changed: no need to read them back.
        return refresh_conversation(conversation, now, [*timers, *started]) or bool(changed)


def _terms(timer: SlaTimer) -> tuple[object, ...]:
    return (timer.policy_id, timer.target_minutes, timer.business_time, timer.warning_percent)


def summary(timers: list[SlaTimer], now: datetime) -> tuple[datetime | None, str]:
    """(nearest due time, state) of a conversation from its timers."""
    running = [t for t in timers if t.running]
    active = [t for t in running if t.paused_at is None]
    if active:
        due = min(t.due_at for t in active)
        if any(t.breached_at is not None for t in active):
            return due, STATE_BREACHED
        if any(t.warned_at is not None for t in active):
            return due, STATE_WARNING
        return due, STATE_OK
    if running:
        return None, STATE_PAUSED
    return None, STATE_NONE


def refresh_conversation(
    conversation: Conversation, now: datetime, timers: list[SlaTimer] | None = None
) -> bool:
    """Copy the nearest due time and state onto the conversation; ``timers``: all of its timers
    when the caller has them (else they are read)."""
    if timers is None:
        timers = list(SlaTimer.objects.filter(conversation=conversation))
    due, state = summary(timers, now)
    if (conversation.sla_due_at, conversation.sla_state) == (due, state):
        return False
    Conversation.objects.filter(pk=conversation.pk).update(sla_due_at=due, sla_state=state)
    conversation.sla_due_at, conversation.sla_state = due, state
    return True


def running_timers(conversation: Conversation) -> list[SlaTimer]:
    return list(
        SlaTimer.objects.filter(
            conversation=conversation, met_at__isnull=True, stopped_at__isnull=True
        ).order_by("due_at", "id")
    )


def recompute_workspace(workspace_id: int) -> int:
    """After business hours or a policy changed: re-target every open conversation's timers."""
    ids = list(
        SlaTimer.objects.filter(workspace_id=workspace_id, met_at__isnull=True, stopped_at__isnull=True)
        .values_list("conversation_id", flat=True)
        .distinct()
    )
    open_ids = (
        Conversation.objects.filter(workspace_id=workspace_id)
        .exclude(status=Conversation.Status.RESOLVED)
        .values_list("pk", flat=True)
    )
    for conversation_id in sorted(set(ids) | set(open_ids)):
        reconcile(conversation_id, retarget=True)
    return len(ids)
