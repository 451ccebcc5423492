"""(h) The instant-answer bot on the evaluation set, and its latency with 1,000 articles.

Run by ``bench/run.py`` (``--only bot``); inside the server's environment:
``python -m bench.kb_bot run <articles>``.

The shipped FAQ (``yanit/kb/data/faq_tr.json``) is loaded into a fresh workspace and every message
of ``bench/kb_eval/messages.jsonl`` goes through ``yanit.bot.decide.suggest``. Reported per split
(dev is what the thresholds were tuned on, test was never tuned on):

* top-1: the expected article is the best candidate (messages that should be answered);
* answered: share of those messages the bot answers;
* wrong: auto-answers with the wrong article, or to a message that needed a person, as % of all
  auto-answers;
* person answered: messages that must go to a person but were answered, %;
* reason: needs-a-person messages handed off with exactly the expected reason, %;
* latency of ``suggest`` (median, p95, p99), and its CPU time (median, p99) — on a shared machine
  the wall time includes waiting for a core.

Then the knowledge base is padded to ``<articles>`` with realistic filler (product guides of other
products and topics, generated from templates) and the messages are run again.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

MESSAGES = Path(__file__).with_name("kb_eval") / "messages.jsonl"
AIMS = {"top1": 90.0, "wrong": 3.0, "person_answered": 10.0, "p99_ms": 100.0}


def load_messages(path: Path = MESSAGES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def evaluate(workspace_id: int, ids_by_key: dict[str, int], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Run every message through ``suggest``; the figures of ``rows`` as one dict."""
    from yanit.bot.decide import suggest
    from yanit.kb.models import Article

    group_of = dict(Article.objects.filter(workspace_id=workspace_id).values_list("id", "translation_group"))
    expected_group = {key: group_of[article_id] for key, article_id in ids_by_key.items()}
    answerable = top1 = answered = wrong = answers = person = person_answered = reason_ok = 0
    latencies: list[float] = []
    cpu: list[float] = []  # the machine may be shared: CPU time shows the cost without the waiting
    misses: list[dict[str, Any]] = []
    suggest(workspace_id, "kargo")  # builds the indexes: that is the first call after an edit, not every call
    for row in rows:
        started, started_cpu = time.perf_counter(), time.process_time()
        suggestion = suggest(workspace_id, row["text"])
        latencies.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        top = suggestion.candidates[0].article_id if suggestion.candidates else None
        top_group = group_of.get(top) if top is not None else None
        is_answer = suggestion.decision == "answer"
        answers += is_answer
        if row["expect"] == "answer":
            answerable += 1
            right = top_group == expected_group[row["article"]]
            top1 += right
            answered += is_answer
            if is_answer and not right:
                wrong += 1
            if not right or not is_answer:
                misses.append({"text": row["text"], "expected": row["article"], "reason": suggestion.reason})
        else:
            person += 1
            person_answered += is_answer
            wrong += is_answer
            reason_ok += suggestion.reason == row["reason"]
            if is_answer or suggestion.reason != row["reason"]:
                misses.append({"text": row["text"], "expected": row["reason"], "reason": suggestion.reason})

    def pct(part: int, whole: int) -> float:
        return round(100.0 * part / whole, 1) if whole else 0.0

    return {
        "messages": len(rows),
        "answerable": answerable,
        "top1": pct(top1, answerable),
        "answered": pct(answered, answerable),
        "wrong": pct(wrong, answers),
        "person": person,
        "person_answered": pct(person_answered, person),
        "reason": pct(reason_ok, person),
        "p50_ms": round(_percentile(latencies, 0.5) * 1000, 2),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "cpu_p50_ms": round(_percentile(cpu, 0.5) * 1000, 2),
        "cpu_p99_ms": round(_percentile(cpu, 0.99) * 1000, 2),
        "misses": misses,
    }


