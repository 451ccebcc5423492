"""Running the task worker: standalone (``yanit worker``) or as a thread inside ``yanit serve``."""

from __future__ import annotations

import socket
import threading
import uuid

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker


def make_worker(*, interval: float = 0.5, batch: bool = False, max_tasks: int | None = None) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"[:64],
        excluded_queue_names=[],
    )


def run_pending_tasks() -> None:
    """Run every task that is due now, then return (tests and one-off drains)."""
    make_worker(batch=True, interval=0).run()


def start_embedded_worker(interval: float = 0.3) -> tuple[Worker, threading.Thread]:
    worker = make_worker(interval=interval)
    thread = threading.Thread(target=worker.run, name="yanit-worker", daemon=True)
    thread.start()
    return worker, thread


def start_background_services() -> list[object]:
    """Start what runs beside the task worker in every worker process (settings
    ``YANIT_WORKER_SERVICES``: dotted paths of functions that start a thread and return it),
    e.g. the email connector's mailbox watchers. Core doesn't know the channels."""
    return [import_string(path)() for path in settings.YANIT_WORKER_SERVICES]
