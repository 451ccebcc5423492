"""Root pytest configuration: an isolated data dir per run, before Django reads its settings."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("YANIT_DATA_DIR", tempfile.mkdtemp(prefix="yanit-test-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls
# are still in their own threads, so this only silences Django's guard for the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: object) -> None:
    from django.conf import settings

    # PBKDF2 at production strength costs ~0.5 s per password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # The test database is a throw-away file: skip fsyncs, which dominate flushes between tests.
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = (
            options.get("init_command", "")
            .replace("PRAGMA synchronous=NORMAL", "PRAGMA synchronous=OFF")
            .replace("PRAGMA journal_mode=WAL", "PRAGMA journal_mode=MEMORY")
        )
