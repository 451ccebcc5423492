"""Wiring: which domain events notify whom, and how a notification reaches its recipient."""

from __future__ import annotations


def register() -> None:
    pass
