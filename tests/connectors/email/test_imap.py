"""Reading a real Dovecot mailbox: exactly once across crashes, UIDVALIDITY changes, IDLE
wake-up, and one reader per mailbox when two worker processes compete."""

from __future__ import annotations

import time
from email.message import EmailMessage
from unittest import mock

import pytest
from imapclient import IMAPClient

from tests.connectors.email.conftest import ADDRESS, Dovecot, make_email_inbox
from tests.factories import World
from yanit.connectors.email import imap, ingest, watcher
from yanit.connectors.email.imap import poll_mailbox_once
from yanit.connectors.email.models import MailboxState
from yanit.conversations.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def numbered(n: int, text: str = "Sipariş sorusu") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Müşteri {n} <musteri{n}@example.com>"
    msg["To"] = ADDRESS
    msg["Subject"] = f"Soru {n}"
    msg["Message-ID"] = f"<imap-{n}@example.com>"
    msg.set_content(f"{text} {n}")
    return msg.as_bytes()


def stored_subjects() -> list[str]:
    return sorted(Message.objects.filter(direction="in").values_list("metadata__email__subject", flat=True))


def test_poll_stores_each_mail_once_and_leaves_it_unread(world: World, dovecot: Dovecot) -> None:
    inbox = make_email_inbox(world, **dovecot.config())
    dovecot.append(*(numbered(n) for n in range(1, 6)))

    first = poll_mailbox_once(inbox, batch_size=2)
    assert (first.fetched, first.stored, first.duplicates) == (5, 5, 0)
    assert stored_subjects() == [f"Soru {n}" for n in range(1, 6)]
    state = MailboxState.objects.get(inbox=inbox)
    assert state.last_uid > 0
    assert state.uidvalidity
    assert state.last_error == ""
    assert state.last_success_at is not None

    second = poll_mailbox_once(inbox)
    assert (second.fetched, second.stored) == (0, 0)

    client = dovecot.client()
    client.select_folder("INBOX", readonly=True)
    flags = client.get_flags(client.search(["ALL"]))
    client.logout()
    assert all(b"\\Seen" not in value for value in flags.values())


