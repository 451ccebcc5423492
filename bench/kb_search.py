"""(h) Knowledge base search with 1,000 published articles.

Run by ``bench/run.py`` (``--only kbsearch``); inside the server's environment:
``python -m bench.kb_search run <articles> <queries>``.

A store's knowledge base of ``<articles>`` Turkish articles (40 topics × products and brands, each
with example questions and tags) is written with bulk_create, then:

* build: the time to read and index them, cold (first search after a change);
* search: what shoppers type in the help center box — no Turkish letters, typos, half words;
* rank: whole customer messages as the bot and the agents' suggestions see them.

Each timed call includes the one query that checks the knowledge base version.
"""

from __future__ import annotations

import os
import random
import sys
import time
from typing import Any

from bench.child import run_command

TOPICS = [
    ("{p} kargo kaç günde gelir?", "{p} siparişleri 1-3 iş gününde kargoya verilir.", ["kargo", "teslimat"]),
    ("{p} siparişim nerede?", "Kargo takip numarası SMS ile gönderilir.", ["kargo", "takip"]),
    ("{p} iade nasıl yapılır?", "{p} ürünlerini 14 gün içinde ücretsiz iade edebilirsiniz.", ["iade"]),
    (
        "{p} para iadesi ne zaman yatar?",
        "İade onayından sonra 3-7 iş günü içinde kartınıza yansır.",
        ["iade"],
    ),
    ("{p} beden değişimi", "Değişim talebini Hesabım > Siparişlerim sayfasından açın.", ["değişim"]),
    ("{p} faturası nasıl alınır?", "E-arşiv faturanız e-posta adresinize gönderilir.", ["fatura"]),
    ("{p} taksit seçenekleri", "{p} için 9 aya varan taksit yapılır.", ["taksit", "ödeme"]),
    ("{p} indirim kuponu kullanımı", "Kupon kodunu sepet sayfasına yazın.", ["indirim", "kupon"]),
    ("{p} ödeme yapamıyorum", "Kartınızın internet alışverişine açık olduğundan emin olun.", ["ödeme"]),
    ("{p} kurulumu", "{p} kurulumu için kutudaki kılavuzu izleyin.", ["kurulum"]),
    ("{p} garanti süresi", "{p} ürünleri 2 yıl garantilidir.", ["garanti"]),
    ("{p} kırık geldi", "Hasarlı ürünün fotoğrafını gönderin, yenisini gönderelim.", ["hasar"]),
    ("{p} stokta yok, ne zaman gelir?", "Stok bildirimi için ürün sayfasında Haber ver'e basın.", ["stok"]),
    ("{p} kapıda ödeme var mı?", "Kapıda nakit veya kartla ödeme yapılabilir.", ["ödeme"]),
    ("{p} siparişimi iptal etmek istiyorum", "Kargoya verilmeden önce iptal edebilirsiniz.", ["iptal"]),
    ("{p} adres değiştirme", "Sipariş kargoya verilmeden adresinizi güncelleyebilirsiniz.", ["adres"]),
    ("{p} şifremi unuttum", "Giriş sayfasında Şifremi unuttum bağlantısını kullanın.", ["hesap"]),
    ("{p} hediye paketi", "Sepette hediye paketi seçeneğini işaretleyin.", ["hediye"]),
    ("{p} yurt dışına gönderim", "Şimdilik yalnızca Türkiye içine gönderim yapıyoruz.", ["kargo"]),
    ("{p} ürün yorumları", "Teslimattan sonra ürün sayfasından yorum yazabilirsiniz.", ["yorum"]),
]
PRODUCTS = [
    "Işıklı ayna", "Bluetooth kulaklık", "Deri çanta", "Koşu ayakkabısı", "Çocuk montu", "Kahve makinesi",
    "Akıllı saat", "Yoga matı", "Bambu nevresim", "Seramik tabak", "Çelik termos", "Ütü masası",
    "Robot süpürge", "Oyun konsolu", "Bebek arabası", "Kamp çadırı", "Bisiklet kaskı", "Gözlük",
    "Kol saati", "Parfüm", "Makyaj çantası", "Diş fırçası", "Laptop çantası", "Mont", "Şişme bot",
    "Kitaplık", "Çalışma masası", "Ofis koltuğu", "Halı", "Perde", "Abajur", "Yastık", "Battaniye",
    "Tencere seti", "Blender", "Tost makinesi", "Çay makinesi", "Su ısıtıcı", "Saç kurutma makinesi",
    "Tıraş makinesi", "Powerbank", "Şarj kablosu", "Telefon kılıfı", "Tablet", "Klavye", "Mouse",
    "Monitör", "Yazıcı", "Kamera", "Hoparlör",
]  # fmt: skip
QUERIES = [
    "kargom nerde", "siparisim nerede", "iade nasil", "kagro kac gunde", "fatura", "taksit",
    "indirim kupon", "odeme yapamiyorum", "kapida odeme", "sifremi unuttum", "iadr", "siparş",
    "hediye paketi", "garanti", "kirik geldi", "stok", "adres degistir", "iptal", "robot supurge kurulum",
    "kulaklik iade", "ayna", "ak", "kar", "par iadesi", "değişim", "beden", "yurt disi", "yorum yaz",
]  # fmt: skip
MESSAGES = [
    "Merhaba, 3 gün önce sipariş verdim kargom hala gelmedi, nerede acaba?",
    "iade etmek istiyorum ama nasil yapicam bilmiyorum yardimci olurmusunuz",
    "Robot süpürgeyi kuramadım, kurulum kılavuzu nerede?",
    "kartimdan para cekildi ama siparis gozukmuyor",
    "BLUETOOTH KULAKLIK KIRIK GELDI NE YAPMALIYIM",
    "Faturamı kurumsal olarak alabilir miyim? Vergi numaram var.",
    "kapıda ödeme seçeneği var mı, kredi kartı kullanmak istemiyorum",
    "Bu ürünün 9 taksit imkanı var mı?",
]


