"""Watching mailboxes inside the worker processes.

One thread per active email inbox with IMAP settings. It holds a lease on the inbox's
``MailboxState`` row so that with several worker processes only one reads a mailbox; a lease not
renewed in ``LEASE_SECONDS`` (its process died) is taken over by another. While connected it
waits in IMAP IDLE when the server offers it (woken by EXISTS) and polls every
``poll_seconds`` anyway; errors are recorded on the mailbox and retried with backoff. A manager
thread re-reads the inboxes every ``RESCAN_SECONDS`` so new or changed settings apply without a
restart.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from django.db import close_old_connections, connection
from django.db.models import Q
from django.utils import timezone
from imapclient import IMAPClient

from yanit.connectors.email import imap
from yanit.connectors.email.config import MailboxConfig, mailbox_config
from yanit.connectors.email.models import MailboxState
from yanit.inboxes.models import Inbox

logger = logging.getLogger(__name__)
LEASE_SECONDS = 60.0
RESCAN_SECONDS = 30.0
# How long one IDLE wait lasts before the lease is renewed and stop is checked.
IDLE_SLICE_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 300.0


def process_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


def acquire_lease(inbox_id: int, owner: str, seconds: float = LEASE_SECONDS) -> bool:
    """Take or renew the lease; False while another live process holds it."""
    MailboxState.objects.get_or_create(inbox_id=inbox_id)
    now = timezone.now()
    taken = (
        MailboxState.objects.filter(inbox_id=inbox_id)
        .filter(
            Q(lease_owner=owner) | Q(lease_owner="") | Q(lease_until__isnull=True) | Q(lease_until__lt=now)
        )
        .update(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
    )
    return taken == 1


def release_lease(inbox_id: int, owner: str) -> None:
    MailboxState.objects.filter(inbox_id=inbox_id, lease_owner=owner).update(lease_owner="", lease_until=None)


class LeaseLost(Exception):
    pass


class MailboxWatcher(threading.Thread):
    def __init__(
        self,
        inbox_id: int,
        owner: str,
        *,
        lease_seconds: float = LEASE_SECONDS,
        idle_slice: float = IDLE_SLICE_SECONDS,
    ) -> None:
        super().__init__(name=f"yanit-imap-{inbox_id}", daemon=True)
        self.inbox_id = inbox_id
        self.owner = owner
        self.lease_seconds = lease_seconds
        self.idle_slice = idle_slice
        self.stopping = threading.Event()
        # Set after every completed poll (tests wait on it).
        self.polled = threading.Event()
        self.polls = 0

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        backoff = 1.0
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    if not acquire_lease(self.inbox_id, self.owner, self.lease_seconds):
                        self.stopping.wait(min(self.lease_seconds / 3, 15.0))
                        continue
                    self._session()
                    backoff = 1.0
                except LeaseLost:
                    continue
                except Exception as exc:  # any failure: record, back off, retry
                    logger.warning("inbox %s: mailbox reading failed: %s", self.inbox_id, exc)
                    try:
                        imap.record_error(self.inbox_id, exc)
                    except Exception:  # the database may be what failed
                        close_old_connections()
                    self.stopping.wait(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
        finally:
            try:
                release_lease(self.inbox_id, self.owner)
            finally:
                connection.close()

    def _poll(self, client: IMAPClient, inbox: Inbox, config: MailboxConfig) -> None:
        state = imap.select(client, inbox, config.imap_folder)
        imap.fetch_new(client, inbox, state)
        self.polls += 1
        self.polled.set()

    def _session(self) -> None:
        inbox = Inbox.objects.get(pk=self.inbox_id)
        config = mailbox_config(inbox)
        client = imap.connect(config)
        try:
            idle = b"IDLE" in client.capabilities()
            MailboxState.objects.filter(inbox_id=self.inbox_id).update(idle_supported=idle)
            self._poll(client, inbox, config)
            last_poll = time.monotonic()
            poll_every = max(5, int(config.poll_seconds or 60))
            while not self.stopping.is_set():
                if not acquire_lease(self.inbox_id, self.owner, self.lease_seconds):
                    raise LeaseLost
                wait = min(self.idle_slice, poll_every, self.lease_seconds / 3)
                woken = False
                if idle:
                    client.idle()
                    try:
                        responses = client.idle_check(timeout=wait)
                    finally:
                        client.idle_done()
                    woken = any(len(item) > 1 and item[1] in (b"EXISTS", b"RECENT") for item in responses)
                else:
                    self.stopping.wait(wait)
                if woken or time.monotonic() - last_poll >= poll_every:
                    self._poll(client, inbox, config)
                    last_poll = time.monotonic()
        finally:
            imap.close(client)


def _fingerprint(config: MailboxConfig) -> tuple[object, ...]:
    return (
        config.imap_host,
        config.imap_port,
        config.imap_security,
        config.imap_user,
        config.imap_password,
        config.imap_folder,
        config.poll_seconds,
    )


class WatcherManager(threading.Thread):
    """Keeps one watcher per active email inbox that has IMAP settings."""

    def __init__(self, rescan_seconds: float = RESCAN_SECONDS, **watcher_options: float) -> None:
        super().__init__(name="yanit-imap-manager", daemon=True)
        self.owner = process_owner()
        self.rescan_seconds = rescan_seconds
        self.watcher_options = watcher_options
        self.watchers: dict[int, tuple[tuple[object, ...], MailboxWatcher]] = {}
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()
        for _fp, watcher in self.watchers.values():
            watcher.stop()

    def rescan(self) -> None:
        wanted: dict[int, tuple[object, ...]] = {}
        for inbox in Inbox.objects.filter(channel=Inbox.Channel.EMAIL, is_active=True):
            config = mailbox_config(inbox)
            if config.receives:
                wanted[inbox.pk] = _fingerprint(config)
        for inbox_id in list(self.watchers):
            fingerprint, watcher = self.watchers[inbox_id]
            if wanted.get(inbox_id) != fingerprint or not watcher.is_alive():
                watcher.stop()
                del self.watchers[inbox_id]
        for inbox_id, fingerprint in wanted.items():
            if inbox_id not in self.watchers:
                watcher = MailboxWatcher(inbox_id, self.owner, **self.watcher_options)
                watcher.start()
                self.watchers[inbox_id] = (fingerprint, watcher)

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    self.rescan()
                except Exception:  # the next scan tries again
                    logger.exception("scanning email inboxes failed")
                self.stopping.wait(self.rescan_seconds)
        finally:
            connection.close()


def start_mailbox_watchers() -> WatcherManager:
    """Started by every worker process (``yanit worker`` and the worker inside ``yanit serve``)."""
    manager = WatcherManager()
    manager.start()
    return manager
