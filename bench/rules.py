"""(e) Rule evaluation time per inbound message with 200 active rules.

Run by ``bench/run.py`` (``--only rules``); inside the server's environment:
``python -m bench.rules run <messages>``.

The workspace gets the complaint playbook (9 rules) plus 191 more "message received" rules of the
kinds admins write: keyword lists, subject, contact, tags, priority, inbox and channel conditions,
all and any. Realistic Turkish messages then arrive through ``do_receive_inbound_message`` (a new
conversation every third message); the time measured is what the rules subscriber adds after
commit for each message — compiling is cached, so this is evaluation plus the actions of the rules
that match (tags, priority, suggestions) and their run log.
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from bench.child import run_command

N_RULES = 200

MESSAGES = [
    "Merhaba, kargom hala gelmedi. Sipariş numaram 12345.",
    "Ürün kırık geldi, fotoğraf ekliyorum.",
    "İade etmek istiyorum ama iade kodu gelmedi.",
    "Kredi kartım geçmiyor, ödeme yapamıyorum.",
    "Bu ayakkabının 38 numarası ne zaman stoğa girer?",
    "Merhaba, fatura bilgimi güncelleyebilir misiniz?",
    "Teşekkürler, sorun çözüldü.",
    "BU NE REZALET, 10 GÜNDÜR BEKLİYORUM",
    "Siparişimi iptal edebilir miyim?",
    "Hediye paketi yapıyor musunuz?",
    "Ürün resimdeki gibi değil, kalitesi çok kötü.",
    "Kimse dönüş yapmadı, kaç kere yazdım!",
]

WORDS = [
    "fatura", "indirim", "kupon", "kampanya", "adres", "teslimat", "beden", "renk", "garanti", "servis",
    "montaj", "kurulum", "hediye", "paket", "sepet", "şifre", "üyelik", "puan", "abonelik", "bülten",
]  # fmt: skip


def _rule_specs(inbox_id: int, rng: random.Random) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    for i in range(N_RULES):
        # Each rule its own phrases ("garanti belgesi 17"): a message matches a few rules, not dozens.
        words = [f"{w} {i}" for w in rng.sample(WORDS, 3)]
        if i < 5:
            words.append(["fatura", "iptal", "hediye", "indirim", "kupon"][i])
        kind = i % 6
        conditions: list[dict[str, Any]]
        if kind == 0:
            conditions = [{"field": "message_text", "op": "contains_any", "value": words}]
        elif kind == 1:
            conditions = [
                {"field": "message_text", "op": "contains_any", "value": words},
                {"field": "priority", "op": "is", "value": "urgent"},
            ]
        elif kind == 2:
            conditions = [
                {"field": "subject", "op": "contains", "value": words[0]},
                {"field": "inbox", "op": "in", "value": [inbox_id]},
            ]
        elif kind == 3:
            conditions = [
                {"field": "tags", "op": "has_any", "value": [f"etiket-{i}"]},
                {"field": "channel", "op": "in", "value": ["email"]},
            ]
        elif kind == 4:
            conditions = [
                {"field": "contact_email", "op": "contains", "value": f"ozel{i}.example"},
                {"field": "message_text", "op": "matches", "value": rf"\bsiparis no {i}\b"},
            ]
        else:
            conditions = [
                {"field": "message_text", "op": "contains_any", "value": words},
                {"field": "status", "op": "in", "value": ["open"]},
            ]
        specs.append(
            {
                "name": f"Kural {i}",
                "trigger": "message_received",
                "conditions": {"match": "any" if kind == 3 else "all", "conditions": conditions},
                "actions": [{"type": "add_tags", "tags": [f"etiket-{i}"]}],
            }
        )
    return specs


def run(n_messages: int) -> dict[str, Any]:
    from yanit.accounts.models import Workspace
    from yanit.automation import subscribers
    from yanit.automation.models import Rule
    from yanit.automation.playbook import install_default_rules
    from yanit.automation.services import RuleInput, check_rule
    from yanit.contacts.services.identify import ContactClaim
    from yanit.conversations.events import MessageCreated
    from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message
    from yanit.core import events
    from yanit.inboxes.models import Inbox

    rng = random.Random(11)
    workspace = Workspace.objects.get(name="Bench Mağaza")
    inbox = Inbox.objects.get(workspace=workspace)
    install_default_rules(workspace)
    playbook = Rule.objects.filter(workspace=workspace).count()
    position = playbook
    for spec in _rule_specs(inbox.pk, rng)[: N_RULES - playbook]:
        clean = check_rule(workspace.pk, RuleInput(**spec))
        Rule.objects.create(
            workspace=workspace,
            position=position,
            name=clean.name,
            trigger=clean.trigger,
            conditions=clean.conditions,
            actions=clean.actions,
        )
        position += 1
    active = Rule.objects.filter(workspace=workspace, enabled=True).count()

    from yanit.automation import engine

    timings: list[float] = []
    acting: list[float] = []
    original_apply = engine._apply

    def timed_apply(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original_apply(*args, **kwargs)
        finally:
            acting.append(time.perf_counter() - started)

    engine._apply = timed_apply  # type: ignore[assignment]
    evaluation: list[float] = []
    handlers = events._subscribers[MessageCreated]
    index = handlers.index(subscribers.on_message_created)

    def timed(event: MessageCreated) -> None:
        acting.clear()
        started = time.perf_counter()
        subscribers.on_message_created(event)
        spent = time.perf_counter() - started
        timings.append(spent)
        evaluation.append(spent - sum(acting))

    handlers[index] = timed
    totals: list[float] = []
    try:
        for n in range(n_messages):
            started = time.perf_counter()
            do_receive_inbound_message(
                inbox,
                InboundMessage(
                    contact=ContactClaim(name=f"Müşteri {n // 3}", email=f"musteri{n // 3}@example.com"),
                    text=MESSAGES[n % len(MESSAGES)],
                    provider_id=f"bench-rules-{n}",
                ),
            )
            totals.append(time.perf_counter() - started)
    finally:
        handlers[index] = subscribers.on_message_created
        engine._apply = original_apply  # type: ignore[assignment]
    from bench.stats import summary_ms

    # The first message compiles the rules (cached afterwards): reported apart.
    return {
        "rules": active,
        "messages": n_messages,
        "first_ms": timings[0] * 1000,
        "evaluation_ms": summary_ms(evaluation[1:]),
        "rules_ms": summary_ms(timings[1:]),
        "receive_ms": summary_ms(totals[1:]),
    }


def main(argv: list[str]) -> None:
    run_command(argv, {"run": run})


if __name__ == "__main__":
    main(sys.argv[1:])
