"""Email ingest rate: 1,000 realistic messages in a real Dovecot mailbox, read and stored by
``poll_mailbox_once`` (IMAP fetch, MIME parsing, quote folding, threading, attachments, the raw
.eml, one transaction per mail).

python -m bench.email_ingest                 # SQLite, and PostgreSQL if DATABASE_URL is set
python -m bench.email_ingest --rounds 3 --messages 1000

Each round reads the same mailbox into a fresh email inbox of a migrated database, so every
mail is new to it. ``bench.run --only email`` runs it on both databases with the other benches.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.support.dovecot import running_dovecot

USER = "destek@example.test"
PASSWORD = "bench-parola"
ADDRESS = "destek@magaza.test"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 400  # ~100 KB


@contextmanager
def dovecot() -> Iterator[int]:
    """A throw-away Dovecot on a free loopback port; yields the port."""
    with running_dovecot(USER, PASSWORD) as process:
        yield process.port


def realistic(n: int) -> bytes:
    """A mix like a shop's support mailbox: Turkish and English, HTML replies with a quoted
    earlier mail, plain text, one in ten with a PDF, a few auto-replies."""
    customer = n % 300
    msg = EmailMessage()
    msg["From"] = f"Müşteri {customer} <musteri{customer}@example.com>"
    msg["To"] = ADDRESS
    msg["Date"] = "Mon, 23 Nov 2026 10:00:00 +0300"
    msg["Message-ID"] = f"<bench-{n}-{customer}@example.com>"
    kind = n % 10
    if kind == 9:
        msg["Subject"] = "Otomatik yanıt: Siparişiniz"
        msg["Auto-Submitted"] = "auto-replied"
        msg.set_content("30 Kasım'a kadar izindeyim.")
        return msg.as_bytes()
    msg["Subject"] = f"Re: Sipariş {10_000 + n} hakkında"
    text = (
        f"Merhaba, {10_000 + n} numaralı siparişim hâlâ gelmedi. Kargo takip numarasını iletebilir"
        " misiniz?\n\nTeşekkürler\n\n"
        "23 Kas 2026 Pzt, 09:00 tarihinde Mağaza Destek <destek@magaza.test> şunu yazdı:\n"
        "> Siparişiniz hazırlanıyor.\n"
    )
    msg.set_content(text)
    if kind % 2 == 0:
        msg.add_alternative(
            "<div dir=ltr>Merhaba, siparişim hâlâ gelmedi. Kargo takip numarasını iletebilir misiniz?"
            '<br><br>Teşekkürler</div><br><div class="gmail_quote"><div class="gmail_attr">23 Kas 2026'
            " Pzt, 09:00 tarihinde Mağaza Destek &lt;destek@magaza.test&gt; şunu yazdı:<br></div>"
            "<blockquote>Siparişiniz hazırlanıyor.</blockquote></div>",
            subtype="html",
        )
    if kind == 3:
        msg.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"fatura-{n}.pdf")
    return msg.as_bytes()


def fill(port: int, count: int) -> float:
    from imapclient import IMAPClient

    started = time.perf_counter()
    client = IMAPClient("127.0.0.1", port=port, ssl=False, timeout=30)
    client.login(USER, PASSWORD)
    for n in range(count):
        client.append("INBOX", realistic(n))
    client.logout()
    return time.perf_counter() - started


def measure(port: int, expected: int) -> dict[str, Any]:
    """Runs inside a process set up for one database (``worker`` sub-command)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
    import django

    django.setup()
    from django.db import connection

    from tests.factories import make_world
    from yanit.accounts.models import Agent
    from yanit.connectors.email.config import MailboxConfig, stored_settings
    from yanit.connectors.email.imap import poll_mailbox_once
    from yanit.inboxes.services.manage import do_create_inbox

    # One workspace for every round; each round reads into a new inbox of it.
    owner = Agent.objects.filter(role=Agent.Role.OWNER).first() or make_world("Bench").owner
    config = MailboxConfig(
        address=ADDRESS,
        imap_host="127.0.0.1",
        imap_port=port,
        imap_security="none",
        imap_user=USER,
        imap_password=PASSWORD,
    )
    inbox, _token = do_create_inbox(
        owner, name="E-posta", channel="email", settings={"email": stored_settings(config)}
    )
    started = time.perf_counter()
    result = poll_mailbox_once(inbox)
    seconds = time.perf_counter() - started
    if result.stored != expected:
        raise RuntimeError(f"stored {result.stored} of {expected}")
    # The same machine at the same moment, without any email work: plain-text messages stored
    # through the receive service alone. Shows what the email path costs on top of it.
    from tests.factories import receive

    api_inbox, _token = do_create_inbox(owner, name=f"Taban {inbox.pk}", channel="api")
    base_count = 200
    base_started = time.perf_counter()
    for n in range(base_count):
        receive(
            api_inbox, "Merhaba, siparişim nerede?", email=f"taban{n % 300}@example.com", provider_id=f"b{n}"
        )
    baseline = base_count / (time.perf_counter() - base_started)
    return {"vendor": connection.vendor, "stored": result.stored, "seconds": seconds, "baseline": baseline}


def run(profile_env: dict[str, str], port: int, expected: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.email_ingest", "worker", str(port), str(expected)],
        env=profile_env,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def bench(profiles: list[Any], rounds: int, messages: int, log: Any = print) -> list[dict[str, Any]]:
    """``profiles``: bench.stack Profile objects; returns one row per profile."""
    from bench.stack import Server
    from bench.stats import median

    rows = []
    with dovecot() as port:
        fill_seconds = fill(port, messages)
        log(f"  email: appended {messages} messages over IMAP in {fill_seconds:.1f} s")
        for profile in profiles:
            server = Server(profile)
            try:
                server.migrate()
                rates: list[float] = []
                baselines: list[float] = []
                for i in range(rounds):
                    out = run(server.env(), port, messages)
                    rate = out["stored"] / out["seconds"]
                    rates.append(rate)
                    baselines.append(out["baseline"])
                    log(
                        f"  email {profile.label} round {i + 1}: {out['stored']} in"
                        f" {out['seconds']:.2f} s = {rate:.0f}/s"
                        f" (plain receive() now: {out['baseline']:.0f}/s)"
                    )
            finally:
                server.destroy()
            rows.append(
                {
                    "profile": profile.label,
                    "median": median(rates),
                    "min": min(rates),
                    "max": max(rates),
                    "baseline": median(baselines),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["worker"]:
        print(json.dumps(measure(int(args_list[1]), int(args_list[2]))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.email_ingest")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args(args_list)
    from bench.stack import Profile

    profiles = [Profile("sqlite")]
    if os.environ.get("DATABASE_URL"):
        profiles.append(Profile("postgres"))
    for row in bench(profiles, args.rounds, args.messages):
        print(
            f"{row['profile']}: median {row['median']:.0f} emails/s "
            f"(range {row['min']:.0f}–{row['max']:.0f}; target ≥ 100); plain receive() at the same"
            f" time: {row['baseline']:.0f} msg/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
