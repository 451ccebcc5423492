"""Evaluating a workspace's rules for one trigger on one conversation.

Rules are compiled once per workspace and kept per process; a change through the services
drops the cache at once, other processes see it within ``CACHE_SECONDS``. With no rule for a
trigger the engine costs a dictionary lookup and no query.

Loop protection: a rule's changes carry ``actor_kind="rule:<id>"``. A "conversation updated"
event caused by rule X never runs X again, and each run records its ``depth`` (1 + the depth of
the run that caused it), so a chain of rules triggering each other stops at ``MAX_DEPTH``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from yanit.automation.actions import run_actions
from yanit.automation.conditions import (
    FACT_FIELDS,
    Context,
    Facts,
    Predicate,
    compile_condition,
    facts_from,
    facts_select,
)
from yanit.automation.events import RuleRan
from yanit.automation.models import Rule, RuleRun
from yanit.conversations.models import Activity, Conversation, Message
from yanit.core import fastload
from yanit.core.events import publish_on_commit

logger = logging.getLogger(__name__)

CACHE_SECONDS = 30.0
# Partial matches logged per pass for "why did this happen", the closest first: with hundreds of
# rules a generic condition ("status is open") would otherwise log most of them on every message.
MAX_NEAR_MISSES = 5
# A chain of rules triggering each other runs at most this many levels deep.
MAX_DEPTH = 3


@dataclass(frozen=True)
class CompiledRule:
    id: int
    name: str
    trigger: str
    trigger_value: int | None
    match_all: bool
    conditions: tuple[dict[str, Any], ...]
    predicates: tuple[Predicate, ...]
    actions: tuple[dict[str, Any], ...]
    stop_processing: bool
    needs_facts: bool = False  # a condition asks about tags, attachments or waiting messages

    def evaluate(self, ctx: Context) -> tuple[bool, list[bool]]:
        try:
            results = [bool(predicate(ctx)) for predicate in self.predicates]
        except Exception:  # rare: go again one by one, so the others still count
            results = self._evaluate_each(ctx)
        if not results:
            return True, results
        return (all(results) if self.match_all else any(results)), results

    def _evaluate_each(self, ctx: Context) -> list[bool]:
        results = []
        for predicate in self.predicates:
            try:
                results.append(bool(predicate(ctx)))
            except Exception:  # a condition that can't be checked is not met
                logger.exception("rule %s: condition failed", self.id)
                results.append(False)
        return results


def compile_rule(rule: Rule) -> CompiledRule:
    conditions = rule.conditions or {}
    rows = tuple(conditions.get("conditions") or ())
    return CompiledRule(
        id=rule.pk,
        name=rule.name,
        trigger=rule.trigger,
        trigger_value=rule.trigger_value,
        match_all=conditions.get("match", "all") != "any",
        conditions=rows,
        predicates=tuple(compile_condition(row) for row in rows),
        actions=tuple(rule.actions or ()),
        stop_processing=rule.stop_processing,
        needs_facts=any(row.get("field") in FACT_FIELDS for row in rows),
    )


_cache: dict[int, tuple[float, dict[str, list[CompiledRule]]]] = {}
_lock = threading.Lock()


def compiled_rules(workspace_id: int) -> dict[str, list[CompiledRule]]:
    """The workspace's enabled rules by trigger, in order."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(workspace_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    by_trigger: dict[str, list[CompiledRule]] = {}
    for rule in Rule.objects.filter(workspace_id=workspace_id, enabled=True).order_by("position", "id"):
        try:
            by_trigger.setdefault(rule.trigger, []).append(compile_rule(rule))
        except Exception:  # stored by an older version and no longer valid: skip, don't stop the rest
            logger.exception("rule %s does not compile", rule.pk)
    with _lock:
        _cache[workspace_id] = (now + CACHE_SECONDS, by_trigger)
    return by_trigger


def invalidate(workspace_id: int) -> None:
    with _lock:
        _cache.pop(workspace_id, None)