def run(n_articles: int, n_queries: int) -> dict[str, Any]:
    from django.utils import timezone

    from bench.stats import summary_ms
    from yanit.accounts.models import Workspace
    from yanit.kb import index_state
    from yanit.kb.models import Article, ExampleQuestion
    from yanit.kb.search import index as search_index
    from yanit.kb.search import rank, search

    rng = random.Random(5)
    workspace = Workspace.objects.get(name="Bench Mağaza")
    now = timezone.now()
    articles = []
    for i in range(n_articles):
        title, summary, tags = TOPICS[i % len(TOPICS)]
        product = PRODUCTS[(i // len(TOPICS)) % len(PRODUCTS)]
        body = " ".join(rng.sample(MESSAGES, 3) + [summary.format(p=product)] * 2)
        articles.append(
            Article(
                workspace=workspace,
                slug=f"makale-{i}",
                title=title.format(p=product),
                summary=summary.format(p=product),
                body_text=body,
                body_html=f"<p>{body}</p>",
                status=Article.Status.PUBLISHED,
                published_at=now,
                tags=tags,
                skus=[f"SKU-{i:05d}"],
            )
        )
    created = Article.objects.bulk_create(articles, batch_size=500)
    ExampleQuestion.objects.bulk_create(
        [
            ExampleQuestion(workspace=workspace, article=article, text=rng.choice(QUERIES))
            for article in created
            for _ in range(2)
        ],
        batch_size=1000,
    )
    builds = []
    for _ in range(3):
        index_state.bump(workspace.pk)
        started = time.perf_counter()
        search(workspace.pk, "kargo")
        builds.append(time.perf_counter() - started)
    built = search_index.get(workspace.pk)

    def timed(call: Any, inputs: list[str]) -> tuple[list[float], list[float]]:
        """Wall-clock and CPU time per call: on a shared machine the difference is the time the
        process waited for a core."""
        for text in inputs[:10]:  # warm the typo cache the way a running process has it
            call(text)
        wall, cpu = [], []
        for i in range(n_queries):
            text = inputs[i % len(inputs)]
            started, started_cpu = time.perf_counter(), time.thread_time()
            call(text)
            wall.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - started_cpu)
        return wall, cpu

    search_times, search_cpu = timed(lambda q: search(workspace.pk, q, language="tr", limit=10), QUERIES)
    rank_times, rank_cpu = timed(lambda m: rank(workspace.pk, m, "tr"), MESSAGES)
    return {
        "articles": n_articles,
        "vocabulary": len(built.vocabulary),
        "build_ms": summary_ms(builds),
        "index_build_ms": built.build_seconds * 1000,
        "search_ms": summary_ms(search_times),
        "search_cpu_ms": summary_ms(search_cpu),
        "rank_ms": summary_ms(rank_times),
        "rank_cpu_ms": summary_ms(rank_cpu),
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main(argv: list[str]) -> None:
    run_command(argv, {"run": run})


if __name__ == "__main__":
    main(sys.argv[1:])
