"""A real yanit web server in a subprocess for browser and live tests.

Each server gets its own ``YANIT_DATA_DIR`` (a fresh SQLite file, the in-memory channel layer), is
seeded by a module run in a separate process (its last stdout line is JSON), and is reached only
over HTTP and websockets. ``command="serve"`` runs ``yanit serve`` (HTTP, websockets and the
embedded task worker); ``command="uvicorn"`` runs the ASGI app alone, without a worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
YANIT = str(Path(sys.executable).with_name("yanit"))


@dataclass
class ServedYanit:
    data_dir: Path
    seed_module: str
    command: Literal["serve", "uvicorn"] = "serve"
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    seed: dict[str, Any] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.update(
            YANIT_DATA_DIR=str(self.data_dir),
            YANIT_BASE_URL=self.url,
            SECRET_KEY="served-test-secret-key-not-for-production",
            DJANGO_SETTINGS_MODULE="yanit.settings",
            PYTHONPATH=str(ROOT),
        )
        env.update(self.extra_env)
        return env

    def prepare(self) -> dict[str, Any]:
        """Migrates and seeds the database (the seed module's last stdout line is JSON)."""
        seeded = subprocess.run(
            [sys.executable, "-m", self.seed_module],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
        )
        self.seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        return self.seed

    def argv(self) -> list[str]:
        if self.command == "uvicorn":
            return [
                sys.executable, "-m", "uvicorn", "yanit.asgi:application",
                "--host", "127.0.0.1", "--port", str(self.port), "--lifespan", "off",
            ]  # fmt: skip
        return [YANIT, "serve", "--port", str(self.port), "--no-migrate", "--log-level", "warning"]

    def start(self) -> None:
        """Starts the server and waits until the login page answers."""
        self.starts += 1
        with self.log_path().open("w") as log:
            self.process = subprocess.Popen(
                self.argv(), cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{self.url}/login/", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError("the test server did not start:\n" + self.log())
            time.sleep(0.2)

    def stop(self) -> None:
        """Stops the server gracefully."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def kill(self) -> None:
        """Kills the server outright, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def log_path(self) -> Path:
        return self.data_dir / f"server-{self.starts}.log"

    def log(self) -> str:
        return self.log_path().read_text(errors="replace")
