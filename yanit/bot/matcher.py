"""The bot's own re-scorer: how well each article answers one customer message.

Search ranks articles for a query typed into a box; a customer's message is different — chatty,
misspelt, words run together, often one of the ways the article's example questions already ask
it. So the bot scores each article by its closest single *question* (the title and every example
question) and by how much of the message the article as a whole covers, on normalised terms:

* words are folded (``search_fold``), colloquial spellings mapped ("nerde" → "nerede"), and cut to
  their first five letters — a plain, well-known stemmer for Turkish that keeps "iade" whole and
  gives "kargom", "kargoya" and "kargo" one term (Snowball's "iade" → "ia" is avoided);
* a word the knowledge base does not know is split into known words ("kapidaodeme") or mapped to
  the known term one typo away ("taksti" → "taksi");
* idf weights come from the workspace's own articles, so store-specific words count most.

Everything is in memory and built once per knowledge base version (see ``yanit.bot.index``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from yanit.bot.glossary import to_turkish
from yanit.core.text import search_fold, tr_lower

STEM_LENGTH = 4
# The start of the body is where an article answers; the rest is detail.
BODY_CHARS = 1500
MAX_MESSAGE_TERMS = 60
# "ne zaman", "nasıl", "var mı" tell apart two articles on one topic, but the topic itself
# ("kargo", "iade", "fatura") must decide first.
QUESTION_WORD_WEIGHT = 0.7

# Words that carry no topic in either language (folded). Question words stay: "ne zaman" and
# "ne kadar" are what separate "kargo kaç günde" from "kargo ücreti".


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOPWORDS = _wordset(
    "mi mu ve ile bir bu su o ben sen biz siz onlar benim bana beni sizin size sizde sizden bizim ya "
    "yada acaba ama fakat ancak icin gibi ki de da daha cok yani simdi lutfen rica ederim peki "
    "merhaba merhabalar selam slm iyi gunler kolay gelsin tesekkurler tesekkur sagolun abi abla hocam "
    "efendim bi sey seyi şey mesela bey hanim the a an is are am be do does did you your i my me we "
    "our it its this that to of for in on at with and or can could would will please hi hello thanks "
    "there any some"
)
_QUESTION_TERMS = frozenset(
    word[:STEM_LENGTH]
    for word in _wordset(
        "ne nasil nerede nereden neden hangi kac zaman kadar var yok when where how what which"
    )
)
# Spellings people type for common words (folded forms), mapped to the dictionary form.
_COLLOQUIAL = {
    "nerde": "nerede",
    "nrde": "nerede",
    "nerden": "nereden",
    "nasi": "nasil",
    "nsl": "nasil",
    "napcam": "ne yapacagim",
    "napmam": "ne yapmam",
    "napayim": "ne yapayim",
    "naptin": "ne yaptin",
    "niye": "neden",
    "niyee": "neden",
    "kac": "kac",
    "bedava": "ucretsiz",
    "bedavami": "ucretsiz",
    "parasiz": "ucretsiz",
    "orjinal": "orijinal",
    "orijnal": "orijinal",
    "sifre": "sifre",
    "parola": "sifre",
    "parolami": "sifre",
    "mail": "eposta",
    "maili": "eposta",
    "mailim": "eposta",
    "email": "eposta",
    "eposta": "eposta",
    "e": "",
    "posta": "eposta",
    "postasi": "eposta",
    "epostasi": "eposta",
    "parasi": "ucret",
    "parasini": "ucret",
    "tl": "",
    "lira": "",
}
# A run-together question particle: "varmi", "olurmu", "yapiyomusunuz".
_GLUED_PARTICLE = re.compile(r"^(\w{3,}?)(mi|mu|misiniz|musunuz|miyim|muyum|misin|musun|mıdır|midir|mudur)$")
_PARTICLE = re.compile(r"(?:mi|mu)(?:yim|yum|sin|sun|siniz|sunuz|yiz|yuz|dir|dur)?")
# Light verbs and helpers that say how, not what: "iade etmek istiyorum" is about "iade".
_LIGHT_VERB = re.compile(
    r"^(?:ist(?:iyor|iyo|er|eme|edi)|et(?:mek|tim|tik|ti|sem|se)$|ed(?:iyor|iyo|ebil|ecek|eceg|er|in)"
    r"|yap(?:mak|mal|iyor|iyo|abil|ti|tim|tik|ilir|ilmi|sam|arsa|acak|acag|mam|in)|ol(?:ur|abil|mak|du|uyor|sa|acak)"
    r"|al(?:ir|abil|mak|iyor|dim|inir|sam|in)|ver(?:ebil|ir|dim|dik|dikten|ince|sem)|gerek|lazim|mumkun|want|would|could|should|need)"
)
_ENGLISH_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


def _english_base(word: str) -> str:
    if len(word) > 4:
        word = _ENGLISH_SUFFIX.sub("", word)
        if len(word) > 3 and word[-1] == word[-2]:
            word = word[:-1]
    return word


def stem(word: str, language: str = "tr") -> str:
    """The matching term of one folded word."""
    if language == "en":
        word = _english_base(word)
    return word[:STEM_LENGTH]


_ASCII_FOLD = str.maketrans(
    {"ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c", "â": "a", "î": "i", "û": "u"}
)
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> list[str]:
    """``search_fold(text).split()``, taking a shortcut for the common all-Turkish-letters case
    (articles are folded in bulk when the index is built)."""
    lowered = tr_lower(text).translate(_ASCII_FOLD)
    if lowered.isascii():
        return _ASCII_WORD.findall(lowered)
    return search_fold(text).split()


# A country (with any suffix: "almanyaya", "hollandadan") is "yurt dışı" to a Turkish store.
_COUNTRY = re.compile(
    r"^(?:almanya|hollanda|ingiltere|fransa|italya|ispanya|amerika|abd|kanada|avusturya|belcika|isvicre|"
    r"isvec|norvec|danimarka|rusya|ukrayna|azerbaycan|gurcistan|kibris|kktc|yunanistan|bulgaristan|"
    r"katar|dubai|japonya|avustralya|polonya|macaristan|romanya|germany|france|netherlands|england|"
    r"canada|usa|europe|avrupa)"
)


def words(text: str) -> list[str]:
    """Folded words with colloquial spellings mapped and stopwords dropped."""
    out: list[str] = []
    for word in fold(text):
        mapped = "yurt disi" if _COUNTRY.match(word) else _COLLOQUIAL.get(word, word)
        for part in mapped.split():
            if part and part not in _STOPWORDS and not _LIGHT_VERB.match(part):
                out.append(part)
    return out


def terms(text: str, language: str = "tr") -> list[str]:
    return [stem(word, language) for word in words(text)]


def _stems(folded_words: Iterable[str], language: str) -> frozenset[str]:
    return frozenset(stem(word, language) for word in folded_words)


@dataclass(frozen=True)
class MatchDoc:
    """What the matcher knows of one article (one language)."""

    article_id: int
    group: str  # the translation group: the Turkish and English versions compete as one
    language: str
    title: str
    summary: str = ""
    body: str = ""
    tags: Sequence[str] = ()
    questions: Sequence[str] = ()


# Field weights of the whole-article coverage: a word in the title or a question says more about
# what the article answers than one in the body.
_FIELD_WEIGHT = {"question": 1.0, "tags": 0.8, "summary": 0.6, "body": 0.3}


@dataclass
class _Indexed:
    doc: MatchDoc
    questions: list[frozenset[str]]
    field_terms: dict[str, frozenset[str]]
    # The strongest weight with which each term appears anywhere in the article.
    term_weight: dict[str, float] = field(default_factory=dict)


class Matcher:
    """Scores a workspace's articles for one message; build once per knowledge base version."""

    def __init__(self, docs: Iterable[MatchDoc], synonyms: Iterable[Sequence[str]] = ()) -> None:
        # A synonym maps each of its terms onto the group's first term, both in articles and in
        # messages, so "gonderi" in a message meets "kargo" in an article.
        self.synonym_of: dict[str, str] = {}
        for group in synonyms:
            group_terms = [t for word in group for t in terms(word)]
            for term in group_terms[1:]:
                if term != group_terms[0]:
                    self.synonym_of.setdefault(term, group_terms[0])
        self.docs: list[_Indexed] = []
        # A word in an article's body counts for less than one in its questions, so "fatura"
        # mentioned in passing elsewhere stays a strong sign of the invoice articles.
        document_frequency: defaultdict[str, float] = defaultdict(float)
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        # Whole words as written in the articles, for splitting run-together messages.
        self.known_words: set[str] = set()
        for doc in docs:
            indexed = self._index(doc)
            for term, weight in indexed.term_weight.items():
                document_frequency[term] += weight
                self.postings[term].append(len(self.docs))
            self.docs.append(indexed)
        count = max(len(self.docs), 1)
        self.idf = {t: math.log(1 + count / df) for t, df in document_frequency.items()}
        self.default_idf = math.log(1 + count)
        self.vocabulary = frozenset(self.idf)
        self._known_by_initial: dict[str, list[str]] = {}
        for known in self.known_words:
            if len(known) >= 5:
                self._known_by_initial.setdefault(known[:1], []).append(known)
        self._resolve = lru_cache(maxsize=4096)(self._resolve_uncached)

    def _index(self, doc: MatchDoc) -> _Indexed:
        lang = doc.language
        question_words = [words(q) for q in (doc.title, *doc.questions)]
        tag_words = words(" ".join(doc.tags))
        summary_words = words(doc.summary)
        for group in (*question_words, tag_words, summary_words):
            self.known_words.update(group)
        questions = [self._with_synonyms(_stems(q, lang)) for q in question_words if q]
        fields = {
            "question": frozenset().union(*questions) if questions else frozenset(),
            "tags": self._with_synonyms(_stems(tag_words, lang)),
            "summary": self._with_synonyms(_stems(summary_words, lang)),
            "body": self._with_synonyms(_stems(words(doc.body[:BODY_CHARS]), lang)),
        }
        indexed = _Indexed(doc, questions, fields)
        for name, field_terms in fields.items():
            weight = _FIELD_WEIGHT[name]
            for term in field_terms:
                if indexed.term_weight.get(term, 0.0) < weight:
                    indexed.term_weight[term] = weight
        return indexed

    def _with_synonyms(self, stems: frozenset[str]) -> frozenset[str]:
        if not self.synonym_of:
            return stems
        return stems | {self.synonym_of[t] for t in stems if t in self.synonym_of}

    # -- message analysis ------------------------------------------------------------------------

    def message_terms(self, text: str, language: str = "tr") -> list[str]:
        """The message's terms, each resolved against this knowledge base's vocabulary."""
        out: list[str] = []
        for word in words(text)[:MAX_MESSAGE_TERMS]:
            out.extend(self._resolve(word, language))
        seen: set[str] = set()
        unique = []
        for term in out:
            term = self.synonym_of.get(term, term)
            if term not in seen:
                seen.add(term)
                unique.append(term)
        return unique

    def _resolve_uncached(self, word: str, language: str) -> tuple[str, ...]:
        term = stem(word, language)
        if len(word) >= 8 and word not in self.known_words:
            split = self._split(word, language)
            if split and len(split) > 1:
                return split
        if term in self.vocabulary or len(word) < 3:
            return (term,)
        glued = _GLUED_PARTICLE.match(word)
        if glued and stem(glued.group(1), language) in self.vocabulary:
            return (stem(glued.group(1), language),)
        split = self._split(word, language)
        if split:
            return split
        near = self._near(word, language)
        return (near or term,)

    def _split(self, word: str, language: str, depth: int = 0) -> tuple[str, ...] | None:
        """Words typed without spaces ("kargoucretinekadar"): the longest known word first, then
        the rest split the same way, at most four parts."""
        if depth > 3:
            return None
        for cut in range(len(word) - 2, 1, -1):
            head, tail = word[:cut], word[cut:]
            if head not in self.known_words:
                continue
            head_term = stem(head, language)
            if tail in _STOPWORDS or _PARTICLE.fullmatch(tail):
                return (head_term,)
            if tail in self.known_words:
                return (head_term, stem(tail, language))
            rest = self._split(tail, language, depth + 1)
            if rest:
                return (head_term, *rest)
        return None

    def _near(self, word: str, language: str) -> str | None:
        """The term of a word the articles use that is one typing slip away from ``word``
        ("odmee" → "odeme"); whole words are compared, so short stems do not drift."""
        if len(word) < 5:
            return None
        best: str | None = None
        best_idf = 0.0
        for candidate in self._known_by_initial.get(word[:1], ()):
            if len(candidate) != len(word) and min(len(candidate), len(word)) < 6:
                continue  # "hasta" is not "hata" with a slip
            if abs(len(candidate) - len(word)) > 1 or not _within_one_edit(word, candidate):
                continue
            term = stem(candidate, language)
            if self.idf.get(term, 0.0) > best_idf:
                best, best_idf = term, self.idf[term]
        return best

    # -- scoring ---------------------------------------------------------------------------------

    def score(self, text: str, language: str = "tr") -> list[tuple[MatchDoc, float, float]]:
        """Every article that shares a term with the message: (doc, score in [0, 1], reach), best
        first; reach is the idf-weighted share of the message's terms found anywhere in the
        article. An English message is scored as written and in its Turkish rendering; each
        article keeps the better of the two."""
        results = self._score(self.message_terms(text, language), language)
        if language == "en":
            turkish = to_turkish(text)
            if turkish:
                best = {doc.article_id: (doc, value, covered) for doc, value, covered in results}
                for doc, value, covered in self._score(self.message_terms(turkish, "tr"), "tr"):
                    value *= 0.95  # a translation is less certain than the customer's own words
                    if value > best.get(doc.article_id, (doc, -1.0, 0.0))[1]:
                        best[doc.article_id] = (doc, value, covered)
                results = sorted(best.values(), key=lambda row: (-row[1], row[0].article_id))
        return results

    def _score(self, query: list[str], language: str) -> list[tuple[MatchDoc, float, float]]:
        if not query:
            return []
        weights = {
            t: self.idf.get(t, self.default_idf) * (QUESTION_WORD_WEIGHT if t in _QUESTION_TERMS else 1.0)
            for t in query
        }
        total = sum(weights.values())
        results: list[tuple[MatchDoc, float, float]] = []
        positions = sorted({p for t in query for p in self.postings.get(t, ())})
        for indexed in (self.docs[p] for p in positions):
            covered = [t for t in query if t in indexed.term_weight]
            if not covered:
                continue
            coverage = sum(weights[t] * indexed.term_weight[t] for t in covered) / total
            best_question = 0.0
            for question in indexed.questions:
                shared = sum(weights[t] for t in query if t in question)
                if not shared:
                    continue
                own = sum(self.idf.get(t, self.default_idf) for t in question)
                recall = shared / total
                precision = shared / own if own else 0.0
                # Recall counts more: a message may add context the question does not have.
                f_score = 1.25 * precision * recall / (0.25 * precision + recall)
                best_question = max(best_question, f_score)
            value = 0.55 * best_question + 0.45 * coverage
            if indexed.doc.language != language:
                value *= 0.9
            reach = sum(weights[t] for t in covered) / total
            results.append((indexed.doc, value, round(reach, 4)))
        results.sort(key=lambda row: (-row[1], row[0].article_id))
        return results

    def knows_any(self, text: str, language: str = "tr") -> bool:
        """Whether any word of the message is in this knowledge base's vocabulary at all."""
        return any(t in self.vocabulary for t in self.message_terms(text, language))


# Neighbouring keys of a Turkish Q keyboard (folded): a substituted letter counts as a typo only
# when the finger slipped to a neighbour, so "kaego" finds "kargo" but "hatt" does not become "hati".
_KEY_ROWS = ("qwertyuiopgu", "asdfghjklsi", "zxcvbnmoc")
_NEIGHBOURS: dict[str, set[str]] = defaultdict(set)
for _row in _KEY_ROWS:
    for _i, _key in enumerate(_row):
        _NEIGHBOURS[_key].update(_row[max(_i - 1, 0) : _i] + _row[_i + 1 : _i + 2])
for _upper, _lower in itertools.pairwise(_KEY_ROWS):
    for _i, _key in enumerate(_upper[: len(_lower)]):
        _NEIGHBOURS[_key].add(_lower[_i])
        _NEIGHBOURS[_lower[_i]].add(_key)


def _within_one_edit(a: str, b: str) -> bool:
    """One typing slip apart: a neighbouring key, two letters swapped, one letter doubled or left out."""
    if a == b:
        return True
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return b[diffs[0]] in _NEIGHBOURS[a[diffs[0]]]
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    if len(a) > len(b):
        a, b = b, a
    return any(a == b[:i] + b[i + 1 :] for i in range(len(b)))
