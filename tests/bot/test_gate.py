"""The needs-a-person gate gives exact reasons, and lets real questions through."""

from __future__ import annotations

import pytest

from yanit.bot.gate import check


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # complaints: what arrived, how they were treated, coming back again
        ("Ürün KIRIK geldi", "complaint"),
        ("siparis ettigim tisort yirtik geldi", "complaint"),
        ("kutudan farklı ürün çıktı, yanlış ürün gönderilmiş", "complaint"),
        ("kargo hasarli geldi ne yapmaliyim", "complaint"),
        ("defalarca yazdim cevap alamadim", "complaint"),
        ("urunum elime ulasmadi hala yok 5 gundur bekliyorum", "complaint"),
        ("the parcel arrived damaged", "complaint"),
        # angry: insults, threats, shouting with negative words, !!!
        ("aptal bot", "angry"),
        ("Sizi tüketici hakem heyetine şikayet edeceğim", "angry"),
        ("BU NE REZALET PARAMI GERİ VERİN", "angry"),
        ("cevap verin artik!!! nerde kaldiniz!!!", "angry"),
        ("this is a scam", "angry"),
        # urgent
        ("ACİL dönüş yapın", "urgent"),
        ("beni arar misiniz", "urgent"),
        ("please call me asap", "urgent"),
        # greeting / thanks alone
        ("Merhaba", "greeting"),
        ("İYİ GÜNLER, kolay gelsin", "greeting"),
        ("selamlar 👋", "greeting"),
        ("Çok teşekkürler 🙏", "thanks"),
        ("sagolun iyi gunler", "thanks"),
        ("ok", "thanks"),
        ("thank you so much", "thanks"),
        # one order, one payment, one account
        ("siparis no: 4455667 nerede", "specific_order"),
        ("AC-10482 numaralı siparişim", "specific_order"),
        ("order #55821 still not here", "specific_order"),
        ("12 kasım'da verdiğim sipariş hala gelmedi", "specific_order"),
        ("kartımdan iki kez çekildi", "payment"),
        ("kartimdan 500 tl cekildi siparis yok", "payment"),
        ("param iade edilmedi 2 haftadir", "payment"),
        ("iade tutarını TR12 0006 2000 0000 0012 3456 78 hesabıma yatırın", "payment"),
        ("4543 1234 5678 9012 kartımla ödedim", "payment"),
        ("hesabım kilitlendi", "account"),
        ("hesabıma başkası girmiş", "account"),
        ("telefonum degisti giris yapamiyorum", "account"),
        # off-topic
        ("bana bir şiir yaz", "off_topic"),
        ("bugün hava nasıl", "off_topic"),
        ("tell me a joke", "off_topic"),
    ],
)
def test_reason(text: str, reason: str) -> None:
    assert check(text).reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "kargom nerde ya",
        "iade nasil yapiyorum",
        "KARGO ÜCRETLİ Mİ",  # shouting alone is emphasis, not anger
        "taksit yapiyomusunuz",
        "3 hafta once aldim hala iade edebilir miyim",  # "hâlâ" without a negation
        "hesabima giremiyorum sifremi unuttum",  # forgotten password is a FAQ
        "iade yaptim param ne zaman yatar",  # a refund timing question, not a late refund
        "300 liralik alisveriste kargo ucretli mi",  # an amount in a question
        "can i pick up my order in store",
        "ürünüm bozuldu tamire nereye götüreceğim",
    ],
)
def test_questions_pass(text: str) -> None:
    assert check(text).reason is None


def test_question_loses_its_pleasantries() -> None:
    verdict = check("Merhaba, iyi günler! Kapıda ödeme var mı? Teşekkürler")
    assert verdict.reason is None
    assert verdict.question == "kapida odeme var mi"
