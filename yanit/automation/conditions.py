"""Compiling a rule's conditions into predicates over a ``Context``.

Compiled once per rule and cached (``engine.compiled_rules``): keyword lists are folded and
joined into one regular expression at compile time, so an inbound message costs one folding
of its text and one regex search per keyword condition.

Keyword matching is Turkish-aware and word-start anchored: both sides go through
``search_fold`` (İ/ı/I/i equal, diacritics dropped), a keyword must begin at the start of a word
and may be followed by suffixes — Turkish adds suffixes, so "kargo" matches "kargom" and
"kargoya", while "ade" does not match "iade" and "argo" does not match "kargo". A phrase
("param iade") matches its words in a row, each word also taking suffixes ("paramı iade").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from typing import Any

from django.db import connection

from yanit.contacts.models import Contact
from yanit.conversations.models import PRIORITY_BY_NAME, Attachment, Conversation, Message, Tag
from yanit.core.fastload import column, get_joined_with, table
from yanit.core.text import search_fold

Predicate = Callable[["Context"], bool]

# Angry-message heuristics: shouting in capitals or piling up exclamation marks.
SHOUT_MIN_LETTERS = 8
SHOUT_UPPER_SHARE = 0.7
SHOUT_EXCLAMATIONS = 3
RECENT_DAYS = 7


@dataclass
class Context:
    """What conditions look at. Expensive parts load lazily, once per evaluation."""

    conversation: Conversation
    message: Message | None = None
    now: datetime | None = None
    sla_metric: str = ""
    # Folded field values by their raw text, so 50 rules looking at the subject fold it once;
    # keyed by the text itself, so the cache stays right when the conversation changes.
    folds: dict[str, str] = field(default_factory=dict)
    # Facts read together with the conversation (the rules engine does); loaded lazily otherwise.
    preloaded: Facts | None = None

    def folded(self, raw: str) -> str:
        value = self.folds.get(raw)
        if value is None:
            value = self.folds[raw] = search_fold(raw)
        return value

    def after_change(self, conversation: Conversation, facts: Facts | None = None) -> Context:
        """A context for the same message on ``conversation`` as re-read after a rule changed it.

        What only depends on the message, the contact or text already folded is kept, so each
        later rule doesn't pay those queries again; what depends on the conversation's state
        (tags, team, waiting time) is looked up again when a rule asks for it.
        """
        fresh = Context(
            conversation=conversation,
            message=self.message,
            now=self.now,
            sla_metric=self.sla_metric,
            preloaded=facts,
        )
        fresh.folds = self.folds
        kept = ["text", "folded_text", "shouting"]
        if conversation.contact_id == self.conversation.contact_id:
            kept.append("language")
        if conversation.team_id == self.conversation.team_id:
            kept.append("is_open")
        for name in kept:
            if name in self.__dict__:
                fresh.__dict__[name] = self.__dict__[name]
        return fresh

    @cached_property
    def contact(self) -> Contact:
        return self.conversation.contact

    @cached_property
    def text(self) -> str:
        return self.message.text if self.message is not None else ""

    @cached_property
    def folded_text(self) -> str:
        return search_fold(self.text)

    @cached_property
    def shouting(self) -> bool:
        return is_shouting(self.text)

    # What rules ask about beyond the loaded rows (tags, waiting messages, the contact's recent
    # conversations, attachments) comes from one hand-written statement (yanit.core.fastload):
    # on PostgreSQL each round trip costs about a millisecond, and a queryset's compilation ten
    # times the query. Identifiers come from the models' metadata and values are bound.

    @property
    def tag_names(self) -> frozenset[str]:
        return self._facts.tag_names

    @property
    def has_attachment(self) -> bool:
        return self._facts.has_attachment

    @property
    def unanswered(self) -> int:
        return self._facts.unanswered

    @property
    def recent_conversations(self) -> int:
        return self._facts.recent_conversations

    @cached_property
    def _facts(self) -> Facts:
        if self.preloaded is not None:
            return self.preloaded
        return load_facts(self.conversation, self.message, self._now)

    @cached_property
    def is_open(self) -> bool:
        from yanit.sla.clock import is_open
        from yanit.sla.schedules import schedule_for

        schedule = schedule_for(self.conversation.workspace_id, self.conversation.team_id)
        if schedule is None:
            return True  # no business hours set up: always open
        return is_open(schedule, self._now)

    @cached_property
    def language(self) -> str:
        from yanit.replies.services.variables import conversation_language

        return conversation_language(self.conversation)

    @property
    def _now(self) -> datetime:
        from django.utils import timezone

        return self.now or timezone.now()


@dataclass(frozen=True)
class Facts:
    tag_names: frozenset[str]
    has_attachment: bool
    unanswered: int
    recent_conversations: int


TAG_SEPARATOR = "\x1f"  # the ASCII unit separator: never part of a tag name


# The condition fields answered by ``Facts`` (one statement beyond the loaded rows).
FACT_FIELDS = frozenset({"tags", "has_attachment", "unanswered_messages", "recent_conversations"})


def facts_select(conversation: str, message_id: int | None, now: datetime) -> tuple[str, list[Any]]:
    """The expressions ``Facts`` are made of, as scalar subqueries over the conversation row aliased
    ``conversation`` in a ``fastload`` joined statement, with their parameters."""
    params = [
        TAG_SEPARATOR,
        message_id or 0,
        *(Message.Direction.IN.value, Message.Kind.MESSAGE.value, now),
        now - timedelta(days=RECENT_DAYS),
    ]
    return _facts_sql(conversation, connection.vendor), params


@lru_cache(maxsize=16)
def _facts_sql(conversation: str, vendor: str) -> str:
    # Built once per alias and database: this runs for every inbound message.
    through = Conversation.tags.through
    aggregate = "string_agg" if vendor == "postgresql" else "group_concat"
    tags = (
        f"SELECT {aggregate}(t.{column(Tag, 'name')}, %s) FROM {table(Tag)} t"  # noqa: S608
        f" JOIN {table(through)} ct ON ct.{column(through, 'tag')} = t.{column(Tag, 'id')}"
        f" WHERE ct.{column(through, 'conversation')} = {conversation}.{column(Conversation, 'id')}"
    )
    attachment = f"SELECT COUNT(*) FROM {table(Attachment)} WHERE {column(Attachment, 'message')} = %s"  # noqa: S608
    waiting = (
        f"SELECT COUNT(*) FROM {table(Message)} m"  # noqa: S608
        f" WHERE m.{column(Message, 'conversation')} = {conversation}.{column(Conversation, 'id')}"
        f" AND m.{column(Message, 'direction')} = %s AND m.{column(Message, 'kind')} = %s"
        f" AND m.{column(Message, 'created_at')}"
        f" >= COALESCE({conversation}.{column(Conversation, 'waiting_since')}, %s)"
    )
    recent = (
        f"SELECT COUNT(*) FROM {table(Conversation)} c"  # noqa: S608
        f" WHERE c.{column(Conversation, 'contact')} = {conversation}.{column(Conversation, 'contact')}"
        f" AND c.{column(Conversation, 'created_at')} >= %s"
    )
    return f"({tags}), ({attachment}), ({waiting}), ({recent})"


def facts_from(values: tuple[Any, ...], conversation: Conversation) -> Facts:
    names, attachments, waiting_count, recent_count = values
    return Facts(
        tag_names=frozenset(search_fold(name) for name in (names or "").split(TAG_SEPARATOR) if name),
        has_attachment=bool(attachments),
        unanswered=int(waiting_count) if conversation.waiting_since is not None else 0,
        recent_conversations=int(recent_count),
    )


def load_facts(conversation: Conversation, message: Message | None, now: datetime) -> Facts:
    """Everything conditions ask beyond the loaded rows, in one statement (the rules engine reads
    them with the rows themselves; this is for a context built without them)."""
    extra, params = facts_select("t0", message.pk if message is not None else None, now)
    found = get_joined_with(Conversation, conversation.pk, (), extra, params)
    if found is None:
        return Facts(tag_names=frozenset(), has_attachment=False, unanswered=0, recent_conversations=0)
    return facts_from(found[1], found[0])


def keyword_pattern(keywords: list[str]) -> re.Pattern[str] | None:
    """One regex for a keyword list over folded text; None when nothing is left after folding."""
    parts = []
    for keyword in keywords:
        words = search_fold(keyword).split()
        if words:
            parts.append(r"\w* ".join(re.escape(w) for w in words))
    if not parts:
        return None
    # Longest first, so a phrase wins over its first word in the reported match.
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def is_shouting(text: str) -> bool:
    if text.count("!") >= SHOUT_EXCLAMATIONS:
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < SHOUT_MIN_LETTERS:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= SHOUT_UPPER_SHARE


def _text_predicate(op: str, value: Any, get: Callable[[Context], str]) -> Predicate:
    if op == "is_set":
        return lambda ctx: bool(get(ctx).strip())
    if op == "is_not_set":
        return lambda ctx: not get(ctx).strip()
    wanted = search_fold(str(value))
    if op == "equals":
        return lambda ctx: ctx.folded(get(ctx)) == wanted
    pattern = keyword_pattern([str(value)])
    if pattern is None:
        return lambda ctx: False
    return lambda ctx: pattern.search(ctx.folded(get(ctx))) is not None


def _attribute(ctx: Context, key: str) -> str:
    value = (ctx.contact.attributes or {}).get(key)
    return "" if value is None else str(value)


def compile_condition(row: dict[str, Any]) -> Predicate:
    name, op = row["field"], row["op"]
    value: Any = row.get("value")
    if name == "message_text":
        if op == "matches":
            regex = re.compile(value)
            return lambda ctx: regex.search(ctx.folded_text) is not None or regex.search(ctx.text) is not None
        pattern = keyword_pattern(value if isinstance(value, list) else [value])
        if pattern is None:
            return lambda ctx: op == "not_contains_any"
        if op == "not_contains_any":
            return lambda ctx: pattern.search(ctx.folded_text) is None
        return lambda ctx: pattern.search(ctx.folded_text) is not None
    if name == "message_shouting":
        return lambda ctx: ctx.shouting == (op == "is_true")
    if name == "has_attachment":
        return lambda ctx: ctx.has_attachment == (op == "is_true")
    if name == "subject":
        return _text_predicate(op, value, lambda ctx: ctx.conversation.subject)
    if name in ("contact_name", "contact_email", "contact_phone"):
        attr = name.removeprefix("contact_")
        return _text_predicate(op, value, lambda ctx: str(getattr(ctx.contact, attr) or ""))
    if name == "contact_attribute":
        key = value["key"]
        if op == "is_set":
            return lambda ctx: bool(_attribute(ctx, key).strip())
        return _text_predicate(op, value["value"], lambda ctx: _attribute(ctx, key))
    if name == "inbox":
        inboxes = frozenset(value)
        return lambda ctx: (ctx.conversation.inbox_id in inboxes) == (op == "in")
    if name == "channel":
        channels = frozenset(value)
        return lambda ctx: (ctx.conversation.inbox.channel in channels) == (op == "in")
    if name == "tags":
        tags = frozenset(search_fold(t) for t in value)
        if op == "has_any":
            return lambda ctx: bool(tags & ctx.tag_names)
        if op == "has_all":
            return lambda ctx: tags <= ctx.tag_names
        return lambda ctx: not (tags & ctx.tag_names)
    if name == "priority":
        rank = PRIORITY_BY_NAME[value]
        comparisons: dict[str, Callable[[int], bool]] = {
            "is": lambda p: p == rank,
            "is_not": lambda p: p != rank,
            "at_least": lambda p: p >= rank,
            "below": lambda p: p < rank,
        }
        compare = comparisons[op]
        return lambda ctx: compare(ctx.conversation.priority)
    if name == "status":
        statuses = frozenset(value)
        return lambda ctx: (ctx.conversation.status in statuses) == (op == "in")
    if name in ("assignee", "team"):
        attr_id = name + "_id"
        if op == "unassigned":
            return lambda ctx: getattr(ctx.conversation, attr_id) is None
        if op == "assigned":
            return lambda ctx: getattr(ctx.conversation, attr_id) is not None
        return lambda ctx: (getattr(ctx.conversation, attr_id) == value) == (op == "is")
    if name == "business_hours":
        return lambda ctx: ctx.is_open == (op == "open")
    if name == "language":
        return lambda ctx: ctx.language == value
    if name == "unanswered_messages":
        return lambda ctx: ctx.unanswered >= value
    if name == "recent_conversations":
        return lambda ctx: ctx.recent_conversations >= value
    if name == "sla_metric":
        metrics = frozenset(value)
        return lambda ctx: ctx.sla_metric in metrics
    raise ValueError(f"unknown condition field {name}")
