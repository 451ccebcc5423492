"""``make bench``: measure the hot paths on real server processes and write docs/benchmarks.md.

python -m bench.run                 # everything, 3 rounds each
python -m bench.run --rounds 5 --seconds 15
python -m bench.run --only inbound  # or latency, inbox, email, chat, sla, rules, kbsearch, bot, helpcenter
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from bench import chat_roundtrip, email_ingest, inbound, inbox_list, latency
from bench.report import log, verdict
from bench.selfservice import (
    bench_bot,
    bench_helpcenter,
    bench_kbsearch,
    render_bot,
    render_helpcenter,
    render_kbsearch,
)
from bench.stack import PG_ADMIN_URL, REDIS_URL, REPO, Profile, Server, on_each_database
from bench.stats import median, summary_ms

TARGETS = {"SQLite": 300, "PostgreSQL": 500}
CHAT_RATE = 5  # visitor messages per second in the chat round-trip rounds (as many agent replies)
REPORT = REPO / "docs" / "benchmarks.md"
HISTORY = Path(__file__).with_name("history.md")


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with psycopg.connect(PG_ADMIN_URL) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    pg = str(row[0]) if row else "?"
    try:
        import redis

        redis_version = str(redis.Redis.from_url(REDIS_URL).info()["redis_version"])
    except Exception:
        redis_version = "unavailable"
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg.split(" ")[0],
        "redis": redis_version,
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def bench_inbound(rounds: int, seconds: float) -> list[dict[str, Any]]:
    rows = []
    for profile in (Profile("sqlite"), Profile("postgres")):
        server = Server(profile)
        try:
            server.migrate()
            setup = server.seed("setup", "2")
            server.start()
            inbound.run(server, setup, clients=4, seconds=2, run_id="warmup")
            results = []
            for i in range(rounds):
                result = inbound.run(server, setup, clients=4, seconds=seconds, run_id=f"round{i}")
                log(f"  inbound {profile.label} round {i + 1}: {inbound.describe(result)}")
                results.append(result)
        finally:
            server.destroy()
        rates = [r.per_second for r in results]
        rows.append(
            {
                "profile": profile.label,
                "median": median(rates),
                "min": min(rates),
                "max": max(rates),
                "p50": median([summary_ms(r.latencies)["p50"] for r in results]),
                "p99": median([summary_ms(r.latencies)["p99"] for r in results]),
                "cpu": median([r.cpu_ms_per_message for r in results]),
                "errors": sum(r.errors for r in results),
                "target": TARGETS[profile.label.split(" ")[0]],
            }
        )
    return rows


def bench_latency(rounds: int, sockets: int, messages: int) -> list[dict[str, Any]]:
    rows = []
    for profile in (Profile("sqlite"), Profile("postgres", redis=True)):
        server = Server(profile)
        try:
            server.migrate()
            setup = server.seed("setup", str(sockets))
            server.start()
            per_round = []
            for i in range(rounds):
                out = latency.run(server, setup, sockets=sockets, messages=messages, rate=10)
                s = summary_ms(out["latencies"])
                log(
                    f"  latency {profile.label} round {i + 1}: {out['sockets']} sockets, "
                    f"{out['messages']} msgs, p50 {s['p50']:.1f} ms, p99 {s['p99']:.1f} ms, "
                    f"missing {out['missing']}"
                )
                per_round.append((s, out))
        finally:
            server.destroy()
        rows.append(
            {
                "profile": profile.label,
                "sockets": per_round[0][1]["sockets"],
                "deliveries": sum(len(o["latencies"]) for _, o in per_round),
                "missing": sum(o["missing"] for _, o in per_round),
                "p50": median([s["p50"] for s, _ in per_round]),
                "p95": median([s["p95"] for s, _ in per_round]),
                "p99": median([s["p99"] for s, _ in per_round]),
                "max": max(s["max"] for s, _ in per_round),
            }
        )
    return rows


def bench_inbox(conversations: int, repeat: int) -> list[dict[str, Any]]:
    rows = []
    for profile in (Profile("sqlite"), Profile("postgres")):
        server = Server(profile)
        try:
            server.migrate()
            setup = server.seed("setup", "20")
            loaded = server.seed("bulk", str(conversations))
            log(
                f"  {profile.label}: bulk-loaded {loaded['conversations']} conversations"
                f" in {loaded['seconds']:.1f} s"
            )
            bare = server.seed("query", str(repeat))
            bare.pop("_vendor")
            server.start()
            over_http = inbox_list.http(server, setup, repeat)
        finally:
            server.destroy()
        for name, s in {**bare, **over_http}.items():
            log(f"  inbox {profile.label} {name}: p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms")
        rows.append(
            {"profile": profile.label, "load_seconds": loaded["seconds"], "bare": bare, "http": over_http}
        )
    return rows


EMAIL_TARGET = 100


def bench_email(rounds: int, messages: int) -> list[dict[str, Any]]:
    return email_ingest.bench([Profile("sqlite"), Profile("postgres")], rounds, messages, log)


def _summary(seconds: list[float]) -> dict[str, float]:
    """summary_ms, and zeros for a round where every sample was missing."""
    return summary_ms(seconds) if seconds else {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}


def bench_chat(rounds: int, sockets: int, messages: int) -> dict[str, Any]:
    rows = []
    for profile in (Profile("sqlite"), Profile("postgres", redis=True)):
        server = Server(profile)
        try:
            server.migrate()
            out = server.run(sys.executable, "-m", "bench.chat_roundtrip", "seed", str(sockets))
            setup = json.loads(out.strip().splitlines()[-1])
            server.start()
            per_round = chat_roundtrip.run(
                server, setup, sockets=sockets, rounds=rounds, messages=messages, rate=CHAT_RATE
            )
            for i, out_round in enumerate(per_round):
                s = _summary(out_round["round_trip"])
                log(
                    f"  chat {profile.label} round {i + 1}: {out_round['sockets']} sockets, "
                    f"{s['n']} round trips, p50 {s['p50']:.1f} ms, p99 {s['p99']:.1f} ms, "
                    f"missing {out_round['missing']}"
                )
        finally:
            server.destroy()
        legs = {
            leg: {key: median([_summary(r[leg])[key] for r in per_round]) for key in ("p50", "p95", "p99")}
            for leg in ("round_trip", "to_agent", "to_visitor")
        }
        rows.append(
            {
                "profile": profile.label,
                "sockets": per_round[0]["sockets"],
                "samples": sum(len(r["round_trip"]) for r in per_round),
                "missing": sum(r["missing"] for r in per_round),
                "max": max(_summary(r["round_trip"])["max"] for r in per_round),
                **legs,
            }
        )
    return {"rows": rows, "widget": chat_roundtrip.widget_size()}


def bench_sla(conversations: int, rounds: int) -> list[dict[str, Any]]:
    rows = []
    for profile in (Profile("postgres"), Profile("sqlite")):
        server = Server(profile)
        try:
            server.migrate()
            server.seed("setup", "2")
            loaded = json.loads(
                server.run(sys.executable, "-m", "bench.sla_scan", "load", str(conversations))
            )
            log(f"  {profile.label}: loaded {conversations} open conversations in {loaded['seconds']:.1f} s")
            out = server.run(sys.executable, "-m", "bench.sla_scan", "scan", str(rounds))
            result = json.loads(out.strip().splitlines()[-1])
        finally:
            server.destroy()
        log(
            f"  sla {profile.label}: scan with {result['warned']} warnings + {result['breached']} breaches"
            f" p50 {result['busy']['p50']:.0f} ms, max {result['busy']['max']:.0f} ms;"
            f" idle scan p50 {result['idle']['p50']:.1f} ms"
        )
        rows.append({"profile": profile.label, **result})
    return rows


def render(info: dict[str, str], args: argparse.Namespace, results: dict[str, Any]) -> str:
    now = datetime.now(ZoneInfo("Europe/Istanbul"))
    out = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`python -m bench.run`) on {now:%Y-%m-%d %H:%M} (Istanbul time).",
        "",
        "## Machine",
        "",
        f"- {info['cores']} cores, {info['cpu']}, {info['os']}",
        f"- Python {info['python']}, SQLite {info['sqlite']}, PostgreSQL {info['postgresql']},"
        f" Redis {info['redis']}",
        f"- load average at the start: {info['load']} — the machine is shared with other work, so every",
        "  figure is a median over repeated rounds; runs an hour apart differ by up to ~30 %.",
        "",
        "## Method",
        "",
        "Every measurement runs against a real `yanit serve` process (uvicorn with uvloop and httptools,",
        "the embedded task worker on, one process) with a fresh data directory or a fresh PostgreSQL",
        "database, started by `bench/stack.py`. The load generator is a hand-written keep-alive HTTP/1.1",
        "client on asyncio (`bench/http.py`), in a separate process on the same two cores.",
        "",
        "- **(a) inbound API**: 4 concurrent clients post `POST /api/v1/inboxes/{id}/inbound`",
        f"  with the inbox token for {args.seconds:g} s per round, {args.rounds} rounds after a 2 s warm-up;",
        "  senders cycle over 500",
        "  customers (the first message of each opens a conversation, later ones append to it); every",
        "  message has a unique `external_id`. Server CPU per message is read from /proc.",
        f"- **(b) websocket latency**: {args.sockets} agents hold a websocket each (real sessions);",
        f"  messages are posted one at a time at 10/s ({args.messages} per round, {args.rounds} rounds);",
        "  latency = time from sending the POST to each socket receiving its `message.created`, over",
        "  every (socket, message) pair.",
        f"- **(c) inbox list**: {args.conversations:,} conversations (and a fifth as many contacts)",
        "  bulk-loaded",
        "  with `bulk_create`, then `ANALYZE`; 30 % open. Bare = `yanit.conversations.queries` called in",
        f"  a process of its own ({args.repeat} runs each after one warm-up); HTTP = sequential GETs on one",
        "  keep-alive connection.",
        f"- **(d) email ingest**: {args.emails:,} realistic emails (Turkish and English, HTML replies with",
        "  a quoted earlier mail, one in ten with a 100 KB PDF, some auto-replies) appended to a real",
        "  Dovecot mailbox; `poll_mailbox_once` fetches, parses, threads and stores them (raw .eml",
        f"  included) into a fresh email inbox, {args.rounds} rounds (`bench/email_ingest.py`).",
        f"- **(e) live chat round trip**: {args.chat_sockets} visitors hold a widget websocket each and one",
        "  agent holds the inbox websocket; after a warm-up exchange per visitor, a visitor sends a",
        f"  message frame {CHAT_RATE} times a second ({args.chat_messages} per round, {args.rounds} rounds),",
        "  the agent answers through the REST API as soon as its socket shows the message, and the time",
        "  until the visitor's socket has the answer is the round trip (`bench/chat_roundtrip.py`).",
        f"- **(f) SLA scan**: {args.conversations:,} open conversations with running timers on PostgreSQL;",
        "  one `scan_all()` writing every due warning and breach (`bench/sla_scan.py`).",
        "",
    ]
    if "inbound" in results:
        out += [
            "## (a) Inbound API messages per second (4 clients)",
            "",
            "| profile | median msg/s | range | target | p50 / p99 request ms | server CPU ms/msg | errors |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in results["inbound"]:
            out.append(
                f"| {r['profile']} | **{r['median']:.0f}** | {r['min']:.0f}–{r['max']:.0f} | ≥ {r['target']} "
                f"({verdict(r['median'] >= r['target'])}) | {r['p50']:.1f} / {r['p99']:.1f} | "
                f"{r['cpu']:.2f} | {r['errors']} |"
            )
        out.append("")
    if "latency" in results:
        out += [
            "## (b) Inbound → agent websocket latency",
            "",
            "| profile | sockets | deliveries | missing | p50 ms | p95 ms | p99 ms | max ms"
            " | target p99 ≤ 150 ms |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results["latency"]:
            out.append(
                f"| {r['profile']} | {r['sockets']} | {r['deliveries']} | {r['missing']} | {r['p50']:.1f} | "
                f"{r['p95']:.1f} | **{r['p99']:.1f}** | {r['max']:.1f} | {verdict(r['p99'] <= 150)} |"
            )
        out.append("")
    if "inbox" in results:
        out += [
            f"## (c) Inbox list with {args.conversations:,} conversations",
            "",
            "| profile | what | p50 ms | p95 ms | target p95 ≤ 100 ms |",
            "|---|---|---|---|---|",
        ]
        for r in results["inbox"]:
            for kind in ("bare", "http"):
                for name, s in r[kind].items():
                    label = ("query: " if kind == "bare" else "HTTP: ") + name
                    out.append(
                        f"| {r['profile']} | {label} | {s['p50']:.1f} | **{s['p95']:.1f}** | "
                        f"{verdict(s['p95'] <= 100)} |"
                    )
        loads = ", ".join(f"{r['profile']} {r['load_seconds']:.0f} s" for r in results["inbox"])
        out += ["", f"Bulk load time: {loads}.", ""]
    if "email" in results:
        out += [
            f"## (d) Email ingest from a {args.emails:,}-message IMAP mailbox",
            "",
            "| profile | median emails/s | range | target | plain `receive()` msg/s, same moment |",
            "|---|---|---|---|---|",
        ]
        for r in results["email"]:
            out.append(
                f"| {r['profile']} | **{r['median']:.0f}** | {r['min']:.0f}–{r['max']:.0f} "
                f"| ≥ {EMAIL_TARGET} ({verdict(r['median'] >= EMAIL_TARGET)}) | {r['baseline']:.0f} |"
            )
        out.append("")
    if "chat" in results:
        widget = results["chat"]["widget"]
        out += [
            "## (e) Live chat round trip (visitor → agent socket → agent reply → visitor socket)",
            "",
            "| profile | sockets | round trips | missing | to agent p50 / p99 ms"
            " | back to visitor p50 / p99 ms | round trip p50 ms | p95 ms | p99 ms | max ms"
            " | target p99 ≤ 200 ms |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results["chat"]["rows"]:
            rt = r["round_trip"]
            out.append(
                f"| {r['profile']} | {r['sockets']} | {r['samples']} | {r['missing']} | "
                f"{r['to_agent']['p50']:.1f} / {r['to_agent']['p99']:.1f} | "
                f"{r['to_visitor']['p50']:.1f} / {r['to_visitor']['p99']:.1f} | {rt['p50']:.1f} | "
                f"{rt['p95']:.1f} | **{rt['p99']:.1f}** | {r['max']:.1f} | {verdict(rt['p99'] <= 200)} |"
            )
        out += [
            "",
            f"widget.js: **{widget['raw'] / 1024:.1f} KB** minified ({widget['raw']:,} bytes,"
            " budget 42,000 bytes since the bot's yes/no buttons; 40 KB before),"
            f" {widget['gzip'] / 1024:.1f} KB gzipped.",
            "",
        ]
    if "sla" in results:
        out += [
            f"## (f) SLA scan over {args.conversations:,} open conversations",
            "",
            "Each conversation has two running timers (first response, resolution); 1 % of them are past",
            "their warning threshold, half of those past their due time. One scan = `scan_all()` writing",
            "every warning and breach (timer rows, timeline activities, conversation state, events);",
            f"{args.sla_rounds} rounds, the due timers put back between rounds. Idle = the same scan right",
            "after, with nothing due (what every worker pays every 30 s).",
            "",
            "| profile | timers | warnings + breaches per scan | scan p50 ms | scan max ms | idle p50 ms"
            " | target ≤ 2 s |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in results["sla"]:
            out.append(
                f"| {r['profile']} | {r['timers']:,} | {r['warned']} + {r['breached']} | "
                f"**{r['busy']['p50']:.0f}** | {r['busy']['max']:.0f} | {r['idle']['p50']:.1f} | "
                f"{verdict(r['busy']['max'] <= 2000)} |"
            )
        out.append("")
    if "rules" in results:
        out += [
            "## (g) Automation rules per inbound message",
            "",
            f"{args.rule_messages} realistic Turkish messages through `do_receive_inbound_message` (a new",
            'conversation every third message) with 200 active "message received" rules: the complaint',
            "playbook plus keyword, subject, contact, tag, priority, inbox and channel rules.",
            "Evaluation = the rules subscriber after commit minus the actions of the rules that matched",
            "(loading the conversation and message, folding the text, checking 200 rules, the near-miss",
            "log). With actions = the whole subscriber, including the matching rules' tag/priority",
            "changes, timeline rows and the events they publish. The first message, which compiles the",
            "rules, is apart.",
            "",
            "| profile | rules | first message ms | evaluation p50 ms | evaluation p95 ms"
            " | with actions p50 / p95 ms | target p95 ≤ 5 ms |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in results["rules"]:
            evaluation, whole = r["evaluation_ms"], r["rules_ms"]
            out.append(
                f"| {r['profile']} | {r['rules']} | {r['first_ms']:.1f} | {evaluation['p50']:.2f} | "
                f"**{evaluation['p95']:.2f}** | {whole['p50']:.1f} / {whole['p95']:.1f} | "
                f"{verdict(evaluation['p95'] <= 5)} |"
            )
        out.append("")
    if "kbsearch" in results:
        out += render_kbsearch(results["kbsearch"])
    if "bot" in results:
        out += render_bot(results["bot"])
    if "helpcenter" in results:
        out += render_helpcenter(results["helpcenter"], args.hc_articles)
    if HISTORY.exists():
        out += [HISTORY.read_text().rstrip(), ""]
    return "\n".join(out)


def bench_rules(messages: int) -> list[dict[str, Any]]:
    rows = []
    for label, result in on_each_database("rules", str(messages), seed_workspace=True):
        log(
            f"  rules {label}: {result['rules']} rules, evaluation per message"
            f" p50 {result['evaluation_ms']['p50']:.2f} ms, p95 {result['evaluation_ms']['p95']:.2f} ms;"
            f" with actions p95 {result['rules_ms']['p95']:.1f} ms"
        )
        rows.append({"profile": label, **result})
    return rows


SECTIONS = ["inbound", "latency", "inbox", "email", "chat", "sla", "rules", "kbsearch", "bot", "helpcenter"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--chat-sockets", type=int, default=500)
    parser.add_argument("--chat-messages", type=int, default=100)
    parser.add_argument("--sla-rounds", type=int, default=5)
    parser.add_argument("--rule-messages", type=int, default=600)
    parser.add_argument("--kb-articles", type=int, default=1000)
    parser.add_argument("--kb-queries", type=int, default=2000)
    parser.add_argument("--bot-articles", type=int, default=1000)
    parser.add_argument("--hc-articles", type=int, default=1000)
    parser.add_argument("--hc-requests", type=int, default=500)
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--no-report", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    wanted = args.only or SECTIONS
    info = machine()
    log(f"machine: {json.dumps(info, ensure_ascii=False)}")
    results: dict[str, Any] = {}
    if "inbound" in wanted:
        log("(a) inbound API throughput")
        results["inbound"] = bench_inbound(args.rounds, args.seconds)
    if "latency" in wanted:
        log("(b) websocket latency")
        results["latency"] = bench_latency(args.rounds, args.sockets, args.messages)
    if "inbox" in wanted:
        log("(c) inbox list")
        results["inbox"] = bench_inbox(args.conversations, args.repeat)
    if "email" in wanted:
        log("(d) email ingest")
        results["email"] = bench_email(args.rounds, args.emails)
    if "chat" in wanted:
        log("(e) live chat round trip")
        results["chat"] = bench_chat(args.rounds, args.chat_sockets, args.chat_messages)
    if "sla" in wanted:
        log("(f) SLA scan")
        results["sla"] = bench_sla(args.conversations, args.sla_rounds)
    if "rules" in wanted:
        log("(g) automation rules per inbound message")
        results["rules"] = bench_rules(args.rule_messages)
    if "kbsearch" in wanted:
        log("(h) knowledge base search")
        results["kbsearch"] = bench_kbsearch(args.kb_articles, args.kb_queries)
    if "bot" in wanted:
        log("(i) instant-answer bot")
        results["bot"] = bench_bot(args.bot_articles)
    if "helpcenter" in wanted:
        log("(j) help center article page")
        results["helpcenter"] = bench_helpcenter(args.hc_articles, args.hc_requests)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=1, ensure_ascii=False))
    if not args.no_report:
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(render(info, args, results))
        log(f"wrote {REPORT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
