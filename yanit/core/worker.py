"""Running the task worker: standalone (``yanit worker``) or as a thread inside ``yanit serve``.

Besides the queued tasks, a worker runs the periodic jobs apps register with ``register_periodic``
(e.g. the SLA scan every 30 s) in one extra thread. Several workers may run them at once: each job
must be safe to run concurrently (the SLA scan skips rows another worker holds).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)


@dataclass
class Periodic:
    name: str
    every_seconds: float
    func: Callable[[], object]


_periodic: dict[str, Periodic] = {}


def register_periodic(name: str, every_seconds: float, func: Callable[[], object]) -> None:
    _periodic[name] = Periodic(name, every_seconds, func)


def run_periodic_once() -> None:
    for job in list(_periodic.values()):
        try:
            job.func()
        except Exception:
            logger.exception("periodic job %s failed", job.name)
        finally:
            close_old_connections()


def _periodic_loop(stop: threading.Event) -> None:
    next_run: dict[str, float] = {}
    while not stop.is_set():
        now = time.monotonic()
        for job in list(_periodic.values()):
            if next_run.get(job.name, 0.0) <= now:
                next_run[job.name] = now + job.every_seconds
                try:
                    job.func()
                except Exception:
                    logger.exception("periodic job %s failed", job.name)
                finally:
                    close_old_connections()
        stop.wait(1.0)


def start_periodic() -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=_periodic_loop, args=(stop,), name="yanit-periodic", daemon=True)
    thread.start()
    return stop, thread


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
    start_periodic()
    return worker, thread


def start_background_services() -> list[object]:
    """Start what runs beside the task worker in every worker process (settings
    ``YANIT_WORKER_SERVICES``: dotted paths of functions that start a thread and return it),
    e.g. the email connector's mailbox watchers. Core doesn't know the channels."""
    return [import_string(path)() for path in settings.YANIT_WORKER_SERVICES]
