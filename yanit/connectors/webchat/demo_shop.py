"""A small Turkish store page with the chat widget on it: `yanit serve` in demo mode (YANIT_DEMO)
serves it at /demo-shop/ so the widget can be tried without a store of one's own.

The store's words and products are demo data (like the demo workspace's conversations), in
Turkish, with an English version at ``?lang=en`` to show the widget following the page's
language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yanit.connectors.webchat.models import ChatWidget


@dataclass(frozen=True)
class Product:
    name: dict[str, str]
    price_kurus: int
    old_price_kurus: int | None
    emoji: str
    tint: str

    def label(self, lang: str) -> str:
        return self.name[lang]


PRODUCTS = [
    Product(
        {"tr": "El dövmesi bakır cezve", "en": "Hand-hammered copper coffee pot"},
        64_990,
        79_990,
        "☕",
        "#f59e0b",
    ),
    Product(
        {"tr": "Orta kavrulmuş Türk kahvesi 500 g", "en": "Medium roast Turkish coffee 500 g"},
        28_950,
        None,
        "🫘",
        "#92400e",
    ),
    Product(
        {"tr": "Güllü lokum, 1 kg kutu", "en": "Rose Turkish delight, 1 kg box"},
        42_500,
        None,
        "🍬",
        "#ec4899",
    ),
    Product(
        {"tr": "İnce belli çay bardağı, 6'lı", "en": "Tulip tea glasses, set of 6"},
        18_990,
        23_990,
        "🍵",
        "#dc2626",
    ),
    Product(
        {"tr": "Uşak el dokuma kilim 120×180", "en": "Uşak hand-woven kilim 120×180"},
        1_249_000,
        None,
        "🧶",
        "#7c3aed",
    ),
    Product(
        {"tr": "Ayvalık erken hasat zeytinyağı 1 L", "en": "Ayvalık early harvest olive oil 1 L"},
        54_900,
        None,
        "🫒",
        "#65a30d",
    ),
]

WORDS = {
    "tr": {
        "title": "Anadolu Çarşı — El yapımı ürünler, hızlı kargo",
        "tagline": "Anadolu'nun dört bir yanından el yapımı ürünler",
        "nav": ["Kahve & Çay", "Mutfak", "Ev Tekstili", "Lezzetler", "Kampanyalar"],
        "search": "Ürün, kategori veya marka ara",
        "cart": "Sepetim",
        "banner_title": "Siparişim nerede?",
        "banner_text": "Sipariş numaranızla sağ alttaki canlı destekten sorun; ekibimiz hafta içi "
        "09:00–18:00 arası birkaç dakika içinde yanıtlıyor.",
        "shipping": "500 ₺ ve üzeri siparişlerde kargo bedava",
        "same_day": "14:00'e kadar verilen siparişler aynı gün kargoda",
        "returns": "14 gün içinde ücretsiz iade",
        "featured": "Öne çıkanlar",
        "add": "Sepete ekle",
        "footer": "© 2026 Anadolu Çarşı — bu sayfa yanit canlı destek demosudur, gerçek bir mağaza değildir.",
        "switch": "English",
        "switch_lang": "en",
    },
    "en": {
        "title": "Anadolu Çarşı — Handmade goods, fast shipping",
        "tagline": "Handmade goods from every corner of Anatolia",
        "nav": ["Coffee & Tea", "Kitchen", "Home textiles", "Delicacies", "Offers"],
        "search": "Search products, categories or brands",
        "cart": "Cart",
        "banner_title": "Where is my order?",
        "banner_text": "Ask the live chat at the bottom right with your order number; our team answers "
        "within minutes on weekdays 09:00–18:00.",
        "shipping": "Free shipping on orders of 500 ₺ or more",
        "same_day": "Orders placed before 14:00 ship the same day",
        "returns": "Free returns within 14 days",
        "featured": "Featured",
        "add": "Add to cart",
        "footer": "© 2026 Anadolu Çarşı — this page is a yanit live chat demo, not a real store.",
        "switch": "Türkçe",
        "switch_lang": "tr",
    },
}


def lira(kurus: int) -> str:
    """1249000 → "12.490,00 ₺" (Turkish grouping and decimal comma)."""
    whole, cents = divmod(kurus, 100)
    return f"{whole:,}".replace(",", ".") + f",{cents:02d} ₺"


@require_GET
def demo_shop(request: HttpRequest) -> HttpResponse:
    lang = "en" if request.GET.get("lang") == "en" else "tr"
    widget = ChatWidget.objects.select_related("inbox").order_by("pk").first()
    products = [
        {
            "name": p.label(lang),
            "price": lira(p.price_kurus),
            "old_price": lira(p.old_price_kurus) if p.old_price_kurus else "",
            "emoji": p.emoji,
            "tint": p.tint,
        }
        for p in PRODUCTS
    ]
    return render(
        request,
        "webchat/demo_shop.html",
        {
            "lang": lang,
            "w": WORDS[lang],
            "products": products,
            "widget_key": widget.public_key if widget else "",
            "base_url": request.build_absolute_uri("/").rstrip("/"),
        },
    )