def _depth_for(conversation_id: int, cause: str) -> tuple[int, int | None]:
    """(depth of the run about to happen, id of the rule that caused the event or None)."""
    if not cause.startswith("rule:"):
        return 0, None
    try:
        cause_id = int(cause.split(":", 1)[1])
    except ValueError:
        return 0, None
    parent = (
        RuleRun.objects.filter(conversation_id=conversation_id, rule_id=cause_id, matched=True)
        .order_by("-created_at", "-id")
        .values_list("depth", flat=True)
        .first()
    )
    return (parent or 0) + 1, cause_id


MESSAGE_PATH = ("conversation", "conversation.contact", "conversation.inbox")
CONVERSATION_PATH = ("contact", "inbox")


def _load(
    conversation_id: int, message_id: int | None, facts_at: datetime | None
) -> tuple[Message | None, Conversation | None, Facts | None]:
    """The message and its conversation with contact and inbox and, when ``facts_at`` is given,
    the facts conditions ask about, in one statement (fastload: this runs for every inbound
    message, and on PostgreSQL each round trip and each queryset compilation costs ~0.5 ms)."""
    if message_id:
        extra, params = _facts_select(fastload.alias(MESSAGE_PATH, "conversation"), message_id, facts_at)
        found = fastload.get_joined_with(Message, message_id, MESSAGE_PATH, extra, params)
        if found is not None and found[0].conversation_id == conversation_id:
            message, values = found
            return message, message.conversation, facts_from(values, message.conversation) if extra else None
    conversation, facts = _reload(conversation_id, None, facts_at)
    return None, conversation, facts


def _reload(
    conversation_id: int, message_id: int | None, facts_at: datetime | None
) -> tuple[Conversation | None, Facts | None]:
    extra, params = _facts_select("t0", message_id, facts_at)
    found = fastload.get_joined_with(Conversation, conversation_id, CONVERSATION_PATH, extra, params)
    if found is None:
        return None, None
    conversation, values = found
    return conversation, facts_from(values, conversation) if extra else None


def _facts_select(alias: str, message_id: int | None, facts_at: datetime | None) -> tuple[str, list[Any]]:
    return ("", []) if facts_at is None else facts_select(alias, message_id, facts_at)


def run_rules(
    workspace_id: int,
    trigger: str,
    conversation_id: int,
    *,
    message_id: int | None = None,
    cause: str = "",
    sla_metric: str = "",
    only: list[CompiledRule] | None = None,
) -> list[RuleRun]:
    """Evaluate the trigger's rules in order and run the actions of those that match."""
    return run_triggers(
        workspace_id,
        (trigger,),
        conversation_id,
        message_id=message_id,
        cause=cause,
        sla_metric=sla_metric,
        only=only,
    )


