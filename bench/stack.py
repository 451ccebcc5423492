"""A real ``yanit serve`` process on SQLite or PostgreSQL (optionally with Redis) to measure."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

REPO = Path(__file__).resolve().parents[1]
YANIT = str(Path(sys.executable).with_name("yanit"))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Profile:
    """Where the server keeps its data: ``sqlite`` (embedded) or ``postgres`` (+ Redis layer)."""

    database: str
    redis: bool = False

    @property
    def label(self) -> str:
        return "SQLite" if self.database == "sqlite" else "PostgreSQL" + (" + Redis" if self.redis else "")


@dataclass
class Server:
    profile: Profile
    extra_env: dict[str, str] = field(default_factory=dict)
    data_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="yanit-bench-")))
    database_url: str = ""
    process: subprocess.Popen[bytes] | None = None
    base: str = ""

    def __post_init__(self) -> None:
        if self.profile.database == "postgres":
            name = f"yanit_bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            self.database_url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name

    def env(self) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("YANIT_", "DATABASE_URL", "REDIS_URL"))
        }
        env.update(YANIT_DATA_DIR=str(self.data_dir), YANIT_LOG_LEVEL="WARNING", PYTHONPATH=str(REPO))
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if self.profile.redis:
            env["REDIS_URL"] = REDIS_URL
        env.update(self.extra_env)
        return env

    def run(self, *args: str) -> str:
        done = subprocess.run(args, env=self.env(), cwd=REPO, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def seed(self, *args: str) -> Any:
        out = self.run(sys.executable, "-m", "bench.seed", *args)
        return json.loads(out.strip().splitlines()[-1])

    def migrate(self) -> None:
        self.run(YANIT, "migrate")

    def start(self, *extra_args: str) -> str:
        port = free_port()
        log = (self.data_dir / "server.log").open("wb")
        self.process = subprocess.Popen(
            [YANIT, "serve", "--port", str(port), "--no-migrate", "--log-level", "warning", *extra_args],
            env=self.env(),
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.data_dir / "server.log").read_text())
            try:
                with urllib.request.urlopen(f"{self.base}/login/", timeout=2) as response:
                    if response.status == 200:
                        return self.base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def cpu_seconds(self) -> float:
        """User + system CPU the server process has used so far (Linux /proc)."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def destroy(self) -> None:
        self.stop()
        if self.database_url:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database_url.rsplit("/", 1)[1]}" WITH (FORCE)')
        shutil.rmtree(self.data_dir, ignore_errors=True)


def on_each_database(module: str, *args: str, seed_workspace: bool = False) -> list[tuple[str, Any]]:
    """Runs ``python -m bench.<module> run <args…>`` in a fresh SQLite server environment, then a
    fresh PostgreSQL one, and returns each profile's label with the JSON its last line printed."""
    results = []
    for profile in (Profile("sqlite"), Profile("postgres")):
        server = Server(profile)
        try:
            server.migrate()
            if seed_workspace:
                server.seed("setup", "2")
            out = server.run(sys.executable, "-m", f"bench.{module}", "run", *args)
            results.append((profile.label, json.loads(out.strip().splitlines()[-1])))
        finally:
            server.destroy()
    return results
