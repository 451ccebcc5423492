"""The entry point of a benchmark's child process: ``python -m bench.<module> <command> <ints…>``
runs one command inside the server's environment and prints its result as one JSON line."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any


def run_command(argv: list[str], commands: dict[str, Callable[..., Any]]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
    django.setup()
    command, *args = argv
    print(json.dumps(commands[command](*[int(a) for a in args])))