def run_triggers(
    workspace_id: int,
    triggers: Sequence[str],
    conversation_id: int,
    *,
    message_id: int | None = None,
    cause: str = "",
    sla_metric: str = "",
    only: list[CompiledRule] | None = None,
) -> list[RuleRun]:
    """``run_rules`` for several triggers of one event in turn (a conversation's first message is
    "created" then "message received"): the conversation is read once for all of them and the
    near misses are written in one statement."""
    by_trigger = compiled_rules(workspace_id)
    passes = [(trigger, only if only is not None else by_trigger.get(trigger)) for trigger in triggers]
    if not any(rules for _trigger, rules in passes):
        return []
    start_depth, cause_rule = _depth_for(conversation_id, cause)
    if start_depth >= MAX_DEPTH:
        logger.info("rules on conversation %s stopped at depth %s", conversation_id, start_depth)
        return []
    # Facts are read with the rows when a rule of these passes will ask for them.
    facts_at = (
        timezone.now()
        if any(rule.needs_facts for _trigger, rules in passes for rule in rules or ())
        else None
    )
    message, conversation, facts = _load(conversation_id, message_id, facts_at)
    if conversation is None:
        return []
    ctx = Context(conversation=conversation, message=message, sla_metric=sla_metric, preloaded=facts)
    logged: list[RuleRun] = []
    closest: list[RuleRun] = []
    for trigger, rules in passes:
        near_misses: list[tuple[int, list[bool], int, int, datetime]] = []
        depth = start_depth
        pass_at = timezone.now()  # one timestamp for the pass's near misses: 200 rules, 200 calls
        for rule in rules or ():
            if rule.id == cause_rule:
                continue  # never re-fire for its own change
            started = time.perf_counter_ns()
            matched, results = rule.evaluate(ctx)
            if not matched:
                if any(results):
                    # A partial match is worth showing in "why did this happen"; a rule that
                    # matched nothing is not logged (200 rules × every message would drown the
                    # log). Kept as a tuple: only the closest few become rows.
                    near_misses.append(
                        (rule.id, results, depth, (time.perf_counter_ns() - started) // 1000, pass_at)
                    )
                continue
            run = _apply(rule, conversation, trigger, results, depth, started)
            logged.append(run)
            # Later rules see what this one changed.
            fresh, facts = _reload(conversation_id, message.pk if message is not None else None, facts_at)
            if fresh is None:
                return logged + _log_near_misses(closest)
            conversation = fresh
            ctx = ctx.after_change(conversation, facts)
            if rule.stop_processing:
                break
            if run.actions_done:
                # Later rules of this pass now look at a rule's change: they count one level deeper.
                depth += 1
                if depth >= MAX_DEPTH:
                    break
        near_misses.sort(key=lambda miss: -sum(miss[1]) / len(miss[1]))
        closest += [
            RuleRun(
                workspace_id=workspace_id,
                rule_id=rule_id,
                conversation_id=conversation_id,
                trigger=trigger,
                matched=False,
                conditions_result=results,
                depth=run_depth,
                duration_us=duration_us,
                created_at=at,
            )
            for rule_id, results, run_depth, duration_us, at in near_misses[:MAX_NEAR_MISSES]
        ]
    return logged + _log_near_misses(closest)


def _log_near_misses(runs: list[RuleRun]) -> list[RuleRun]:
    # On every inbound message, so kept cheap: one hand-built statement.
    fastload.insert_many(RuleRun, runs)
    return runs


def _apply(
    rule: CompiledRule,
    conversation: Conversation,
    trigger: str,
    results: list[bool],
    depth: int,
    started: int,
) -> RuleRun:
    with transaction.atomic():
        outcome = run_actions(rule.id, rule.name, conversation, list(rule.actions))
        now = timezone.now()
        if outcome.parts:
            Activity.objects.create(
                workspace_id=conversation.workspace_id,
                conversation_id=conversation.pk,
                actor_kind=f"rule:{rule.id}",
                verb="rule",
                data={"rule_id": rule.id, "name": rule.name, "parts": outcome.parts},
                created_at=now,
            )
        # Written before commit: the events this run's changes publish are dispatched on
        # commit, and the rules they trigger read this row to know their depth.
        run = RuleRun.objects.create(
            workspace_id=conversation.workspace_id,
            rule_id=rule.id,
            conversation_id=conversation.pk,
            trigger=trigger,
            matched=True,
            conditions_result=results,
            actions_done=outcome.parts,
            error="\n".join(outcome.errors),
            depth=depth,
            duration_us=(time.perf_counter_ns() - started) // 1000,
            created_at=now,
        )
        publish_on_commit(
            RuleRan(
                workspace_id=conversation.workspace_id,
                rule_id=rule.id,
                conversation_id=conversation.pk,
                trigger=trigger,
                changed=bool(outcome.parts),
                error=run.error[:500],
            )
        )
    return run


def dry_run(rule: CompiledRule, conversation: Conversation) -> tuple[bool, list[bool]]:
    """Whether ``rule`` would match ``conversation`` now (with its latest customer message);
    nothing is changed or logged."""
    message = (
        Message.objects.filter(conversation=conversation, direction=Message.Direction.IN)
        .order_by("-created_at", "-id")
        .first()
    )
    return rule.evaluate(Context(conversation=conversation, message=message))
