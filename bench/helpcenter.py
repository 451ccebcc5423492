"""(h) Help center article page server time with 1,000 published articles.

Run by ``bench/run.py`` (``--only helpcenter``); inside the server's environment:
``python -m bench.helpcenter run <articles> <requests>``.

A workspace gets a realistic Turkish store FAQ scaled to ``articles`` published articles (twelve
categories, bodies of a few hundred words, tags, a YouTube link on some, an English translation
of every fifth one), business hours and all contact options. Article pages of random articles are
then requested through Django's test client: the whole request path — middleware, the help center
lookup, the article and its translations, related articles, contact options, template rendering —
without a network or a browser. The home page and search-as-you-type are measured beside it.
"""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from typing import Any

from bench.child import run_command

CATEGORIES = [
    ("siparis", "Sipariş", "🛒"), ("kargo", "Kargo ve teslimat", "📦"), ("iade", "İade ve değişim", "↩️"),
    ("odeme", "Ödeme", "💳"), ("hesap", "Hesabım", "👤"), ("kampanya", "Kampanyalar", "🏷️"),
    ("urun", "Ürünler", "👗"), ("beden", "Beden rehberi", "📏"), ("fatura", "Fatura", "🧾"),
    ("garanti", "Garanti ve servis", "🛠️"), ("magaza", "Mağazalar", "🏬"), ("guvenlik", "Güvenlik", "🔒"),
]  # fmt: skip
SUBJECTS = [
    "Siparişim nerede", "Kargo kaç günde gelir", "İade nasıl yapılır", "Beden değişimi", "Taksit seçenekleri",
    "Faturamı nasıl alırım", "Kupon kodu çalışmıyor", "Ödeme yapamıyorum", "Şifremi unuttum",
    "Ürün hasarlı geldi", "Siparişimi iptal etmek istiyorum", "Kapıda ödeme var mı",
]  # fmt: skip
SENTENCES = [
    "Siparişiniz kargoya verildiğinde takip numarası SMS ve e-posta ile gönderilir.",
    "Hesabım > Siparişlerim sayfasından siparişinizin durumunu görebilirsiniz.",
    "Ürünü teslim aldığınız tarihten itibaren 14 gün içinde ücretsiz iade edebilirsiniz.",
    "İade onaylandıktan sonra ücret 3-7 iş günü içinde kartınıza yansır.",
    "Kampanya dönemlerinde teslimat süresi bir iki gün uzayabilir.",
    "Kurumsal fatura için vergi numaranızı adres bilgilerinize ekleyin.",
    "Bonus, World ve Maximum kartlara 9 aya varan taksit yapılır.",
    "Işıklı aynanın montajı için kutudaki vidaları kullanın.",
    "Müşteri hizmetlerimize hafta içi 09:00-18:00 arasında ulaşabilirsiniz.",
    "Ürünü orijinal ambalajıyla ve faturasıyla birlikte kargoya verin.",
]


def _body(rng: random.Random, words: int) -> tuple[str, str]:
    paragraphs, text = [], []
    while sum(len(p.split()) for p in text) < words:
        sentences = rng.sample(SENTENCES, 4)
        text.append(" ".join(sentences))
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    return "<h2>Adım adım</h2>" + "".join(paragraphs), " ".join(text)


