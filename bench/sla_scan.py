"""(d) One SLA scan over 100,000 open conversations with running timers.

Run by ``bench/run.py`` (``--only sla``); inside the server's environment the loader and the timer
are ``python -m bench.sla_scan load <n>`` and ``python -m bench.sla_scan scan <rounds>``.

Every conversation is open with two running timers (first response, resolution). Due and warning
times are spread over the next days; ``DUE_SHARE`` of the conversations have crossed their warning
threshold and half of those their due time, so each measured scan writes real warnings and breaches.
Between rounds those timers are put back (outside the timing), so every round does the same work.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import timedelta
from typing import Any

from bench.child import run_command

DUE_SHARE = 0.01  # 1 % due: ~1,000 conversations need a warning or a breach in each scan


def load(n_conversations: int) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from yanit.accounts.models import Workspace
    from yanit.contacts.models import Contact
    from yanit.conversations.models import Conversation
    from yanit.inboxes.models import Inbox
    from yanit.sla.models import SlaPolicy, SlaTimer

    rng = random.Random(7)
    started = time.perf_counter()
    workspace = Workspace.objects.get(name="Bench Mağaza")
    inbox = Inbox.objects.get(workspace=workspace)
    policy = SlaPolicy.objects.create(
        workspace=workspace,
        name="Bench",
        business_time=False,
        targets={"normal": {"first_response": 60, "resolution": 1440}},
    )
    n_contacts = max(1, n_conversations // 5)
    contacts = Contact.objects.bulk_create(
        [
            Contact(workspace=workspace, name=f"Müşteri {i}", email=f"m{i}@example.com")
            for i in range(n_contacts)
        ],
        batch_size=5000,
    )
    now = timezone.now()
    start_number = workspace.next_conversation_number
    for offset in range(0, n_conversations, 5000):
        size = min(5000, n_conversations - offset)
        conversations = []
        timers: list[tuple[int, list[SlaTimer]]] = []
        for i in range(offset, offset + size):
            due = rng.random() < DUE_SHARE
            first_due = now - timedelta(minutes=rng.randint(1, 10)) if due and i % 2 else None
            if first_due is None:
                first_due = now + timedelta(minutes=rng.randint(5 if due else 30, 60 * 24 * 3))
            started_at = first_due - timedelta(minutes=60)
            warn_at = started_at + timedelta(minutes=48)
            if due and warn_at > now:
                warn_at = now - timedelta(seconds=1)
            conversations.append(
                Conversation(
                    workspace=workspace,
                    number=start_number + i,
                    inbox=inbox,
                    contact=contacts[i % n_contacts],
                    subject="Siparişim nerede?",
                    status="open",
                    last_activity_at=started_at,
                    waiting_since=started_at,
                    sla_due_at=first_due,
                    sla_state="ok",
                )
            )
            timers.append(
                (
                    i - offset,
                    [
                        SlaTimer(
                            workspace=workspace,
                            policy=policy,
                            metric="first_response",
                            target_minutes=60,
                            business_time=False,
                            started_at=started_at,
                            due_at=first_due,
                            warn_at=warn_at,
                            next_check_at=warn_at,
                        ),
                        SlaTimer(
                            workspace=workspace,
                            policy=policy,
                            metric="resolution",
                            target_minutes=1440,
                            business_time=False,
                            started_at=started_at,
                            due_at=started_at + timedelta(minutes=1440),
                            warn_at=started_at + timedelta(minutes=1152),
                            next_check_at=started_at + timedelta(minutes=1152),
                        ),
                    ],
                )
            )
        created = Conversation.objects.bulk_create(conversations)
        rows = []
        for index, pair in timers:
            for timer in pair:
                timer.conversation = created[index]
                rows.append(timer)
        SlaTimer.objects.bulk_create(rows, batch_size=5000)
    Workspace.objects.filter(pk=workspace.pk).update(next_conversation_number=start_number + n_conversations)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    snapshot()
    return {"conversations": n_conversations, "seconds": time.perf_counter() - started}


def snapshot() -> None:
    """Remember which timers are due now, to restore them between rounds."""
    from django.utils import timezone

    from yanit.sla.models import SlaTimer

    due = list(SlaTimer.objects.filter(next_check_at__lte=timezone.now()).values_list("pk", flat=True))
    with open(_snapshot_path(), "w") as handle:
        json.dump(due, handle)


def _snapshot_path() -> str:
    from django.conf import settings

    return str(settings.DATA_DIR / "sla-bench-due.json")


def restore() -> None:
    from django.db.models import F
    from django_tasks_db.models import DBTaskResult

    from yanit.conversations.models import Activity, Conversation
    from yanit.notifications.models import Notification
    from yanit.sla.models import SlaTimer

    with open(_snapshot_path()) as handle:
        ids = json.load(handle)
    SlaTimer.objects.filter(pk__in=ids).update(warned_at=None, breached_at=None, next_check_at=F("warn_at"))
    Activity.objects.filter(verb__startswith="sla_").delete()
    # Every round notifies afresh: left in place, the last round's notifications would make this
    # round's duplicates (one per agent, kind and conversation a minute) and skip the work.
    Notification.objects.all().delete()
    DBTaskResult.objects.all().delete()
    Conversation.objects.filter(sla_state__in=["warning", "breached"]).update(sla_state="ok")


def scan(rounds: int) -> dict[str, Any]:
    from django.db import connection

    from bench.stats import summary_ms
    from yanit.sla.models import SlaTimer
    from yanit.sla.scan import scan_all

    busy, idle = [], []
    warned = breached = 0
    for _ in range(rounds):
        restore()
        started = time.perf_counter()
        result = scan_all()
        busy.append(time.perf_counter() - started)
        warned, breached = result.warned, result.breached
        started = time.perf_counter()
        scan_all()  # nothing left to do: the cost of the scan every 30 s on a quiet install
        idle.append(time.perf_counter() - started)
    return {
        "vendor": connection.vendor,
        "timers": SlaTimer.objects.count(),
        "warned": warned,
        "breached": breached,
        "busy": summary_ms(busy),
        "idle": summary_ms(idle),
    }


def main(argv: list[str]) -> None:
    run_command(argv, {"load": load, "scan": scan})


if __name__ == "__main__":
    main(sys.argv[1:])