def test_crash_after_half_a_batch_loses_and_duplicates_nothing(world: World, dovecot: Dovecot) -> None:
    inbox = make_email_inbox(world, **dovecot.config())
    dovecot.append(*(numbered(n) for n in range(1, 7)))
    real = ingest.ingest_or_keep
    calls = {"n": 0}

    def crashing(target_inbox, raw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionResetError("the process died here")
        return real(target_inbox, raw)

    # Batch of 4 committed two at a time: two mails stored, then the "crash" before the
    # cursor moved.
    with mock.patch.object(imap, "ingest_or_keep", crashing), pytest.raises(ConnectionResetError):
        poll_mailbox_once(inbox, batch_size=4, commit_every=2)
    assert MailboxState.objects.get(inbox=inbox).last_uid == 0
    assert len(stored_subjects()) == 2
    assert "ConnectionResetError" in MailboxState.objects.get(inbox=inbox).last_error

    result = poll_mailbox_once(inbox, batch_size=4)
    assert (result.fetched, result.stored, result.duplicates) == (6, 4, 2)
    assert stored_subjects() == sorted(f"Soru {n}" for n in range(1, 7))
    assert MailboxState.objects.get(inbox=inbox).last_error == ""


def test_lost_cursor_refetches_without_duplicates(world: World, dovecot: Dovecot) -> None:
    inbox = make_email_inbox(world, **dovecot.config())
    dovecot.append(numbered(1), numbered(2))
    poll_mailbox_once(inbox)
    MailboxState.objects.filter(inbox=inbox).delete()
    dovecot.append(numbered(3))
    result = poll_mailbox_once(inbox)
    assert (result.fetched, result.stored, result.duplicates) == (3, 1, 2)
    assert stored_subjects() == ["Soru 1", "Soru 2", "Soru 3"]


def test_uidvalidity_change_reads_the_folder_again_once(world: World, dovecot: Dovecot) -> None:
    inbox = make_email_inbox(world, **dovecot.config())
    dovecot.append(numbered(1), numbered(2))
    poll_mailbox_once(inbox)
    state = MailboxState.objects.get(inbox=inbox)
    # The server renumbered the folder (restored from backup, migrated): our cursor's
    # UIDVALIDITY no longer matches and the UIDs mean other mails now.
    MailboxState.objects.filter(pk=state.pk).update(uidvalidity=state.uidvalidity - 1, last_uid=999)
    dovecot.append(numbered(3))
    result = poll_mailbox_once(inbox)
    assert (result.fetched, result.stored, result.duplicates) == (3, 1, 2)
    state.refresh_from_db()
    client = dovecot.client()
    client.select_folder("INBOX", readonly=True)
    assert state.last_uid == max(client.search(["ALL"]) and client.search(["UID", "1:*"]))
    client.logout()
    assert stored_subjects() == ["Soru 1", "Soru 2", "Soru 3"]


def test_wrong_password_is_recorded_on_the_mailbox(world: World, dovecot: Dovecot) -> None:
    inbox = make_email_inbox(world, **dovecot.config(imap_password="yanlis"))
    with pytest.raises(IMAPClient.Error):
        poll_mailbox_once(inbox)
    error = MailboxState.objects.get(inbox=inbox).last_error
    assert error.startswith("LoginError")
    assert "failed" in error.lower()


def test_idle_wakes_the_watcher_within_two_seconds(world: World, dovecot: Dovecot) -> None:
    # Polling every 60 s: only IDLE can bring the mail in this fast.
    inbox = make_email_inbox(world, **dovecot.config(poll_seconds=60))
    reader = watcher.MailboxWatcher(inbox.pk, "test-process", idle_slice=3)
    reader.start()
    try:
        assert reader.polled.wait(10), "the first poll did not happen"
        assert MailboxState.objects.get(inbox=inbox).idle_supported is True
        time.sleep(0.3)  # in IDLE now
        started = time.monotonic()
        dovecot.append(numbered(1, "IDLE ile gelen"))
        while time.monotonic() - started < 5 and not stored_subjects():
            time.sleep(0.02)
        latency = time.monotonic() - started
        assert stored_subjects() == ["Soru 1"]
        assert latency < 2.0, latency
    finally:
        reader.stop()
        reader.join(40)
    assert not reader.is_alive()
    assert MailboxState.objects.get(inbox=inbox).lease_owner == ""


def test_two_watchers_one_reader(world: World, dovecot: Dovecot) -> None:
    inbox = make_email_inbox(world, **dovecot.config(poll_seconds=5))
    first = watcher.MailboxWatcher(inbox.pk, "process-a", lease_seconds=3, idle_slice=0.5)
    second = watcher.MailboxWatcher(inbox.pk, "process-b", lease_seconds=3, idle_slice=0.5)
    dovecot.append(numbered(1))
    first.start()
    assert first.polled.wait(10)
    second.start()
    try:
        time.sleep(2)
        assert second.polls == 0
        assert MailboxState.objects.get(inbox=inbox).lease_owner == "process-a"
        dovecot.append(numbered(2))
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and len(stored_subjects()) < 2:
            time.sleep(0.05)
        assert stored_subjects() == ["Soru 1", "Soru 2"]
        assert second.polls == 0
        # The holder stops (its process ends): the other takes over once the lease runs out.
        first.stop()
        first.join(10)
        dovecot.append(numbered(3))
        assert second.polled.wait(10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(stored_subjects()) < 3:
            time.sleep(0.05)
        assert stored_subjects() == ["Soru 1", "Soru 2", "Soru 3"]
        assert MailboxState.objects.get(inbox=inbox).lease_owner == "process-b"
    finally:
        first.stop()
        second.stop()
        first.join(10)
        second.join(10)


def test_lease_is_refused_while_another_holds_it(world: World) -> None:
    inbox = make_email_inbox(world)
    assert watcher.acquire_lease(inbox.pk, "a", 60) is True
    assert watcher.acquire_lease(inbox.pk, "b", 60) is False
    assert watcher.acquire_lease(inbox.pk, "a", 60) is True
    MailboxState.objects.filter(inbox=inbox).update(lease_until=None)
    assert watcher.acquire_lease(inbox.pk, "b", 60) is True


def test_manager_starts_and_stops_watchers_as_settings_change(world: World, dovecot: Dovecot) -> None:
    inbox = make_email_inbox(world, **dovecot.config())
    make_email_inbox(world)  # no IMAP settings: not watched
    manager = watcher.WatcherManager(rescan_seconds=3600, idle_slice=1)
    try:
        manager.rescan()
        assert list(manager.watchers) == [inbox.pk]
        first = manager.watchers[inbox.pk][1]
        inbox.is_active = False
        inbox.save(update_fields=["is_active"])
        manager.rescan()
        assert manager.watchers == {}
        first.join(40)
        assert not first.is_alive()
    finally:
        manager.stop()


def test_every_worker_process_starts_the_mailbox_watchers(world: World, dovecot: Dovecot) -> None:
    from yanit.core.worker import start_background_services

    inbox = make_email_inbox(world, **dovecot.config())
    dovecot.append(numbered(1))
    (manager,) = start_background_services()
    try:
        assert isinstance(manager, watcher.WatcherManager)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not stored_subjects():
            time.sleep(0.05)
        assert stored_subjects() == ["Soru 1"]
        assert list(manager.watchers) == [inbox.pk]
    finally:
        manager.stop()
        manager.join(10)
        for _fingerprint, running in manager.watchers.values():
            running.join(15)
