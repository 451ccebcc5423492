"""Real server processes on PostgreSQL + Redis for the scale-out tests (and nothing else)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

REPO = Path(__file__).resolve().parents[2]
YANIT = str(Path(sys.executable).with_name("yanit"))
PG_ADMIN_URL = os.environ.get("YANIT_TEST_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_BASE = os.environ.get("YANIT_TEST_REDIS_BASE", "redis://127.0.0.1:6379")
# Redis db of the scale-out tests: the channel prefix follows it, so other suites never cross-talk.
REDIS_DB = 5
SECRET_KEY = "scaleout-shared-secret-" + "k" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def services_available() -> str | None:
    """Why PostgreSQL or Redis can't be used here, or None when both answer."""
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL unavailable: {exc}"
    try:
        import redis

        redis.Redis.from_url(f"{REDIS_BASE}/{REDIS_DB}", socket_timeout=3).ping()
    except Exception as exc:
        return f"Redis unavailable: {exc}"
    return None


@contextmanager
def scratch_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one run, dropped afterwards."""
    name = f"yanit_scaleout_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Stack:
    database_url: str
    data_root: Path
    redis_url: str = f"{REDIS_BASE}/{REDIS_DB}"
    # Each cluster gets its own channel prefix: pub/sub ignores the Redis database, and another
    # cluster (a second xdist worker, a concurrent run) may share the server.
    channel_prefix: str = field(default_factory=lambda: f"yanit-test-{uuid.uuid4().hex[:10]}")
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self, name: str) -> dict[str, str]:
        data_dir = self.data_root / name
        data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("YANIT_", "DJANGO_", "DATABASE_URL", "REDIS_URL", "PYTEST"))
        }
        env.update(
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            YANIT_CHANNEL_PREFIX=self.channel_prefix,
            YANIT_DATA_DIR=str(data_dir),
            # Several processes share sessions, so they must share the signing key.
            SECRET_KEY=SECRET_KEY,
            YANIT_LOG_LEVEL="WARNING",
            PYTHONPATH=str(REPO),
        )
        return env

    def run(self, *args: str, name: str = "cli") -> str:
        done = subprocess.run(
            args, env=self.env(name), cwd=REPO, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def seed(self, *args: str) -> dict[str, Any]:
        out = self.run(sys.executable, "-m", "tests.scaleout.seed", *args)
        return dict(json.loads(out.strip().splitlines()[-1]))

    def serve(self, name: str) -> str:
        port = free_port()
        log = (self.data_root / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [YANIT, "serve", "--port", str(port), "--no-worker", "--no-migrate", "--log-level", "warning"],
            env=self.env(name),
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, (self.data_root / f"{name}.log").read_text()
            try:
                if httpx.get(f"{base}/login/", timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{name} did not start:\n{(self.data_root / f'{name}.log').read_text()}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def log_in(base: str, email: str, password: str) -> str:
    """The session cookie after a real login through the login form."""
    with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
        form = client.get("/login/")
        assert form.status_code == 200
        csrf = client.cookies["csrftoken"]
        response = client.post(
            "/login/",
            data={"username": email, "password": password, "csrfmiddlewaretoken": csrf},
            headers={"Referer": f"{base}/login/"},
        )
        assert response.status_code == 302, response.text[:500]
        return str(client.cookies["sessionid"])
