"""Benchmark sections of self-service (issue 5): knowledge base search (h), the instant-answer bot
(i) and the help center article page (j), each run on SQLite and then PostgreSQL."""

from __future__ import annotations

from typing import Any

from bench.report import log, verdict
from bench.stack import on_each_database


def bench_kbsearch(articles: int, queries: int) -> list[dict[str, Any]]:
    rows = []
    for label, result in on_each_database("kb_search", str(articles), str(queries), seed_workspace=True):
        log(
            f"  kbsearch {label}: {result['articles']} articles,"
            f" build p50 {result['build_ms']['p50']:.0f} ms;"
            f" search p50 {result['search_ms']['p50']:.2f} / p95 {result['search_ms']['p95']:.2f}"
            f" / p99 {result['search_ms']['p99']:.2f} ms (CPU p99 {result['search_cpu_ms']['p99']:.2f});"
            f" rank p99 {result['rank_ms']['p99']:.2f} ms (CPU p99 {result['rank_cpu_ms']['p99']:.2f})"
        )
        rows.append({"profile": label, **result})
    return rows


def render_kbsearch(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "## (h) Knowledge base search",
        "",
        "`bench/kb_search.py`: 1,000 published Turkish articles with two example questions each, searched",
        "in-process (no HTTP) the way the help center box, the agents' suggestions and the bot call it.",
        "Search = typed queries without Turkish letters, with typos and half words; rank = whole customer",
        "messages. Every call includes the one query checking the knowledge base version. Build = the",
        "first search after a change (reading the articles and indexing them). CPU = the same calls"
        " in CPU time",
        "of the process: on a shared machine, wall-clock minus CPU is time spent waiting for a core.",
        "",
        "| profile | articles | vocabulary | build ms | search p50 / p95 / p99 ms | search CPU p99 ms"
        " | rank p50 / p95 / p99 ms | rank CPU p99 ms | p99 ≤ 20 ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        s, k = r["search_ms"], r["rank_ms"]
        out.append(
            f"| {r['profile']} | {r['articles']} | {r['vocabulary']} | {r['build_ms']['p50']:.0f} | "
            f"{s['p50']:.2f} / {s['p95']:.2f} / **{s['p99']:.2f}** | {r['search_cpu_ms']['p99']:.2f} | "
            f"{k['p50']:.2f} / {k['p95']:.2f} / {k['p99']:.2f} | {r['rank_cpu_ms']['p99']:.2f} | "
            f"{verdict(s['p99'] <= 20)} |"
        )
    out.append("")
    return out


def bench_bot(articles: int) -> list[dict[str, Any]]:
    rows = []
    for label, result in on_each_database("kb_bot", str(articles)):
        for split, figures in result["splits"].items():
            log(
                f"  bot {label} {split}: top-1 {figures['top1']}%, answered {figures['answered']}%,"
                f" wrong {figures['wrong']}%, person answered {figures['person_answered']}%,"
                f" p99 {figures['p99_ms']} ms (CPU {figures['cpu_p99_ms']} ms)"
            )
        padded = result["padded"]
        log(
            f"  bot {label} {padded['articles']} articles: top-1 {padded['top1']}%,"
            f" p99 {padded['p99_ms']} ms (CPU {padded['cpu_p99_ms']} ms)"
        )
        rows.append({"profile": label, **result})
    return rows


def render_bot(results: list[dict[str, Any]]) -> list[str]:
    out = [
        "## (i) Instant-answer bot",
        "",
        "The shipped FAQ (51 articles, 26 with an English version) in a fresh workspace; every message of",
        "`bench/kb_eval/messages.jsonl` through `yanit.bot.decide.suggest` (`bench/kb_bot.py`). The",
        "thresholds were tuned on dev; test was never tuned on. Wrong = auto-answers with the wrong",
        "article or to a message that needed a person, as % of all auto-answers. Then the knowledge base",
        "is padded with generated product guides and every message runs again.",
        "",
        "| profile | split | top-1 (≥ 90 %) | answered | wrong (≤ 3 %) | person answered (≤ 10 %)"
        " | reason exact | p50 / p95 / p99 ms (≤ 100) | CPU p50 / p99 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows = [(split, figures) for split, figures in r["splits"].items()]
        rows.append((f"all, {r['padded']['articles']} articles", r["padded"]))
        for split, f in rows:
            out.append(
                f"| {r['profile']} | {split} | **{f['top1']}** | {f['answered']} | **{f['wrong']}** | "
                f"**{f['person_answered']}** | {f['reason']} | {f['p50_ms']} / {f['p95_ms']} / "
                f"**{f['p99_ms']}** | {f['cpu_p50_ms']} / {f['cpu_p99_ms']} |"
            )
    out.append("")
    return out


def bench_helpcenter(articles: int, requests: int) -> list[dict[str, Any]]:
    rows = []
    for label, result in on_each_database("helpcenter", str(articles), str(requests)):
        log(
            f"  help center {label}: article page cold p95"
            f" {result['article_cold']['wall']['p95']:.1f} ms"
            f" (CPU {result['article_cold']['cpu']['p95']:.1f} ms), mixed p95"
            f" {result['article_mixed']['wall']['p95']:.1f} ms, load {result['load_average']:.1f}"
        )
        rows.append({"profile": label, **result})
    return rows


def render_helpcenter(rows: list[dict[str, Any]], articles: int) -> list[str]:
    out = [
        "## (j) Help center article page",
        "",
        f"{articles:,} published articles (plus an English translation of every fifth), twelve",
        "categories, business hours and every contact option; pages requested through Django's test",
        "client (middleware, queries, template; no network). *Cold* = each page's first view, nothing",
        "rendered yet (the worst case right after an edit); *mixed* = visitors spread over the",
        "articles by popularity (Zipf-like), so popular pages come from the in-memory page cache.",
        "Wall time is inflated when the machine is shared: CPU time is what one request costs.",
        "",
        "| profile | cold p50 / p95 ms (wall) | cold p95 ms (CPU) | mixed p50 / p95 / p99 ms (wall)"
        " | home p95 ms | search.json p95 ms | load avg | target p95 ≤ 50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cold, mixed = r["article_cold"], r["article_mixed"]
        out.append(
            f"| {r['profile']} | {cold['wall']['p50']:.1f} / {cold['wall']['p95']:.1f} | "
            f"{cold['cpu']['p95']:.1f} | {mixed['wall']['p50']:.1f} / **{mixed['wall']['p95']:.1f}** / "
            f"{mixed['wall']['p99']:.1f} | {r['home']['wall']['p95']:.1f} | "
            f"{r['search_json']['wall']['p95']:.1f} | {r['load_average']:.1f} | "
            f"{verdict(mixed['wall']['p95'] <= 50)} |"
        )
    out.append("")
    return out
