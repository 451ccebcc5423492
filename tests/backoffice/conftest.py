from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from yanit.accounts.models import Agent

ClientFor = Callable[[Agent], Client]
