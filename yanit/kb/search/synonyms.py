"""Synonyms: the shipped Turkish e-commerce list plus each workspace's own ``SynonymGroup`` rows.

A group becomes one *concept term* ("~3") that the index adds wherever any of its words or
phrases occurs, and that a query adds (at a lower weight than the word itself) for any member it
contains — so "gönderim nerede" finds an article about "kargo" without double-counting an
article that says both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from yanit.kb.search.analyzer import terms

# Turkish (and the English words shoppers mix in) for what online stores get asked about.
DEFAULT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("kargo", "gönderi", "paket", "teslimat", "sevkiyat", "shipping", "delivery", "parcel", "package"),
    (
        "iade",
        "geri gönderme",
        "geri göndermek",
        "geri yollamak",
        "para iadesi",
        "geri ödeme",
        "ücret iadesi",
        "return",
        "refund",
        "send back",
    ),
    ("değişim", "değiştirme", "değiştirmek", "exchange", "swap"),
    ("fatura", "e-fatura", "e-arşiv", "invoice", "receipt"),
    ("taksit", "taksitli", "taksitlendirme", "installment", "instalment"),
    (
        "indirim",
        "kupon",
        "indirim kodu",
        "kupon kodu",
        "promosyon",
        "kampanya",
        "discount",
        "coupon",
        "promo code",
        "sale",
    ),
    ("iptal", "vazgeçmek", "cancel"),
    ("sipariş", "order"),
    ("ödeme", "ödemek", "payment", "pay"),
    ("beden", "ölçü", "size"),
    ("şifre", "parola", "password"),
    ("hesap", "üyelik", "account", "membership"),
    ("kırık", "hasarlı", "bozuk", "defolu", "damaged", "broken"),
    ("kapıda ödeme", "kapıda nakit", "cash on delivery"),
    ("stok", "stoğa", "stock", "available"),
    ("garanti", "warranty", "guarantee"),
    ("göndermek", "yollamak", "send", "ship"),
    ("gelmedi", "ulaşmadı", "almadım", "elime geçmedi", "not arrived", "never got"),
    ("takip", "takip numarası", "track", "tracking"),
    ("silmek", "kapatmak", "delete", "close"),
    ("hediye", "gift"),
    ("hediye çeki", "hediye kartı", "gift card", "gift voucher"),
    ("toptan", "kurumsal alım", "wholesale", "bulk"),
    ("şirket", "kurumsal", "firma", "company", "business"),
    ("adres", "address"),
    ("telefon", "telefon numarası", "phone", "phone number"),
    ("e-posta", "eposta", "mail", "email"),
    ("mağaza", "şube", "store", "shop"),
    ("havale", "eft", "banka havalesi", "bank transfer", "wire transfer"),
    ("kart", "kredi kartı", "card", "credit card"),
    ("güvenli", "güvenlik", "safe", "secure", "security"),
    ("orijinal", "gerçek", "sahte", "genuine", "original", "authentic", "fake"),
    ("tamir", "onarım", "teknik servis", "repair", "service"),
    ("ön sipariş", "pre order", "preorder"),
    ("puan", "points", "loyalty"),
    ("yurt dışı", "yurtdışı", "abroad", "international", "overseas"),
    ("teslim edildi", "delivered"),
    ("onay", "onaylama", "confirmation", "confirm"),
    ("ücret", "fiyat", "para", "cost", "price", "fee", "charge"),
    ("süre", "zaman", "gün", "time", "long", "days"),
)


@dataclass(frozen=True)
class SynonymTable:
    """Which concept a term or a run of terms belongs to."""

    # term → concept ids of the groups that have it as a single word
    by_term: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # phrases of several terms → concept id, grouped by first term for a quick scan
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)
    # concept id → its single-word terms (for highlighting)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def concepts(self, term_seq: Sequence[str]) -> list[list[str]]:
        """For each position of ``term_seq``, the concepts that occur there (a phrase counts at its
        last word)."""
        out: list[list[str]] = [list(self.by_term.get(term, ())) for term in term_seq]
        for i, term in enumerate(term_seq):
            for phrase, concept in self.phrases.get(term, ()):
                end = i + len(phrase)
                if tuple(term_seq[i:end]) == phrase and concept not in out[end - 1]:
                    out[end - 1].append(concept)
        return out


def build_table(groups: Iterable[Sequence[str]]) -> SynonymTable:
    by_term: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for number, group in enumerate(groups):
        concept = f"~{number}"
        # Each word stemmed both ways: English articles are indexed with English stems.
        variants = {tuple(terms(str(word), language)) for word in group for language in ("tr", "en")}
        for seq in sorted(variants):
            if not seq:
                continue
            if len(seq) == 1:
                by_term.setdefault(seq[0], [])
                if concept not in by_term[seq[0]]:
                    by_term[seq[0]].append(concept)
            else:
                phrases.setdefault(seq[0], []).append((seq, concept))
    members: dict[str, list[str]] = {}
    for term, concepts in by_term.items():
        for concept in concepts:
            members.setdefault(concept, []).append(term)
    return SynonymTable(
        by_term={term: tuple(concepts) for term, concepts in by_term.items()},
        phrases={first: tuple(entries) for first, entries in phrases.items()},
        words={concept: tuple(sorted(found)) for concept, found in members.items()},
    )


def workspace_groups(workspace_id: int) -> list[list[str]]:
    """The shipped groups followed by the workspace's own (a word may be in several)."""
    from yanit.kb.models import SynonymGroup

    own = [
        [str(word) for word in words if str(word).strip()]
        for words in SynonymGroup.objects.filter(workspace_id=workspace_id)
        .order_by("id")
        .values_list("words", flat=True)
        if isinstance(words, list)
    ]
    return [list(group) for group in DEFAULT_GROUPS] + [group for group in own if len(group) >= 2]
