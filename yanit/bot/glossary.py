"""English shopping words in Turkish, so an English message still finds an article that exists
only in Turkish (most of a Turkish store's knowledge base). Matching only: never shown."""

from __future__ import annotations

import re

# English word (folded, lower-case) → the Turkish words an article would use for it.
EN_TO_TR: dict[str, str] = {
    "order": "sipariş", "orders": "sipariş", "ordered": "sipariş verdim", "ordering": "sipariş",
    "cancel": "iptal", "cancellation": "iptal", "change": "değişiklik", "address": "adres",
    "ship": "kargo gönderim", "shipping": "kargo", "shipped": "kargoya verildi",
    "dispatch": "kargoya verilir",
    "delivery": "teslimat", "deliver": "teslimat", "delivered": "teslim edildi", "courier": "kargo firması",
    "carrier": "kargo firması", "package": "paket", "packages": "paket", "parcel": "paket",
    "separate": "ayrı", "track": "takip", "tracking": "takip", "abroad": "yurt dışı",
    "international": "yurt dışı", "internationally": "yurt dışı", "country": "yurt dışı",
    "free": "ücretsiz", "cost": "ücret", "fee": "ücret", "price": "fiyat", "much": "ne kadar",
    "long": "kaç gün", "days": "gün", "when": "ne zaman", "where": "nerede", "how": "nasıl",
    "return": "iade", "returns": "iade", "returning": "iade", "refund": "para iadesi",
    "refunds": "para iadesi",
    "money": "para", "back": "geri", "exchange": "değişim", "swap": "değişim", "size": "beden",
    "sizes": "beden", "colour": "renk", "color": "renk", "sale": "indirimli", "discounted": "indirimli",
    "underwear": "iç giyim", "cosmetics": "kozmetik", "swimsuit": "mayo", "earrings": "küpe",
    "pay": "ödeme", "payment": "ödeme", "payments": "ödeme", "card": "kart", "cards": "kart",
    "credit": "kredi kartı", "debit": "banka kartı", "instalments": "taksit", "installments": "taksit",
    "instalment": "taksit", "installment": "taksit", "cash": "kapıda nakit", "transfer": "havale eft",
    "bank": "banka", "iban": "iban", "fails": "hata", "failing": "hata", "failed": "hata", "error": "hata",
    "secure": "güvenli", "safe": "güvenli", "details": "bilgi", "invoice": "fatura", "receipt": "fatura",
    "company": "şirket kurumsal", "business": "kurumsal", "tax": "vergi", "account": "hesap üyelik",
    "register": "üye kayıt", "sign": "üye", "signup": "üye ol", "password": "şifre", "forgot": "unuttum",
    "reset": "sıfırlama", "delete": "silme", "close": "kapatma", "unsubscribe": "abonelik çık",
    "newsletter": "e-bülten", "newsletters": "kampanya e-posta", "sms": "sms", "emails": "e-posta",
    "email": "e-posta", "phone": "telefon", "number": "numara", "update": "güncelleme",
    "stock": "stok", "restock": "stok", "restocked": "stok", "sold": "tükendi", "available": "var mı",
    "fit": "beden kalıp", "chart": "tablo", "small": "dar", "genuine": "orijinal", "original": "orijinal",
    "authentic": "orijinal", "fake": "orijinal", "preorder": "ön sipariş", "pre": "ön", "wash": "yıkama",
    "washing": "yıkama", "iron": "ütü", "care": "bakım", "coupon": "kupon", "code": "kod", "promo": "kupon",
    "voucher": "hediye çeki", "discount": "indirim", "first": "ilk", "welcome": "hoş geldin",
    "points": "puan", "loyalty": "puan", "gift": "hediye", "wrap": "paket", "wrapping": "paket",
    "warranty": "garanti", "guarantee": "garanti", "repair": "servis tamir", "repaired": "servis tamir",
    "broken": "arıza", "service": "servis", "hours": "saat", "open": "açık", "contact": "iletişim",
    "whatsapp": "whatsapp", "store": "mağaza", "shop": "mağaza", "stores": "mağaza", "physical": "mağaza",
    "pick": "teslim al", "pickup": "teslim al", "collect": "teslim al", "wholesale": "toptan",
    "bulk": "toptan", "account's": "hesap", "guest": "üye olmadan", "without": "olmadan", "never": "ulaşmadı",
    "missed": "evde yoktum", "home": "evde", "confirmation": "onay e-postası", "mail": "e-posta",
}  # fmt: skip

_WORD = re.compile(r"[\w']+")


def to_turkish(text: str) -> str:
    """The message with every English shopping word replaced by its Turkish words; other words
    are dropped (they would only match the English articles, which the English text already does)."""
    return " ".join(EN_TO_TR[w] for w in _WORD.findall(text.lower()) if w in EN_TO_TR)
