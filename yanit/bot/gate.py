"""The needs-a-person gate: messages the bot must never answer, whatever the knowledge base says.

A transparent classifier: Turkish and English lexicons matched on the ``search_fold`` form of the
message (so "KIRIK", "kırık" and "kirik" are one word), plus a few patterns on the raw text
(order numbers, amounts, IBANs, card digits, shouting, "!!!"). Each rule gives a reason code from
``yanit.bot.decision``; the first rule that fires wins, in the order of ``check``.

The line between a FAQ question and a person: a question the article's general answer settles
("kargom nerde", "iade yaptım param ne zaman gelir") goes to the bot; a message that needs this
shopper's own record looked at (one order, money already taken, a locked account) or that carries
feelings (a complaint, anger, urgency) goes to the team.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yanit.core.text import search_fold

ANGRY = "angry"
URGENT = "urgent"
COMPLAINT = "complaint"
PAYMENT = "payment"
ACCOUNT = "account"
SPECIFIC_ORDER = "specific_order"
GREETING = "greeting"
THANKS = "thanks"
OFF_TOPIC = "off_topic"


def _words(*patterns: str) -> re.Pattern[str]:
    """One regex of folded word stems; each must start a word and may take any suffix, so
    "dolandirici" also finds "dolandiricisiniz" and "dolandiricilar"."""
    return re.compile(r"\b(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + r")\w*")


def _exact(*patterns: str) -> re.Pattern[str]:
    """Whole words or phrases only (short words whose suffixed forms mean something else)."""
    return re.compile(r"\b(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + r")\b")


# Insults, swearing, threats of legal action, exasperation.
_INSULT = _words(
    "salak", "aptal", "gerizekal", "beyinsiz", "mal misiniz", "beceriksiz", "dolandirici", "hirsiz",
    "yalanci", "sahtekar", "rezil", "berbatsiniz", "yuzsuz", "terbiyesiz", "haysiyetsiz", "adi misiniz",
    "siktir", "orospu", "serefsiz", "kahrolas", "lanet",
    "idiot", "stupid", "scam", "fraud", "incompetent", "worst", "useless", "ridiculous", "fuck", "shit",
)  # fmt: skip
_SWEAR = _exact("amk", "aq", "mk", "pic", "pust", "oc", "wtf")
_THREAT = _words(
    "tuketici hakem", "tuketici mahkeme", "avukat", "dava ac", "mahkeme", "savcilik", "sikayetvar",
    "sikayet edecegim", "sosyal medyada pay", "bir daha asla", "yeter artik", "yeter ya",
    "biktim", "ne bicim", "nasil bir hizmet", "bu ne hizmet", "utanmiyor musunuz", "ayip", "yazik",
    "bikkinlik", "sue you", "lawyer", "never again", "chargeback",
)  # fmt: skip
# Negative words that make shouting or "!!!" read as anger rather than emphasis.
_NEGATIVE = _words(
    "rezalet", "berbat", "felaket", "skandal", "kabul etmiyorum", "magdur", "saygisiz", "sacma",
    "kimse cevap", "kimse donmu", "cevap vermiyor", "donus yok", "donus yapmiyor", "parami",
    "iade edin", "geri verin", "bekliyorum", "hala", "halen", "nerede bu", "terrible", "awful",
    "money back", "nobody",
)  # fmt: skip
_URGENT = _words(
    "acil", "acilen", "ivedi", "derhal", "hemen ara", "hemen don", "hemen durdur", "hemen iptal",
    "beni ara", "arayin", "arar misiniz", "arayabilir misiniz", "urgent", "asap", "immediately",
    "right now", "call me",
)  # fmt: skip
# Something went wrong with what arrived or how the shopper was treated.
_DEFECT = _words(
    "kirik", "kirilmis", "kirildi", "catlak", "hasarli", "hasar gor", "ezik", "ezilmis", "defolu", "defo",
    "lekeli", "leke var", "yirtik", "sokuk", "sokulmus", "bozuk gel", "bozuk cik", "calismiyor gel",
    "kullanilmis gibi", "yanlis urun", "yanlis gel", "yanlis gonder", "farkli urun gel", "eksik urun",
    "kalitesiz", "kalitesi kotu", "cok kotu", "sahte urun", "cakma gel", "atip git", "firlatip",
    "eksik gel", "eksik cik", "kaba davran", "sikayet", "rezalet", "berbat", "magdur", "kalite berbat",
    "damaged", "broken", "defective", "wrong item", "missing item", "arrived dirty", "faulty",
)  # fmt: skip
# "a different size was sent", "the wrong colour came"
_WRONG_ITEM = re.compile(
    r"\b(?:yanlis|farkli|baska)\s+(?:urun|beden|numara|renk|model|boyut|esya|parca|paket)\w*\s+(?:\w+\s+)?"
    r"(?:gonderil|gonderm|gel(?:di|mis)|cik(?:ti|mis))\w*"
)
# Contacting again about the same thing: a person should pick it up.
_REPEAT = _words(
    "defalarca", "kac kere", "kac defa", "bir suredir", "yine ayni", "tekrar tekrar", "again and again"
)
# "still not …": hâlâ / halen / still followed by a negated verb.
_STILL_NOT = re.compile(
    r"\b(?:hala|halen|still)\b(?:\s+\w+){0,4}?\s+(?:\w+(?:madi|medi|miyor|muyor|mıyor|muyor|mamis|memis)\w*"
    r"|yok|gelmedi|not|no)\b"
)
_WAITING_FOR = re.compile(r"\b\d+\s*(?:gun|hafta|ay)(?:dir|dur|tir|tur)\b|\bfor\s+\d+\s+(?:days|weeks)\b")

# Money already taken or owed on this shopper's card or account.
_CHARGED = _words(
    "cekildi", "cekilmis", "cekiliyor", "tahsil edil", "provizyon", "bloke", "charged", "debited",
    "taken from my",
)  # fmt: skip
_TWICE = _words("iki kere", "iki kez", "iki defa", "2 kere", "2 kez", "2 defa", "mukerrer", "twice", "double")
_MONEY_OWED = _words(
    "param yatmadi", "param gelmedi", "param iade edilmedi", "para yatmadi", "para gelmedi",
    "parami alamadim", "iademi alamadim", "ucret iadesi yapilmadi", "dekont",
    "refund hasn t", "refund has not", "not refunded", "haven t received my refund",
)  # fmt: skip
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:tl|₺|try|lira)\b|₺\s*\d", re.IGNORECASE)
_IBAN = re.compile(r"\bTR\s?\d{2}(?:\s?\d{4}){5}\s?\d{2}\b", re.IGNORECASE)
_CARD_DIGITS = re.compile(r"\b(?:\d{4}[ -]?){3}\d{4}\b|\b\d{6}\*+\d{4}\b")

_ACCOUNT = _words(
    "hesabim kilit", "hesabim bloke", "hesabim askiya", "hesabim donduruldu", "hesabim kapatilmis",
    "hesabima girilmis", "hesabima baskasi", "hesabim calin", "hesabim hack", "uyeligim askiya",
    "uyeligim kilit", "uyeligim donduruldu", "uyeligim engellen", "hesabim engellen", "kilitlendi",
    "askiya alin", "ele gecir", "baskasi girmis", "hacklen", "account was hack", "account is locked",
    "account locked", "account suspended", "account blocked", "hacked", "locked out",
)  # fmt: skip
_CANNOT_SIGN_IN = _words(
    "giris yapamiyorum", "giremiyorum", "giris yapamadim", "can t log in", "cannot log in"
)
_FORGOT = _words("unuttum", "hatirlamiyorum", "forgot")

# One order: a number, a code ("AC-10482", "#55821"), or a calendar date next to order words.
_ORDER_CODE = re.compile(r"#\s?\d{3,}|\b[A-Z]{1,4}-?\d{4,}\b|\b\d{5,}\b")
_ORDER_WORD = _words(
    "siparis", "order", "kargo", "paket", "iade", "gonderi", "fatura", "takip", "no", "numara"
)
_DATE = _exact(
    r"\d{1,2}\s+(?:ocak|subat|mart|nisan|mayis|haziran|temmuz|agustos|eylul|ekim|kasim|aralik)\w*",
    r"\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?",
    r"(?:dun|evvelsi gun|gecen hafta|gecen ay|pazartesi|sali|carsamba|persembe|cuma|cumartesi|pazar)"
    r"\s+(?:verdigim|aldigim|gonderdigim|yaptigim|siparis)\w*",
)

_OFF_TOPIC = _words(
    "siir", "fikra", "sarki", "masal", "hikaye anlat", "hikaye yaz", "hava durumu", "hava nasil",
    "hava bugun", "fenerbahce", "galatasaray", "besiktas", "trabzonspor", "mac skor", "mac kac",
    "bitcoin", "borsa", "dolar", "euro kac", "doviz", "altin fiyat", "eczane", "yemek tarifi", "burc",
    "canim sikiliyor", "sevgilim", "evlenir misin", "kac yasindasin", "robot musun",
    "poem", "joke", "weather", "capital of", "football", "recipe", "horoscope", "who are you",
)  # fmt: skip

# Greeting and thanks words: a message made of nothing else is not a question.
_GREETING_ONLY = _exact(
    "merhaba", "merhabalar", "mrb", "mrhb", "meraba", "selam", "selamlar", "slm", "sa", "selamun aleykum",
    "selamunaleykum", "aleykum selam", "iyi gunler", "iyi aksamlar", "iyi calismalar", "iyi geceler",
    "gunaydin", "kolay gelsin", "nasilsiniz", "naber", "hayirli gunler", "hayirli isler", "hello", "hi",
    "hey", "hiya", "hi there", "hello there", "good morning", "good afternoon", "good evening", "hosca kalin",
    "bye",
)  # fmt: skip
_THANKS_ONLY = _exact(
    "tesekkurler", "tesekkur ederim", "tesekkur ederiz", "tesekkurlerimi", "cok tesekkurler", "tsk", "tskler",
    "tesekkurller", "sagolun", "sag olun", "sagol", "sag ol", "eyvallah", "eyv", "allah razi olsun",
    "thanks", "thank you", "thx", "ty", "cheers", "cok yardimci oldunuz", "yardimci oldunuz",
    "ilginiz icin", "anladim", "tamam", "tamamdir", "tmm", "ok", "okay", "oldu", "super", "harika", "cok",
    "sizlere de", "size de", "much", "very", "helpful", "great",
)  # fmt: skip
_THANKS_WORD = _words("tesekkur", "tsk", "sagol", "sag ol", "eyvallah", "eyv", "thank", "thx", "allah razi")
_FILLER = _exact(
    "ya", "abi", "abla", "hocam", "efendim", "ler", "lar", "bey", "hanim", "canim", "dostum", "and", "so",
    "a", "lot", "guys", "gercekten", "icin", "bunun", "herkese", "hepinize",
)  # fmt: skip


@dataclass(frozen=True)
class GateVerdict:
    """Why the message must go to a person (``reason``), or ``None`` when the bot may try it.

    ``question`` is the message without its greeting and thanks words, for retrieval."""

    reason: str | None
    question: str


def _is_shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.7


def _strip_pleasantries(folded: str) -> str:
    rest = _GREETING_ONLY.sub(" ", folded)
    rest = _THANKS_ONLY.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    return " ".join(rest.split())


def check(text: str) -> GateVerdict:
    """Classify one customer message; the first rule that fires names the reason."""
    folded = search_fold(text)
    raw = " ".join(text.split())
    exclaims = re.findall(r"!{2,}", raw)
    shouting = _is_shouting(raw)
    negative = bool(_NEGATIVE.search(folded) or _DEFECT.search(folded))

    def verdict(reason: str | None) -> GateVerdict:
        return GateVerdict(reason, _strip_pleasantries(folded) if reason is None else folded)

    if _URGENT.search(folded):
        return verdict(URGENT)
    if _INSULT.search(folded) or _SWEAR.search(folded) or _THREAT.search(folded):
        return verdict(ANGRY)
    if (shouting and negative) or (exclaims and (negative or len(exclaims) >= 2 or shouting)):
        return verdict(ANGRY)
    if _IBAN.search(raw) or _CARD_DIGITS.search(raw):
        return verdict(PAYMENT)
    charged = bool(_CHARGED.search(folded))
    if (charged and (_TWICE.search(folded) or _AMOUNT.search(raw) or _STILL_NOT.search(folded))) or (
        charged and re.search(r"\b(?:ama|fakat|ancak|but)\b", folded)
    ):
        return verdict(PAYMENT)
    if _MONEY_OWED.search(folded) or (_AMOUNT.search(raw) and _STILL_NOT.search(folded)):
        return verdict(PAYMENT)
    if re.search(r"\bpara\w*\s+(?:hala\s+)?(?:yatmadi|gelmedi)\b", folded) and _WAITING_FOR.search(
        folded + " " + re.sub(r"\b(\d+)\s*(gun|hafta)\s+oldu\b", r"\1 \2dur", folded)
    ):
        return verdict(PAYMENT)
    if _ACCOUNT.search(folded) or (_CANNOT_SIGN_IN.search(folded) and not _FORGOT.search(folded)):
        return verdict(ACCOUNT)
    if _ORDER_CODE.search(raw) and (_ORDER_WORD.search(folded) or re.search(r"#\s?\d|[A-Z]-?\d", raw)):
        return verdict(SPECIFIC_ORDER)
    if _DATE.search(folded) and _ORDER_WORD.search(folded) and _STILL_NOT.search(folded):
        return verdict(SPECIFIC_ORDER)
    if _DEFECT.search(folded) or _WRONG_ITEM.search(folded) or _REPEAT.search(folded):
        return verdict(COMPLAINT)
    if _STILL_NOT.search(folded) and (_WAITING_FOR.search(folded) or re.search(r"\d+\s*gun\s+oldu", folded)):
        return verdict(SPECIFIC_ORDER if _ORDER_WORD.search(folded) else COMPLAINT)
    if _WAITING_FOR.search(folded) and re.search(r"\bbekli\w*|\bwait\w*", folded):
        return verdict(COMPLAINT)
    if _OFF_TOPIC.search(folded):
        return verdict(OFF_TOPIC)
    rest = _strip_pleasantries(folded)
    if not rest:
        if _THANKS_WORD.search(folded) or re.fullmatch(r"(?:tamam\w*|ok\w*|oldu|tmm)(?:\s+\w+)?", folded):
            return verdict(THANKS)
        return verdict(GREETING)
    return GateVerdict(None, rest)
