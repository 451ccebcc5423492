"""Retrieval quality on the repository's evaluation set (store FAQ + customer messages), as a
floor so a change to the analyzer or the ranking cannot quietly make matching worse."""

from __future__ import annotations

from bench.kb_search_eval import evaluate


def test_the_right_article_comes_first_for_most_customer_messages() -> None:
    dev = evaluate("dev", show_misses=False)
    held_out = evaluate("test", show_misses=False)
    assert dev["messages"] >= 150
    assert dev["top1"] >= 0.86
    assert held_out["top1"] >= 0.8
    assert dev["top3"] >= 0.93
    assert held_out["top3"] >= 0.93
