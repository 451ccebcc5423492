"""The in-memory search index of one workspace's articles, and its per-process cache.

Built in Python from the database (so ranking is the same on SQLite and PostgreSQL) and rebuilt
when ``yanit.kb.index_state.current`` moves: one cheap query per search tells a process that
another one changed an article.

Scoring is BM25F: each article field counts with a weight (title and example questions most,
body least) and a length normalisation, and the per-term contribution is computed once at build
time, so a query only adds precomputed numbers.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from yanit.kb.search.analyzer import terms
from yanit.kb.search.synonyms import SynonymTable, build_table, workspace_groups

# field → (weight, length normalisation b)
FIELDS: dict[str, tuple[float, float]] = {
    "title": (3.0, 0.3),
    "examples": (3.0, 0.3),
    "tags": (2.0, 0.0),
    "skus": (2.0, 0.0),
    "summary": (1.0, 0.6),
    "body": (0.6, 0.75),
}
# Higher than the usual 1.2: a word repeated all over a long body should not catch up with the
# same word once in the title.
K1 = 2.0
MAX_PREFIX_EXPANSIONS = 12
MAX_FUZZY_EXPANSIONS = 8


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    id: int
    language: str
    translation_group: str
    slug: str
    title: str
    summary: str
    body_text: str
    category_id: int | None
    status: str
    bot_enabled: bool


@dataclass
class WorkspaceIndex:
    """Everything a query needs, for one workspace and one visibility (published / all)."""

    version: int
    articles: dict[int, IndexedArticle]
    # term → {article id: saturated, weighted term frequency in [0, 1)}
    postings: dict[str, dict[int, float]]
    idf: dict[str, float]
    synonyms: SynonymTable
    vocabulary: list[str]  # sorted word terms (no concept terms), for prefix lookups
    bigrams: dict[str, list[str]] = field(default_factory=dict)  # for typo candidates
    # article id → the terms (and synonym concepts) of its title and of each example question
    questions: dict[int, list[frozenset[str]]] = field(default_factory=dict)
    fuzzy_cache: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    language_cache: dict[str, set[int]] = field(default_factory=dict)
    prefix_cache: dict[str, list[str]] = field(default_factory=dict)
    build_seconds: float = 0.0

    def prefix_matches(self, term: str) -> list[str]:
        """Vocabulary terms that start with ``term`` (longer than it), the most widely used
        first, at most ``MAX_PREFIX_EXPANSIONS``."""
        cached = self.prefix_cache.get(term)
        if cached is not None:
            return cached
        found: list[str] = []
        for position in range(bisect_left(self.vocabulary, term), len(self.vocabulary)):
            candidate = self.vocabulary[position]
            if not candidate.startswith(term):
                break
            if candidate != term:
                found.append(candidate)
        found.sort(key=lambda word: (-len(self.postings[word]), word))
        result = found[:MAX_PREFIX_EXPANSIONS]
        if len(self.prefix_cache) > 4096:
            self.prefix_cache.clear()
        self.prefix_cache[term] = result
        return result

    def typo_matches(self, term: str) -> tuple[tuple[str, int], ...]:
        """Vocabulary terms within one edit (two for words of seven letters or more), with the
        distance; a swap of neighbouring letters ("kagro") counts as one edit."""
        cached = self.fuzzy_cache.get(term)
        if cached is not None:
            return cached
        limit = 1 if len(term) < 7 else 2
        grams = _bigrams(term)
        shared: dict[str, int] = {}
        for gram in grams:
            for candidate in self.bigrams.get(gram, ()):
                shared[candidate] = shared.get(candidate, 0) + 1
        # Each edit breaks at most two bigrams (plus the padding ones); skip the hopeless.
        needed = max(1, len(grams) - 2 * limit - 1)
        found = []
        for candidate, count in shared.items():
            if count < needed or abs(len(candidate) - len(term)) > limit or candidate == term:
                continue
            distance = edit_distance(term, candidate, limit)
            if distance <= limit:
                found.append((candidate, distance))
        found.sort(key=lambda pair: (pair[1], -len(self.postings[pair[0]]), pair[0]))
        result = tuple(found[:MAX_FUZZY_EXPANSIONS])
        if len(self.fuzzy_cache) > 4096:
            self.fuzzy_cache.clear()
        self.fuzzy_cache[term] = result
        return result


def _bigrams(term: str) -> set[str]:
    padded = f"^{term}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), or
    ``limit + 1`` as soon as it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _phrase(text: str, language: str, synonyms: SynonymTable) -> frozenset[str]:
    term_seq = terms(text, language)
    found = set(term_seq)
    for concepts in synonyms.concepts(term_seq):
        found.update(concepts)
    return frozenset(found)


def build(
    version: int,
    rows: Iterable[dict[str, Any]],
    examples: dict[int, list[str]],
    synonym_groups: Iterable[Iterable[str]],
) -> WorkspaceIndex:
    """Index article rows (``values()`` of Article) with their example questions."""
    import time

    started = time.perf_counter()
    synonyms = build_table([list(group) for group in synonym_groups])
    articles: dict[int, IndexedArticle] = {}
    # field → article id → term → count; and field → article id → length
    counts: dict[str, dict[int, dict[str, int]]] = {name: {} for name in FIELDS}
    lengths: dict[str, dict[int, int]] = {name: {} for name in FIELDS}
    questions: dict[int, list[frozenset[str]]] = {}
    for row in rows:
        article = IndexedArticle(
            id=row["id"],
            language=row["language"],
            translation_group=str(row["translation_group"]),
            slug=row["slug"],
            title=row["title"],
            summary=row["summary"] or "",
            body_text=row["body_text"] or "",
            category_id=row["category_id"],
            status=row["status"],
            bot_enabled=row["bot_enabled"],
        )
        articles[article.id] = article
        texts = {
            "title": article.title,
            "examples": "\n".join(examples.get(article.id, [])),
            "tags": " ".join(str(tag) for tag in row["tags"] or []),
            "skus": " ".join(str(sku) for sku in row["skus"] or []),
            "summary": article.summary,
            "body": article.body_text,
        }
        for name, text in texts.items():
            term_seq = terms(text, article.language)
            bag: dict[str, int] = {}
            for term, concepts in zip(term_seq, synonyms.concepts(term_seq), strict=True):
                bag[term] = bag.get(term, 0) + 1
                for concept in concepts:
                    bag[concept] = bag.get(concept, 0) + 1
            counts[name][article.id] = bag
            lengths[name][article.id] = len(term_seq)
        questions[article.id] = [
            _phrase(text, article.language, synonyms)
            for text in [article.title, *examples.get(article.id, [])]
        ]

    total = len(articles)
    averages = {name: (sum(lengths[name].values()) / total if total else 0.0) or 1.0 for name in FIELDS}
    weighted: dict[str, dict[int, float]] = {}
    for name, (weight, b) in FIELDS.items():
        for article_id, bag in counts[name].items():
            norm = 1 - b + b * lengths[name][article_id] / averages[name]
            for term, count in bag.items():
                per_term = weighted.setdefault(term, {})
                per_term[article_id] = per_term.get(article_id, 0.0) + weight * count / norm
    postings: dict[str, dict[int, float]] = {}
    idf: dict[str, float] = {}
    for term, per_article in weighted.items():
        postings[term] = {aid: tf / (K1 + tf) for aid, tf in per_article.items()}
        df = len(per_article)
        idf[term] = math.log(1 + (total - df + 0.5) / (df + 0.5))
    vocabulary = sorted(term for term in postings if not term.startswith("~"))
    bigrams: dict[str, list[str]] = {}
    for term in vocabulary:
        for gram in _bigrams(term):
            bigrams.setdefault(gram, []).append(term)
    return WorkspaceIndex(
        version=version,
        articles=articles,
        postings=postings,
        idf=idf,
        synonyms=synonyms,
        vocabulary=vocabulary,
        bigrams=bigrams,
        questions=questions,
        build_seconds=time.perf_counter() - started,
    )


ARTICLE_FIELDS = (
    "id",
    "language",
    "translation_group",
    "slug",
    "title",
    "summary",
    "body_text",
    "category_id",
    "status",
    "bot_enabled",
    "tags",
    "skus",
)


def load(workspace_id: int, *, include_drafts: bool, version: int) -> WorkspaceIndex:
    """Read the workspace's articles from the database and index them."""
    from yanit.kb.models import Article, ExampleQuestion

    articles = Article.objects.filter(workspace_id=workspace_id)
    if not include_drafts:
        articles = articles.filter(status=Article.Status.PUBLISHED)
    rows = list(articles.order_by("id").values(*ARTICLE_FIELDS))
    ids = [row["id"] for row in rows]
    examples: dict[int, list[str]] = {}
    if ids:
        for article_id, text in (
            ExampleQuestion.objects.filter(workspace_id=workspace_id, article__in=articles)
            .order_by("id")
            .values_list("article_id", "text")
        ):
            examples.setdefault(article_id, []).append(text)
    return build(version, rows, examples, workspace_groups(workspace_id))


MAX_CACHED = 64
_cache: OrderedDict[tuple[int, bool], WorkspaceIndex] = OrderedDict()
_lock = threading.Lock()


def current_version(workspace_id: int) -> int:
    """``yanit.kb.index_state.current`` as one plain SQL statement: it runs before every search,
    and building the ORM query costs more than the query itself."""
    from django.db import connection

    from yanit.kb.models import KbIndexState

    table = connection.ops.quote_name(KbIndexState._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE workspace_id = %s", [workspace_id])  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def get(workspace_id: int, *, include_drafts: bool = False) -> WorkspaceIndex:
    """The workspace's index, rebuilt if the knowledge base changed since this process built it."""
    version = current_version(workspace_id)
    key = (workspace_id, include_drafts)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.version == version:
            _cache.move_to_end(key)
            return cached
    fresh = load(workspace_id, include_drafts=include_drafts, version=version)
    with _lock:
        _cache[key] = fresh
        _cache.move_to_end(key)
        while len(_cache) > MAX_CACHED:
            _cache.popitem(last=False)
    return fresh


def forget_all() -> None:
    """Drop every cached index of this process (tests use it to act as a fresh process)."""
    with _lock:
        _cache.clear()
