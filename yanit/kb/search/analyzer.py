"""Turkish-aware text analysis shared by the index and the query: words → search terms.

Everything is compared in the *folded* form (``yanit.core.text.search_fold``: Turkish lower-case,
then ı/ş/ğ/ü/ö/ç → i/s/g/u/o/c), because shoppers type without Turkish letters and an index term
must meet its query term whichever way either was written. Suffixes are therefore stripped on the
folded form too; Snowball's Turkish stemmer works on the Turkish letters, so it stems "siparişim"
and "siparisim" differently and turns "iade" into "ia" — which is why it is not used here.

A term is what both sides reduce a word to:

* colloquial spellings are rewritten first ("nerde" → "nerede", "geliyo" → "geliyor",
  "geldimi" → "geldi mi");
* stop words (Turkish and English function words, greetings) are dropped; question words are
  kept, they tell "kargom nerede" (tracking) from "kargo ne kadar" (cost);
* possessive, case, plural, question and common verb suffixes are stripped, longest first, never
  below three letters and never past a protected root ("iadesi" → "iade", not "ia");
* a consonant softened before a vowel suffix is hardened back ("hesabım" → "hesap").

Typo tolerance and search-as-you-type work on these terms in ``index.py`` (prefixes and edit
distance over the index's vocabulary).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from yanit.core.text import search_fold

# A word, with a Turkish apostrophe suffix ("Aras'a", "iPhone’un") cut off: the part after the
# apostrophe is always an inflection of a proper noun.
WORD = re.compile(r"(\w+)(?:['’]\w+)?", re.UNICODE)

MIN_STEM = 3


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and greetings, folded. "yok"/"var" are dropped too: "kargo yok"
# and "kargo var" look for the same article.
STOP_WORDS = _word_set(
    """
    a acaba ama ancak artik aslinda bana bazi beni benim bile bir biri birkac bize bizim bu buna
    bunu bunun burada cok da daha de defa diye dolayi en fakat falan filan gibi hala hani hem hep
    her herhangi hic icin ile ise iste kendi ki kimse mi mu ne neyi neler o olan olarak oldu olsun
    olur ona onu onun orada ote sadece sana sen senin siz size sizin su suna sunu tabi tum ve veya
    ya yani yine yok var yahu zaten lutfen rica merhaba selam slm mrb selamlar iyi gunler gun aydin
    kolay gelsin tesekkur tesekkurler tsk sagol sagolun hocam abi abla bey hanim miyim muyum miyiz
    muyuz misin musun misiniz musunuz midir mudur istiyorum istiyoruz isterim istedim edebilir
    yapabilir edilir edildi edecek yapacagim edecegim mumkun etmek yapmak olmak an and are as at be
    but by can could do does did for from have has i if in into is it its me my no not of on or our
    please so than that the their them then there these they this to was we what who will with would
    you your hi hello thanks thank nedir neler nelerdir ya da yapmaliyim yapmam gerekiyor lazim
    olcak olacak oluyor
    """
)
# Question words stay searchable: the bot's gate reads intent elsewhere, but for retrieval "kargom
# nerede" (tracking) and "kargo ne kadar" (cost) differ by nothing else. They are common, so their
# idf keeps them light.
QUESTION_WORDS = _word_set(
    """
    hangi how kac kadar kim nasil neden nerde nerede nereden nereye nicin niye when where which why
    """
)

# Colloquial or shortened spellings (folded) → what they stand for.
COLLOQUIAL = {
    "nerde": "nerede",
    "nrde": "nerede",
    "napcam": "ne yapacagim",
    "napcaz": "ne yapacagiz",
    "napiyim": "ne yapayim",
    "napim": "ne yapayim",
    "napalim": "ne yapalim",
    "naber": "ne haber",
    "nbr": "ne haber",
    "bi": "bir",
    "bişey": "bir sey",
    "bisey": "bir sey",
    "nasi": "nasil",
    "nassi": "nasil",
    "yapcam": "yapacagim",
    "yapcaz": "yapacagiz",
    "gelcek": "gelecek",
    "gelcekmi": "gelecek mi",
    "olcak": "olacak",
    "olcakmi": "olacak mi",
    "edcem": "edecegim",
    "edicem": "edecegim",
    "alcam": "alacagim",
    "istiyom": "istiyorum",
    "tmm": "tamam",
    "sprs": "siparis",
}

# Roots the suffix stripper must not cut into even though they end like a suffix.
PROTECTED_ROOTS = _word_set(
    """
    iade teslim indirim kupon urun beden telefon sezon siparis odeme adres hesap kredi kargo fatura
    musteri numara ucret paket garanti destek sikayet hediye iptal degisim kampanya uyelik sifre
    kart taksit banka havale kapida magaza stok renk model marka boyut olcu servis montaj kurulum
    yardim
    """
)

# Suffixes on the folded form, tried longest first; each with the shortest stem it may leave.
# Vowel harmony pairs collapse after folding (ı/i → i, u/ü → u), so one spelling covers two.
_SUFFIXES: dict[str, int] = {}
for _group, _min in (
    # verb endings (present continuous, past, future, ability, negation), colloquial "-cam/-cem"
    (
        "iyorum iyorsun iyoruz iyorlar uyorum uyorsun uyoruz uyorlar miyorum muyorum miyor muyor "
        "iyor uyor yor madim medim madi medi mamis memis mayacak meyecek mayacagim meyecegim "
        "acagim ecegim acagiz ecegiz acak ecek yacak yecek acam ecem acaz ecez "
        "abilir ebilir yabilir yebilir amiyor emiyor amaz emez mak mek mis mus misim musum "
        "dim dum dik duk din dun dilar diler dular duler di du ma me",
        3,
    ),
    # plural + possessive + case stacks
    (
        "larimiz lerimiz lariniz leriniz larim lerim larin lerin lari leri lar ler "
        "imiz umuz iniz unuz miz muz niz nuz im um in un si su yi yu ya ye "
        "nda nde ndan nden na ne nin nun yla yle la le da de ta te dan den tan ten "
        "daki deki taki teki ki li lu siz suz ima ime uma ume ina ine una une "
        "sina sine suna sune sini sunu sinda sinde sunda sunde dir dur tir tur",
        3,
    ),
):
    for _suffix in _group.split():
        _SUFFIXES.setdefault(_suffix, _min)
# Single letters: "kargom", "kartı", "ürünü". Only after a consonant for i/u (after a vowel the
# suffix is "-yi"/"-si"), only after a vowel for m; each keeps at least four letters.
_SINGLE = {"m": "aeiou", "i": "bcdfghjklmnprstvyz", "u": "bcdfghjklmnprstvyz"}
_ORDERED_SUFFIXES = sorted(_SUFFIXES, key=lambda s: (-len(s), s))
_VOWELS = frozenset("aeiou")
# A stem softened before a vowel suffix, hardened back: hesab-ım → hesap, reng-i → renk.
_HARDEN = {"b": "p", "d": "t", "g": "k"}
_MAX_STRIPS = 3


def fold(text: str) -> str:
    """Folded form of a text (lower-case Turkish, Turkish letters → ASCII), words space-separated."""
    return search_fold(text)


def stem(word: str) -> str:
    """The search term of one folded word ("siparisimde" → "siparis", "hesabim" → "hesap")."""
    if len(word) <= MIN_STEM or word in PROTECTED_ROOTS or not word.isalpha():
        return word
    current = word
    for _ in range(_MAX_STRIPS):
        stripped = _strip_once(current)
        if stripped is None:
            break
        current = stripped
        if current in PROTECTED_ROOTS:
            break
    return current


def english_stem(word: str) -> str:
    """A light English stemmer for English articles and queries: plurals, -ing, -ed, -ly, -y."""
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for suffix, shortest in (("ing", 6), ("ed", 5), ("ly", 6)):
        if word.endswith(suffix) and len(word) >= shortest:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # shipped → ship
            break
    if len(word) >= 5 and word[-1] in "ey":
        word = word[:-1]  # change/changing → chang, delivery/deliver
    return word


def _strip_once(word: str) -> str | None:
    for suffix in _ORDERED_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _SUFFIXES[suffix]:
            return _harden(word[: -len(suffix)], suffix)
    last = word[-1]
    allowed_before = _SINGLE.get(last)
    if allowed_before and len(word) >= 5 and word[-2] in allowed_before:
        return _harden(word[:-1], last)
    return None


def _harden(stem_: str, suffix: str) -> str:
    if suffix[0] in _VOWELS and len(stem_) >= 4 and stem_[-1] in _HARDEN and stem_ not in PROTECTED_ROOTS:
        return stem_[:-1] + _HARDEN[stem_[-1]]
    return stem_


_ATTACHED_QUESTION = re.compile(r"^(\w{3,}?(?:di|du|ti|tu|yor|cak|cek|mis|mus|ir|ur|ar|er))(mi|mu)$")


def _expand_colloquial(word: str) -> list[str]:
    """Rewrite one folded word written the way people chat into the words it stands for."""
    if word in COLLOQUIAL:
        return COLLOQUIAL[word].split()
    match = _ATTACHED_QUESTION.match(word)
    if match:  # "geldimi" → "geldi mi"
        return [match.group(1), match.group(2)]
    if len(word) >= 5 and word.endswith(("iyo", "uyo")):  # "geliyo" → "geliyor"
        return [word + "r"]
    return [word]


@dataclass(frozen=True, slots=True)
class Token:
    """One analysed word: where it is in the text (for highlighting), its folded form and term."""

    start: int
    end: int
    folded: str
    term: str


def tokens(text: str, language: str | None = None) -> list[Token]:
    """Analyse a text: every searchable word with its position, folded form and term.

    Stop words and one-letter words are left out; a colloquial word that stands for several
    ("napcam") gives several tokens at the same position. English text (``language="en"``) gets
    English suffix stripping; anything else Turkish.
    """
    english = language == "en"
    normalized = unicodedata.normalize("NFC", text)
    out: list[Token] = []
    for match in WORD.finditer(normalized):
        for folded, term in analyse_word(match.group(1), english):
            out.append(Token(match.start(1), match.end(1), folded, term))
    return out


@lru_cache(maxsize=200_000)
def analyse_word(raw: str, english: bool) -> tuple[tuple[str, str], ...]:
    """(folded, term) pairs of one written word; cached — a store's vocabulary is small."""
    stemmer = english_stem if english else stem
    return tuple(
        (word, stemmer(word))
        for word in _expand_colloquial(search_fold(raw).replace(" ", ""))
        if len(word) >= 2 and word not in STOP_WORDS
    )


def terms(text: str, language: str | None = None) -> list[str]:
    """The search terms of a text, in order, with repeats ("Kargom nerde?" → ["kargo", "nere"]).

    ``tokens`` without the positions: the index builds from this, so it avoids making objects."""
    english = language == "en"
    return [
        term
        for raw in WORD.findall(unicodedata.normalize("NFC", text))
        for _, term in analyse_word(raw, english)
    ]
