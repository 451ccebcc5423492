"""Fixtures of the search tests (a module, not conftest.py, so other KB test suites stay apart)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.factories import World
from tests.kb.factories import make_article
from yanit.kb.models import Article
from yanit.kb.search import index as search_index


@pytest.fixture(autouse=True)
def fresh_search_cache() -> Iterator[None]:
    # Each test starts like a new process: ids and versions repeat across test databases.
    search_index.forget_all()
    yield
    search_index.forget_all()


@dataclass
class Faq:
    where: Article
    shipping_time: Article
    returns: Article
    refund_time: Article
    exchange: Article
    invoice: Article
    installments: Article
    coupon: Article
    payment_failed: Article
    light: Article
    where_en: Article


@pytest.fixture
def faq(world: World) -> Faq:
    """A small store FAQ in the shape of a real one (Turkish, with one English translation)."""
    ws = world.workspace
    where = make_article(
        ws,
        "Siparişim nerede?",
        summary="Siparişiniz kargoya verildiğinde takip numarası SMS ve e-posta ile gönderilir.",
        body="Hesabım > Siparişlerim sayfasından siparişinizin durumunu ve kargo takip bağlantısını "
        "görebilirsiniz.",
        examples=["kargom nerede", "siparişim hâlâ gelmedi"],
        tags=["kargo", "takip"],
    )
    shipping_time = make_article(
        ws,
        "Kargo kaç günde gelir?",
        summary="Siparişler 1-3 iş gününde kargoya verilir, teslimat 2-4 iş günü sürer.",
        body="Yurtiçi Kargo ve Aras Kargo ile gönderim yapıyoruz. Kampanya dönemlerinde süre uzayabilir.",
    )
    returns = make_article(
        ws,
        "İade nasıl yapılır?",
        summary="Ürünü teslim aldığınız tarihten itibaren 14 gün içinde ücretsiz iade edebilirsiniz.",
        body="İade kodunuzu Hesabım > İadelerim sayfasından alın, ürünü orijinal ambalajıyla kargoya verin.",
        examples=["ürünü geri göndermek istiyorum"],
    )
    refund_time = make_article(
        ws,
        "Param ne zaman yatar?",
        summary="İade onaylandıktan sonra ücret 3-7 iş günü içinde kartınıza yansır.",
        body="Taksitli alışverişlerde geri ödeme bankanız tarafından taksitler halinde yapılır.",
    )
    exchange = make_article(
        ws,
        "Beden değişimi yapabilir miyim?",
        summary="Değişim talebinizi 14 gün içinde oluşturabilirsiniz; kargo ücreti bizden.",
        body="Ürünü değiştirmek için Hesabım > Siparişlerim sayfasından değişim talebi oluşturun.",
    )
    invoice = make_article(
        ws,
        "Faturamı nasıl alırım?",
        summary="E-arşiv faturanız sipariş kargoya verildiğinde e-posta adresinize gönderilir.",
        body="Kurumsal fatura için vergi numaranızı adres bilgilerinize ekleyin.",
    )
    installments = make_article(
        ws,
        "Taksit seçenekleri nelerdir?",
        summary="Bonus, World ve Maximum kartlara 9 aya varan taksit yapılır.",
        body="Taksit seçenekleri ödeme sayfasında kart numaranızı girince görünür.",
    )
    coupon = make_article(
        ws,
        "İndirim kuponu nasıl kullanılır?",
        summary="Kupon kodunu sepet sayfasındaki alana yazıp Uygula'ya basın.",
        body="Bir siparişte tek kupon geçerlidir. Kuponun son kullanma tarihini kontrol edin.",
    )
    payment_failed = make_article(
        ws,
        "Ödeme yapamıyorum",
        summary="Kartınızın internet alışverişine açık olduğundan ve 3D Secure şifresini doğru "
        "girdiğinizden emin olun.",
        body="Sorun sürerse başka bir kartla ya da havale ile ödeme yapabilirsiniz.",
    )
    light = make_article(
        ws,
        "IŞIKLI AYNA KURULUMU",
        summary="Işıklı aynanın montajı için kutudaki vidaları kullanın.",
        body="LED şeridin fişini takmadan önce aynayı duvara sabitleyin.",
        skus=["AYN-4410"],
    )
    where_en = make_article(
        ws,
        "Where is my order?",
        language="en",
        translation_of=where,
        summary="When your order ships we text and email you the tracking number.",
        body="See the status of your order and its tracking link under Account > Orders.",
    )
    return Faq(
        where, shipping_time, returns, refund_time, exchange, invoice, installments, coupon,
        payment_failed, light, where_en,
    )  # fmt: skip
