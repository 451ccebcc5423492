"""Reading new mail from an IMAP folder: ``poll_mailbox_once(inbox)`` and the pieces the
watcher reuses on a long-lived connection.

The cursor (UIDVALIDITY, last UID) moves only after a whole batch is stored: a crash in between
fetches the batch again, and Message-ID de-duplication stores each mail exactly once.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from imapclient import IMAPClient

from yanit.connectors.email.config import MailboxConfig, mailbox_config
from yanit.connectors.email.ingest import ingest_or_keep
from yanit.connectors.email.models import MailboxState
from yanit.inboxes.models import Inbox

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 30
BATCH_SIZE = 100
COMMIT_EVERY = 20


@dataclass
class PollResult:
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    bounces: int = 0


def connect(config: MailboxConfig, timeout: float = TIMEOUT_SECONDS) -> IMAPClient:
    context = ssl.create_default_context()
    client = IMAPClient(
        config.imap_host,
        port=config.imap_port,
        ssl=config.imap_security == "ssl",
        ssl_context=context if config.imap_security == "ssl" else None,
        timeout=timeout,
    )
    try:
        if config.imap_security == "starttls":
            client.starttls(context)
        client.login(config.imap_user, config.imap_password)
    except Exception:
        _close(client)
        raise
    return client


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # already gone: drop the socket
        with contextlib.suppress(Exception):
            client.shutdown()


def mailbox_state(inbox: Inbox) -> MailboxState:
    state, _created = MailboxState.objects.get_or_create(inbox=inbox)
    return state


def select(client: IMAPClient, inbox: Inbox, folder: str) -> MailboxState:
    """Open the folder read-only and reset the cursor if the server renumbered it."""
    info = client.select_folder(folder, readonly=True)
    uidvalidity = int(info[b"UIDVALIDITY"])
    state = mailbox_state(inbox)
    if state.uidvalidity != uidvalidity:
        if state.uidvalidity is not None:
            logger.warning("inbox %s: UIDVALIDITY changed, reading %s again", inbox.pk, folder)
        state.uidvalidity = uidvalidity
        state.last_uid = 0
        state.save(update_fields=["uidvalidity", "last_uid", "updated_at"])
    return state


def fetch_new(
    client: IMAPClient,
    inbox: Inbox,
    state: MailboxState,
    batch_size: int = BATCH_SIZE,
    commit_every: int = COMMIT_EVERY,
) -> PollResult:
    result = PollResult()
    # "n:*" always includes the highest UID even when it is below n: filter again.
    uids = sorted(uid for uid in client.search(["UID", f"{state.last_uid + 1}:*"]) if uid > state.last_uid)
    for start in range(0, len(uids), batch_size):
        batch = uids[start : start + batch_size]
        data = client.fetch(batch, ["BODY.PEEK[]"])
        mails = [(uid, (data.get(uid) or {}).get(b"BODY[]")) for uid in batch]
        for offset in range(0, len(mails), commit_every):
            # A few mails per transaction: one commit (and fsync) for several mails. A crash
            # rolls back at most these; they are fetched again since the cursor hasn't moved.
            with transaction.atomic():
                for _uid, raw in mails[offset : offset + commit_every]:
                    if raw is None:
                        continue  # deleted between SEARCH and FETCH
                    result.fetched += 1
                    outcome = ingest_or_keep(inbox, bytes(raw))
                    if outcome.bounce:
                        result.bounces += 1
                    elif outcome.created:
                        result.stored += 1
                    else:
                        result.duplicates += 1
        state.last_uid = batch[-1]
        MailboxState.objects.filter(pk=state.pk).update(
            last_uid=state.last_uid, last_success_at=timezone.now(), last_error=""
        )
    now = timezone.now()
    MailboxState.objects.filter(pk=state.pk).update(last_poll_at=now, last_success_at=now, last_error="")
    return result


def record_error(inbox_id: int, error: BaseException) -> None:
    message = f"{type(error).__name__}: {error}"[:1000]
    MailboxState.objects.get_or_create(inbox_id=inbox_id)
    MailboxState.objects.filter(inbox_id=inbox_id).update(last_error=message, last_poll_at=timezone.now())


def poll_mailbox_once(
    inbox: Inbox, batch_size: int = BATCH_SIZE, commit_every: int = COMMIT_EVERY
) -> PollResult:
    """Connect, read every new mail, disconnect. Errors are recorded on the mailbox and raised."""
    config = mailbox_config(inbox)
    try:
        client = connect(config)
        try:
            state = select(client, inbox, config.imap_folder)
            return fetch_new(client, inbox, state, batch_size, commit_every)
        finally:
            _close(client)
    except Exception as exc:
        record_error(inbox.pk, exc)
        raise


close = _close