_PRODUCTS = [
    "Kablosuz kulaklık",
    "Akıllı saat",
    "Bluetooth hoparlör",
    "Robot süpürge",
    "Filtre kahve makinesi",
    "Espresso makinesi",
    "Saç kurutma makinesi",
    "Düzleştirici",
    "Blender seti",
    "Airfryer",
    "Tost makinesi",
    "Çaycı",
    "Su ısıtıcı",
    "Ütü",
    "Buharlı ütü",
    "Oyun kolu",
    "Tablet kılıfı",
    "Powerbank",
    "Şarj kablosu",
    "Laptop çantası",
    "Sırt çantası",
    "Valiz",
    "Deri cüzdan",
    "Güneş gözlüğü",
    "Kol saati",
    "Spor ayakkabı",
    "Bot",
    "Yağmurluk",
    "Kaban",
    "Triko kazak",
    "Keten pantolon",
    "Kot ceket",
    "Pamuklu tişört",
    "Pijama takımı",
    "Nevresim takımı",
    "Pike",
    "Yastık",
    "Yorgan",
    "Havlu seti",
    "Bornoz",
    "Tencere seti",
    "Tava",
    "Bıçak seti",
    "Yemek takımı",
    "Bardak seti",
    "Termos",
    "Matara",
    "Yoga matı",
    "Dambıl seti",
    "Koşu bandı",
    "Kamp sandalyesi",
    "Çadır",
    "Uyku tulumu",
    "Bebek arabası",
    "Oto koltuğu",
    "Mama sandalyesi",
    "Oyuncak blok seti",
    "Puzzle",
    "Masa lambası",
    "Ayaklı lambader",
    "Halı",
    "Perde",
    "Kitaplık",
    "Çalışma masası",
    "Ofis sandalyesi",
]
_TOPICS = [
    (
        "kurulumu nasıl yapılır",
        "Parçaları kılavuzdaki sırayla birleştirin; {p} için ek alet gerekmez.",
        ["{p} nasıl kurulur", "{p} kurulum adımları"],
    ),
    (
        "bakımı ve temizliği",
        "{p} nemli bezle silinmeli, aşındırıcı temizlik ürünleri kullanılmamalıdır.",
        ["{p} nasıl temizlenir", "{p} bakımı nasıl yapılır"],
    ),
    (
        "teknik özellikleri",
        "{p} ölçüleri, ağırlığı ve malzemesi ürün sayfasındaki tabloda yer alır.",
        ["{p} kaç kilo", "{p} ölçüleri nedir"],
    ),
    (
        "kullanım kılavuzu",
        "{p} kullanım kılavuzunun PDF hâli ürün sayfasındaki belgeler bölümündedir.",
        ["{p} kılavuzu nerede", "{p} nasıl kullanılır"],
    ),
    (
        "uyumlu aksesuarlar",
        "{p} ile uyumlu yedek parça ve aksesuarlar ürün sayfasının altında listelenir.",
        ["{p} yedek parçası var mı", "{p} aksesuarları"],
    ),
    (
        "renk ve model seçenekleri",
        "{p} için stokta olan renk ve modeller ürün sayfasında seçilebilir.",
        ["{p} başka rengi var mı", "{p} modelleri"],
    ),
    (
        "malzemesi ve üretim yeri",
        "{p} Türkiye'de üretilmiştir; malzeme içeriği etiketinde yazar.",
        ["{p} nerede üretiliyor", "{p} hangi malzemeden"],
    ),
    (
        "sık karşılaşılan sorunlar",
        "{p} açılmıyorsa fişini ve sigortayı kontrol edip tekrar deneyin.",
        ["{p} açılmıyor", "{p} ses yapıyor"],
    ),
    (
        "enerji tüketimi",
        "{p} enerji sınıfı ve saatlik tüketimi ürün etiketinde belirtilir.",
        ["{p} çok elektrik yakar mı", "{p} enerji sınıfı"],
    ),
    (
        "hediye önerileri",
        "{p} doğum günü hediyesi olarak en çok tercih edilen ürünlerimizdendir.",
        ["{p} hediye olarak alınır mı", "{p} hediye önerisi"],
    ),
    (
        "ilk kullanım öncesi",
        "{p} ilk kullanımdan önce tamamen şarj edilmeli ya da yıkanmalıdır.",
        ["{p} ilk kullanım", "{p} kullanmadan önce ne yapmalı"],
    ),
    (
        "saklama önerileri",
        "{p} kuru ve serin bir yerde, kutusunda saklanmalıdır.",
        ["{p} nasıl saklanır", "{p} nerede muhafaza edilir"],
    ),
    (
        "yaş ve kullanım uyarıları",
        "{p} üreticinin belirttiği yaş sınırına ve uyarılara uygun kullanılmalıdır.",
        ["{p} çocuklar için uygun mu", "{p} güvenlik uyarıları"],
    ),
    (
        "ölçü ve beden rehberi",
        "{p} için ölçü rehberi ürün sayfasında görsellerin altında bulunur.",
        ["{p} ölçü rehberi", "{p} hangi ölçüyü almalıyım"],
    ),
    (
        "kombin önerileri",
        "{p} stil ekibimizin hazırladığı kombinlerle ürün sayfasında gösterilir.",
        ["{p} neyle giyilir", "{p} kombin önerisi"],
    ),
    (
        "montaj hizmeti",
        "{p} için İstanbul, Ankara ve İzmir'de ücretli montaj hizmeti sunulur.",
        ["{p} montajı yapılıyor mu", "{p} kurulum hizmeti"],
    ),
]


