"""What every benchmark section shares: the progress log and the target verdict of the report."""

from __future__ import annotations


def log(text: str) -> None:
    print(text, flush=True)


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"
