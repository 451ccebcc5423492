"""Run inside the benchmarked server's environment: ``python -m bench.seed <command> …``.

``setup``: a workspace, an api inbox, tokens and agents with logged-in sessions.
``bulk``: many conversations at once with bulk_create (the API would take minutes).
``query``: time the inbox list query itself, without HTTP.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import timedelta
from typing import Any

from bench.child import run_command


def setup(n_agents: int) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from yanit.accounts.models import Agent, User
    from yanit.accounts.services.workspaces import do_create_admin, do_issue_token
    from yanit.inboxes.services.manage import do_create_inbox

    owner = do_create_admin("sahip@bench.test", "bench-parola-1", "Bench Mağaza", name="Bench Sahibi")
    inbox, inbound_token = do_create_inbox(owner, name="Mağaza API", channel="api")
    # One password hash for all: hashing 200 passwords would dominate the setup time.
    password = make_password("bench-parola-1")
    users = User.objects.bulk_create(
        [
            User(email=f"temsilci{i}@bench.test", name=f"Temsilci {i}", password=password)
            for i in range(n_agents)
        ]
    )
    agents = Agent.objects.bulk_create([Agent(workspace=owner.workspace, user=user) for user in users])
    sessions = []
    for user in [owner.user, *users]:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    return {
        "workspace_id": owner.workspace_id,
        "inbox_id": inbox.pk,
        "inbound_token": inbound_token,
        "owner_token": do_issue_token(owner),
        "owner_session": sessions[0],
        "agent_ids": [agent.pk for agent in agents],
        "agent_sessions": sessions[1:],
    }


def bulk(n_conversations: int) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from yanit.accounts.models import Agent, Workspace
    from yanit.contacts.models import Contact
    from yanit.conversations.models import Conversation
    from yanit.core.text import search_fold
    from yanit.inboxes.models import Inbox

    rng = random.Random(42)
    workspace = Workspace.objects.get(name="Bench Mağaza")
    inbox = Inbox.objects.get(workspace=workspace)
    agents = list(Agent.objects.filter(workspace=workspace).values_list("pk", flat=True)[:20])
    first_names = ["Ayşe", "Mehmet", "İbrahim", "Işıl", "Çağla", "Gökhan", "Şule", "Ömer", "Ülkü", "Deniz"]
    last_names = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç"]
    subjects = ["Siparişim nerede?", "İade talebi", "Kargo gecikti", "Fatura lazım", "Ürün hasarlı geldi"]
    started = time.perf_counter()
    n_contacts = max(1, n_conversations // 5)
    contacts = [
        Contact(
            workspace=workspace,
            name=f"{rng.choice(first_names)} {rng.choice(last_names)}",
            email=f"musteri{i}@example.com",
            phone=f"+90532{i:07d}",
        )
        for i in range(n_contacts)
    ]
    for contact in contacts:
        contact.search_text = search_fold(f"{contact.name} {contact.email} {contact.phone}")
    contacts = Contact.objects.bulk_create(contacts, batch_size=2000)
    now = timezone.now()
    statuses = ["open"] * 30 + ["pending"] * 10 + ["snoozed"] * 5 + ["resolved"] * 55
    start_number = workspace.next_conversation_number
    batch: list[Conversation] = []
    for i in range(n_conversations):
        contact = contacts[i % n_contacts]
        subject = rng.choice(subjects)
        status = rng.choice(statuses)
        last = now - timedelta(seconds=rng.randint(0, 180 * 86400))
        batch.append(
            Conversation(
                workspace=workspace,
                number=start_number + i,
                inbox=inbox,
                contact=contact,
                subject=subject,
                status=status,
                priority=rng.choice([0, 1, 1, 1, 2, 3]),
                assignee_id=rng.choice([None, None, *agents]),
                last_activity_at=last,
                waiting_since=last if status == "open" and rng.random() < 0.6 else None,
                last_message_preview=f"{subject} Sipariş no {100000 + i}",
                message_count=rng.randint(1, 12),
                search_text=search_fold(f"{contact.name} {contact.email} {subject}")
                + "\n"
                + search_fold(f"{subject} sipariş no {100000 + i}"),
            )
        )
        if len(batch) == 5000:
            Conversation.objects.bulk_create(batch)
            batch = []
    Conversation.objects.bulk_create(batch)
    Workspace.objects.filter(pk=workspace.pk).update(next_conversation_number=start_number + n_conversations)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum / PRAGMA optimize would eventually give a live install.
        cursor.execute("ANALYZE")
    return {
        "conversations": n_conversations,
        "contacts": n_contacts,
        "seconds": time.perf_counter() - started,
    }


def query(repeat: int) -> dict[str, Any]:
    from django.db import connection, reset_queries

    from bench.stats import summary_ms
    from yanit.accounts.models import Agent
    from yanit.conversations.queries import InboxFilter, counts, page_of

    owner = Agent.objects.select_related("workspace", "user").get(user__email="sahip@bench.test")
    busiest = (
        Agent.objects.filter(workspace=owner.workspace, role="agent")
        .select_related("workspace", "user")
        .first()
    )
    assert busiest is not None
    second_page = page_of(owner, InboxFilter()).next_cursor
    scenarios: dict[str, Any] = {
        "open, newest (default view)": lambda: page_of(owner, InboxFilter()),
        "open, newest, page 2 (cursor)": lambda: page_of(owner, InboxFilter(), cursor=second_page),
        "mine, open": lambda: page_of(busiest, InboxFilter(view="mine")),
        "unassigned, open": lambda: page_of(owner, InboxFilter(view="unassigned")),
        "all statuses, by priority": lambda: page_of(owner, InboxFilter(status=None, sort="priority")),
        "open, longest waiting": lambda: page_of(owner, InboxFilter(sort="waiting")),
        "search 'ışıl kargo'": lambda: page_of(owner, InboxFilter(status=None, q="IŞIL kargo")),
        "counts for the rail": lambda: counts(owner, "open"),
    }
    results: dict[str, Any] = {}
    for name, run in scenarios.items():
        run()  # warm the caches once, as a running server would be
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            timings.append(time.perf_counter() - started)
        reset_queries()
        results[name] = summary_ms(timings)
    results["_vendor"] = connection.vendor
    return results


def main(argv: list[str]) -> None:
    run_command(argv, {"setup": setup, "bulk": bulk, "query": query})


if __name__ == "__main__":
    main(sys.argv[1:])