def pad(workspace_id: int, total: int, seed: int = 5) -> int:
    """Add filler articles until the workspace has ``total`` published articles; returns how many
    were added."""
    import uuid

    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from yanit.kb import index_state
    from yanit.kb.models import Article, ExampleQuestion

    existing = Article.objects.filter(workspace_id=workspace_id).count()
    wanted = max(0, total - existing)
    rng = random.Random(seed)
    pairs = [(p, t) for p in _PRODUCTS for t in _TOPICS]
    rng.shuffle(pairs)
    now = timezone.now()
    with transaction.atomic():
        articles = []
        questions: list[tuple[int, list[str]]] = []
        for n, (product, (topic, answer, asks)) in enumerate(pairs[:wanted]):
            title = f"{product} {topic}"
            summary = answer.format(p=product)
            more = f"{product} ile ilgili diğer sorularınız için ürün sayfasına bakın."
            body = f"<p>{summary}</p><p>{more}</p>"
            articles.append(
                Article(
                    workspace_id=workspace_id,
                    language="tr",
                    translation_group=uuid.uuid4(),
                    slug=slugify(f"{title} {n}")[:110],
                    title=title,
                    summary=summary,
                    body_html=body,
                    body_text=f"{summary}\n\n{more}",
                    status=Article.Status.PUBLISHED,
                    published_at=now,
                    tags=[product.lower(), topic.split()[0]],
                )
            )
            questions.append((n, [ask.format(p=product) for ask in asks]))
        created = Article.objects.bulk_create(articles)
        ExampleQuestion.objects.bulk_create(
            ExampleQuestion(workspace_id=workspace_id, article=created[n], text=text, source="import")
            for n, texts in questions
            for text in texts
        )
        index_state.bump(workspace_id)
    return len(articles)


def run(total_articles: int) -> dict[str, Any]:
    from yanit.accounts.models import User
    from yanit.accounts.services.workspaces import do_create_workspace
    from yanit.bot.decide import suggest
    from yanit.kb.data.faq import load_faq
    from yanit.kb.models import Article

    user = User.objects.create_user(
        f"bot-bench-{time.time_ns()}@example.test", "bench-parola-123", name="Bot"
    )
    workspace, _owner = do_create_workspace(f"Bot Bench {time.time_ns()}", user)
    ids = load_faq(workspace.pk)
    rows = load_messages()
    started = time.perf_counter()
    suggest(workspace.pk, "kargo ücreti")  # builds the index once
    build_ms = (time.perf_counter() - started) * 1000
    result: dict[str, Any] = {"articles": len(ids), "build_ms": round(build_ms, 1), "splits": {}}
    for split in ("dev", "test"):
        result["splits"][split] = evaluate(workspace.pk, ids, [r for r in rows if r["split"] == split])
    added = pad(workspace.pk, total_articles)
    started = time.perf_counter()
    suggest(workspace.pk, "kargo ücreti")
    result["padded_build_ms"] = round((time.perf_counter() - started) * 1000, 1)
    padded = evaluate(workspace.pk, ids, rows)
    articles = Article.objects.filter(workspace=workspace).count()
    result["padded"] = {
        "articles": articles,
        "added": added,
        **{k: v for k, v in padded.items() if k != "misses"},
    }
    return result


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] != "run":
        print("usage: python -m bench.kb_bot run [articles]", file=sys.stderr)
        return 2
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
    django.setup()
    total = int(argv[1]) if len(argv) > 1 else 1000
    result = run(total)
    for split, figures in result["splits"].items():
        for miss in figures.pop("misses"):
            print(f"  miss {split}: {miss}", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
