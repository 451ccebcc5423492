"""Retrieval quality of ``yanit.kb.search`` on the evaluation set, without a database.

``python -m bench.kb_search_eval [dev|test|all] [--misses]`` indexes ``yanit/kb/data/faq_tr.json``
(Turkish and English versions, example questions, tags) and ranks every ``answer`` message of
``bench/kb_eval/messages.jsonl``: top-1 and top-3 accuracy (the bot's decision and threshold are
bot-brain's; this measures only whether the right article comes first).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from html import unescape
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FAQ = REPO / "yanit" / "kb" / "data" / "faq_tr.json"
MESSAGES = REPO / "bench" / "kb_eval" / "messages.jsonl"
_TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def faq_index() -> tuple[Any, dict[int, str]]:
    from yanit.kb.search.index import build
    from yanit.kb.search.synonyms import DEFAULT_GROUPS

    data = json.loads(FAQ.read_text())
    rows: list[dict[str, Any]] = []
    examples: dict[int, list[str]] = {}
    key_of: dict[int, str] = {}
    for number, article in enumerate(data["articles"]):
        versions = [("tr", article)] + ([("en", article["en"])] if article.get("en") else [])
        for language, version in versions:
            article_id = number * 2 + (1 if language == "tr" else 2)
            key_of[article_id] = article["key"]
            rows.append(
                {
                    "id": article_id,
                    "language": language,
                    "translation_group": article["key"],
                    "slug": article["key"],
                    "title": version["title"],
                    "summary": version.get("summary", ""),
                    "body_text": _text(version.get("body_html", "")),
                    "category_id": None,
                    "status": "published",
                    "bot_enabled": True,
                    "tags": version.get("tags", article.get("tags", [])),
                    "skus": [],
                }
            )
            examples[article_id] = list(version.get("examples", []))
    return build(1, rows, examples, DEFAULT_GROUPS), key_of


def evaluate(split: str, show_misses: bool) -> dict[str, Any]:
    from yanit.kb.search import rank_in

    index, key_of = faq_index()
    messages = [json.loads(line) for line in MESSAGES.read_text().splitlines() if line.strip()]
    wanted = [m for m in messages if m["expect"] == "answer" and split in ("all", m["split"])]
    top1 = top3 = 0
    times = []
    for message in wanted:
        started = time.perf_counter()
        ranked = rank_in(index, message["text"], message["lang"])
        times.append(time.perf_counter() - started)
        keys = [key_of[aid] for aid, _ in ranked[:3]]
        if keys[:1] == [message["article"]]:
            top1 += 1
        elif show_misses:
            scores = [f"{key_of[aid]}={score:.2f}" for aid, score in ranked[:3]]
            print(f"MISS {message['id']} {message['text']!r} want {message['article']}: {' '.join(scores)}")
        if message["article"] in keys:
            top3 += 1
    n = len(wanted)
    return {
        "split": split,
        "messages": n,
        "top1": round(top1 / n, 3),
        "top3": round(top3 / n, 3),
        "rank_ms_max": round(max(times) * 1000, 2),
    }


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
    django.setup()
    split = next((a for a in argv if not a.startswith("--")), "dev")
    print(json.dumps(evaluate(split, "--misses" in argv)))


if __name__ == "__main__":
    main(sys.argv[1:])
