"""The evaluation set (bench/kb_eval) through ``suggest``: a regression below the aims fails CI."""

from __future__ import annotations

import pytest

from bench.kb_bot import AIMS, evaluate, load_messages
from tests.factories import World
from yanit.kb.data.faq import load_faq

pytestmark = pytest.mark.django_db


def test_the_bot_meets_its_aims_on_the_evaluation_set(world: World) -> None:
    ids = load_faq(world.workspace.pk)
    rows = load_messages()
    assert sum(r["expect"] == "answer" for r in rows) >= 220
    assert sum(r["expect"] == "handoff" for r in rows) >= 50
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert {r["article"] for r in rows if r["expect"] == "answer"} <= set(ids)
    figures = evaluate(world.workspace.pk, ids, rows)
    misses = "\n".join(str(m) for m in figures["misses"])
    assert figures["top1"] >= AIMS["top1"], misses
    assert figures["wrong"] <= AIMS["wrong"], misses
    assert figures["person_answered"] <= AIMS["person_answered"], misses
    # Most answerable messages are answered at all (a bot that hands everything off is no bot).
    assert figures["answered"] >= 60.0
    # Generous against a loaded CI machine; bench/kb_bot.py measures it properly.
    assert figures["p99_ms"] <= AIMS["p99_ms"] * 2
