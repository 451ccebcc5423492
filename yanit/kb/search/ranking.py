"""Turning a query into weighted terms and scoring articles with them.

Each distinct query term is a *slot*. A slot matches an article through the best of:

=========================================  ======
the term itself                            1.00
a longer word starting with it ("sipar")   0.80 (0.65 if more than three letters longer) (*)
a shorter indexed word it starts with      0.75
a synonym group it belongs to              0.85
a word one typo away ("kagro" → kargo)     0.60 (two typos: 0.45)
=========================================  ======

(*) for the last word of a search typed so far, from three letters; otherwise from five letters and
at most three letters longer ("kal" from "kaldı" must not reach "kalıp").

The *coverage* of an article is ``Σ idf(slot) · weight · tf(slot, article) / Σ idf(slot)``, where
``tf`` is the article's saturated, field-weighted BM25F frequency in [0, 1): the share of the
query's information the article covers — about 0.6 when every word is once in the title, about
0.2 when every word is once in a normal-length body, lower when words of the query are not in the
article (words found in no article at all still count, with the highest idf, so a question about
something the knowledge base does not mention stays low).

The *question match* (``with_question_match``) is how closely the query matches the title or one
example question as a whole, 1 when it is that question. An article's score is
``0.8 · coverage + 0.2 · question match``, between 0 and 1; equal scores go to the lower id.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from yanit.kb.search.analyzer import Token
from yanit.kb.search.index import WorkspaceIndex

EXACT = 1.0
PREFIX_NEAR = 0.8
PREFIX_FAR = 0.65
SHORTER = 0.75
SYNONYM = 0.85
TYPO = (0.0, 0.6, 0.45)
MIN_SHORTER_PREFIX = 4
QUESTION_BLEND = 0.2
MIN_LONGER_PREFIX = 5


@dataclass(frozen=True, slots=True)
class Slot:
    term: str
    idf: float
    expansions: dict[str, float]  # index term → weight


def query_slots(
    index: WorkspaceIndex, query_tokens: list[Token], max_slots: int, *, typing: bool = False
) -> list[Slot]:
    """The query's slots. ``typing``: the last word may be unfinished (search as you type), so
    any longer word starting with it counts; otherwise only words of five letters or more
    reach longer words, and at most three letters longer."""
    term_seq = [token.term for token in query_tokens]
    concepts = index.synonyms.concepts(term_seq)
    unknown_idf = math.log(1 + (len(index.articles) + 0.5) / 0.5)
    slots: dict[str, Slot] = {}
    for position, term in enumerate(term_seq):
        if term in slots:
            for concept in concepts[position]:
                slots[term].expansions.setdefault(concept, SYNONYM)
            continue
        if len(slots) >= max_slots:
            break
        expansions = _expand(index, term, typing and position == len(term_seq) - 1)
        for concept in concepts[position]:
            expansions[concept] = max(expansions.get(concept, 0.0), SYNONYM)
        for expanded, weight in list(expansions.items()):
            if expanded.startswith("~"):
                continue
            for concept in index.synonyms.by_term.get(expanded, ()):
                expansions[concept] = max(expansions.get(concept, 0.0), SYNONYM * weight)
        expansions = {name: weight for name, weight in expansions.items() if name in index.postings}
        if term in index.idf:
            idf = index.idf[term]
        elif expansions:
            idf = max(index.idf.get(name, unknown_idf) for name in expansions)
        else:
            idf = unknown_idf
        slots[term] = Slot(term, idf, expansions)
    return list(slots.values())


def _expand(index: WorkspaceIndex, term: str, unfinished: bool) -> dict[str, float]:
    expansions: dict[str, float] = {}
    if term in index.postings:
        expansions[term] = EXACT
    if len(term) >= (3 if unfinished else MIN_LONGER_PREFIX):
        for longer in index.prefix_matches(term):
            near = len(longer) - len(term) <= 3
            if near or unfinished:
                weight = PREFIX_NEAR if near else PREFIX_FAR
                expansions[longer] = max(expansions.get(longer, 0.0), weight)
    for length in range(len(term) - 1, MIN_SHORTER_PREFIX - 1, -1):
        shorter = term[:length]
        if shorter in index.postings:
            expansions[shorter] = max(expansions.get(shorter, 0.0), SHORTER)
    if term not in index.postings and len(term) >= 4 and term.isalpha():
        for close, distance in index.typo_matches(term):
            expansions[close] = max(expansions.get(close, 0.0), TYPO[distance])
    return expansions


def score(index: WorkspaceIndex, slots: list[Slot], candidates: set[int] | None) -> dict[int, float]:
    """Article id → score in [0, 1) for the articles any slot matches (within ``candidates``)."""
    total_idf = sum(slot.idf for slot in slots)
    if not total_idf:
        return {}
    scores: dict[int, float] = {}
    postings = index.postings
    for slot in slots:
        best: dict[int, float] = {}
        # Strongest expansion first: its values are copied; weaker ones only fill gaps or beat them.
        for term, weight in sorted(slot.expansions.items(), key=lambda pair: -pair[1]):
            per_article = postings.get(term)
            if not per_article:
                continue
            if not best:
                best = {article_id: weight * tf for article_id, tf in per_article.items()}
                continue
            get = best.get
            for article_id, tf in per_article.items():
                value = weight * tf
                if value > get(article_id, 0.0):
                    best[article_id] = value
        idf = slot.idf
        if candidates is not None and len(candidates) < len(index.articles):
            best = {article_id: value for article_id, value in best.items() if article_id in candidates}
        for article_id, value in best.items():
            scores[article_id] = scores.get(article_id, 0.0) + idf * value
    return {article_id: value / total_idf for article_id, value in scores.items()}


def with_question_match(
    index: WorkspaceIndex, slots: list[Slot], scores: dict[int, float], shortlist: int = 40
) -> dict[int, float]:
    """Blend in how closely the query matches the title or one example question as a whole.

    For the ``shortlist`` best articles (the only ones returned): the best, over the title and
    each example question, of
    idf(query words it has) / (idf(all query words) + idf(its words the query lacks)) — 1 when
    the query *is* the question, whatever else the article says. The final score is
    ``(1 - QUESTION_BLEND) · coverage + QUESTION_BLEND · that``, still in [0, 1).
    """
    if not scores:
        return scores
    total_idf = sum(slot.idf for slot in slots)
    covered = {term for slot in slots for term in slot.expansions}
    top = heapq.nsmallest(shortlist, scores.items(), key=lambda pair: (-pair[1], pair[0]))
    # Only the shortlist comes back: an article below it scores at most (1 - blend) · its
    # coverage, never more than any article on it.
    blended: dict[int, float] = {}
    for article_id, value in top:
        best = 0.0
        for phrase in index.questions.get(article_id, ()):
            have = 0.0
            for slot in slots:
                weight = 0.0
                for term in phrase:
                    found = slot.expansions.get(term, 0.0)
                    if found > weight:
                        weight = found
                have += slot.idf * weight
            if not have:
                continue
            lacking = 0.0
            for term in phrase:
                if term not in covered and not term.startswith("~"):
                    lacking += index.idf.get(term, 0.0)
            best = max(best, have / (total_idf + lacking))
        blended[article_id] = (1 - QUESTION_BLEND) * value + QUESTION_BLEND * best
    return blended


def matched_terms(index: WorkspaceIndex, slots: list[Slot], article_id: int) -> set[str]:
    """The index terms of the query that occur in the article (for highlighting); a synonym
    group counts with every single word of it."""
    found: set[str] = set()
    for slot in slots:
        for term in slot.expansions:
            if article_id not in index.postings.get(term, {}):
                continue
            if term.startswith("~"):
                found.update(index.synonyms.words.get(term, ()))
            else:
                found.add(term)
    return found


def language_candidates(index: WorkspaceIndex, language: str | None) -> set[int] | None:
    """Articles a query in ``language`` may return: that language's, and for a translation group
    without one, its Turkish article (or, failing that, any). ``None`` = every article."""
    if language is None:
        return None
    cached = index.language_cache.get(language)
    if cached is not None:
        return cached
    by_group: dict[str, dict[str, int]] = {}
    for article in index.articles.values():
        by_group.setdefault(article.translation_group, {})[article.language] = article.id
    chosen: set[int] = set()
    for versions in by_group.values():
        if language in versions:
            chosen.add(versions[language])
        elif "tr" in versions:
            chosen.add(versions["tr"])
        else:
            chosen.add(versions[min(versions)])
    index.language_cache[language] = chosen
    return chosen


def best_per_group(index: WorkspaceIndex, scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best, highest score first, one article per translation group, ties broken by
    article id."""
    key = lambda pair: (-pair[1], pair[0])  # noqa: E731
    # A group has at most two languages, so twice the limit always holds enough groups.
    ordered = heapq.nsmallest(2 * limit, scores.items(), key=key)
    seen: set[str] = set()
    out: list[tuple[int, float]] = []
    for article_id, value in ordered:
        group = index.articles[article_id].translation_group
        if group in seen:
            continue
        seen.add(group)
        out.append((article_id, value))
        if len(out) == limit:
            break
    return out