def seed(n_articles: int) -> tuple[Any, list[str]]:
    from django.utils import timezone

    from yanit.accounts.models import User
    from yanit.accounts.services.workspaces import do_create_workspace
    from yanit.kb.index_state import bump
    from yanit.kb.models import Article, Category, HelpCenter
    from yanit.sla.models import BusinessHours

    rng = random.Random(5)
    user = User.objects.create_user("hc-bench@example.test", "bench-parola-123", name="Bench")
    workspace, _owner = do_create_workspace("Bench Yardım", user)
    categories = [
        Category.objects.create(workspace=workspace, slug=slug, name_tr=name, icon=icon, position=i)
        for i, (slug, name, icon) in enumerate(CATEGORIES)
    ]
    now = timezone.now()
    rows, urls = [], []
    for i in range(n_articles):
        html, text = _body(rng, rng.randint(150, 450))
        title = f"{rng.choice(SUBJECTS)} ({i + 1})"
        group = uuid.uuid4()
        common = {
            "workspace": workspace, "category": categories[i % len(categories)], "translation_group": group,
            "body_html": html, "body_text": text, "status": Article.Status.PUBLISHED, "published_at": now,
            "tags": rng.sample(["kargo", "iade", "ödeme", "fatura", "beden", "kupon", "hesap"], 2),
            "view_count": rng.randint(0, 5000),
            "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ" if i % 7 == 0 else "",
        }  # fmt: skip
        rows.append(
            Article(language="tr", slug=f"yazi-{i + 1}", title=title, summary=SENTENCES[i % 10], **common)
        )
        urls.append(f"/help/{workspace.slug}/tr/yazi-{i + 1}/")
        if i % 5 == 0:
            rows.append(
                Article(language="en", slug=f"article-{i + 1}", title=f"Help article {i + 1}",
                        summary="Your order ships within 1-3 business days.", **common)
            )  # fmt: skip
            urls.append(f"/help/{workspace.slug}/en/article-{i + 1}/")
    Article.objects.bulk_create(rows, batch_size=500)
    HelpCenter.objects.create(
        workspace=workspace,
        title_tr="Bench Yardım Merkezi",
        contact={
            "email": "destek@bench.example", "phone": "+902125551234", "whatsapp": "+905321234567",
            "chat_widget": "wk_bench", "social": {"instagram": "https://instagram.com/bench"},
        },
    )  # fmt: skip
    BusinessHours.objects.create(
        workspace=workspace, time_zone="Europe/Istanbul",
        weekly={str(d): [["09:00", "18:00"]] for d in range(1, 6)},
    )  # fmt: skip
    bump(workspace.pk)
    return workspace, urls


def _time(client: Any, urls: list[str]) -> tuple[list[float], list[float]]:
    """Wall time and this process's CPU time of each request (CPU time shows what a request costs
    when other programs share the machine's cores)."""
    wall, cpu = [], []
    for url in urls:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def _summary(timed: tuple[list[float], list[float]]) -> dict[str, Any]:
    from bench.stats import summary_ms

    return {"wall": summary_ms(timed[0]), "cpu": summary_ms(timed[1])}


def run(n_articles: int, n_requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from yanit.helpcenter import view_counts
    from yanit.kb.search import search

    workspace, urls = seed(n_articles)
    rng = random.Random(9)
    client = Client()
    _time(client, [urls[-1], f"/help/{workspace.slug}/"])  # templates, translations, connections
    # Every page once: nothing rendered yet, the worst case after a knowledge base edit.
    cold = _summary(_time(client, rng.sample(urls, min(n_requests, len(urls)))))
    # Visitors as they come: a few articles get most views (Zipf-like weights).
    weights = [1 / (rank + 1) for rank in range(len(urls))]
    mixed = _summary(_time(client, rng.choices(urls, weights=weights, k=n_requests)))
    home = _summary(_time(client, [f"/help/{workspace.slug}/"] * max(20, n_requests // 10)))
    started = time.perf_counter()
    search(workspace.pk, "iade")  # builds this process's search index
    index_build_ms = (time.perf_counter() - started) * 1000
    words = ["iade nasil", "kargom nerde", "taksit", "fatura", "sifremi unuttum", "kupon calismiyor"]
    search_url = f"/help/{workspace.slug}/search.json?q="
    queries = [search_url + rng.choice(words) for _ in range(max(20, n_requests // 5))]
    search_json = _summary(_time(client, queries))
    view_counts.flush()
    return {
        "database": connection.vendor,
        "articles": n_articles,
        "pages": len(urls),
        "requests": n_requests,
        "article_cold": cold,
        "article_mixed": mixed,
        "home": home,
        "search_index_build_ms": index_build_ms,
        "search_json": search_json,
        "load_average": os.getloadavg()[0],
    }


def main(argv: list[str]) -> None:
    run_command(argv, {"run": run})


if __name__ == "__main__":
    main(sys.argv[1:])
