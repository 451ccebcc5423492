"""Reading a few rows on the hot path without the ORM's per-query compilation.

Django compiles every queryset to SQL anew. For a one-row lookup by primary key that is ~0.7 ms of
Python on a small server against ~0.05 ms of database work, and the after-commit subscribers of
one inbound message (rules, SLA, routing) do a dozen such lookups. Here each statement is built
once per process and model, and rows become model instances through the same converters the ORM
uses (``Model.from_db``), so what callers get is indistinguishable from ``objects.get``.

Only for hot paths that read by primary key or one foreign key; everything else uses the ORM.
Statements are built from the models' metadata only (quoted identifiers); values are always bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _Plan:
    sql: str
    attnames: tuple[str, ...]
    converters: tuple[tuple[tuple[Converter, ...], Any], ...]  # per column: (converters, expression)


_plans: dict[tuple[str, type[Model], str, str], _Plan] = {}
_lock = threading.Lock()


def _plan(model: type[Model], column: str, order: str) -> _Plan:
    key = (connection.vendor, model, column, order)
    plan = _plans.get(key)
    if plan is not None:
        return plan
    quote = connection.ops.quote_name
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    columns = ", ".join(f"{quote(table)}.{quote(str(field.column))}" for field in fields)
    sql = f"SELECT {columns} FROM {quote(table)} WHERE {quote(table)}.{quote(column)} = %s"  # noqa: S608
    if order:
        sql += f" ORDER BY {quote(table)}.{quote(order)}"
    converters = []
    for field in fields:
        expression = field.get_col(table)
        found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        converters.append((tuple(found), expression))
    plan = _Plan(sql, tuple(field.attname for field in fields), tuple(converters))
    with _lock:
        _plans[key] = plan
    return plan


def _instances[M: Model](model: type[M], plan: _Plan, rows: Sequence[Sequence[Any]]) -> list[M]:
    found = []
    for row in rows:
        values = list(row)
        for index, (converters, expression) in enumerate(plan.converters):
            for convert in converters:
                values[index] = convert(values[index], expression, connection)
        found.append(model.from_db(connection.alias, plan.attnames, values))
    return found


@dataclass(frozen=True)
class _JoinPlan:
    sql: str
    parts: tuple[tuple[type[Model], _Plan, int, str, int], ...]  # model, columns, start, fk attname, parent


_join_plans: dict[tuple[str, type[Model], tuple[str, ...]], _JoinPlan] = {}


def _join_plan(model: type[Model], path: tuple[str, ...]) -> _JoinPlan:
    """SELECT the row of ``model`` and, following each dotted foreign key of ``path`` ("conversation",
    "conversation.contact"), the rows it points to, in one statement."""
    key = (connection.vendor, model, path)
    plan = _join_plans.get(key)
    if plan is not None:
        return plan
    quote = connection.ops.quote_name
    # dotted path → (table alias, model, index of its part)
    aliases: dict[str, tuple[str, type[Model], int]] = {"": ("t0", model, 0)}
    parts = [(model, _plan(model, str(model._meta.pk.column), ""), 0, "", -1)]
    selects = [_columns("t0", model)]
    joins = []
    start = len(model._meta.concrete_fields)
    for index, dotted in enumerate(path, start=1):
        parent_path, _dot, name = dotted.rpartition(".")
        parent_alias, parent_model, parent_index = aliases[parent_path]
        field = parent_model._meta.get_field(name)
        target = field.related_model
        if not (isinstance(target, type) and issubclass(target, Model)):
            raise TypeError(f"{dotted} is not a foreign key of {parent_model.__name__}")
        alias = f"t{index}"
        aliases[dotted] = (alias, target, len(parts))
        joins.append(
            f" JOIN {quote(target._meta.db_table)} {alias} ON {alias}.{quote(str(target._meta.pk.column))}"
            f" = {parent_alias}.{quote(str(field.column))}"  # type: ignore[union-attr]
        )
        parts.append((target, _plan(target, str(target._meta.pk.column), ""), start, name, parent_index))
        selects.append(_columns(alias, target))
        start += len(target._meta.concrete_fields)
    sql = (
        f"SELECT {', '.join(selects)} FROM {quote(model._meta.db_table)} t0{''.join(joins)}"  # noqa: S608
        f" WHERE t0.{quote(str(model._meta.pk.column))} = %s"
    )
    plan = _JoinPlan(sql, tuple(parts))
    with _lock:
        _join_plans[key] = plan
    return plan


def _columns(alias: str, model: type[Model]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(str(field.column))}" for field in model._meta.concrete_fields)


def get_joined[M: Model](model: type[M], pk: int | None, *path: str) -> M | None:
    """``model.objects.select_related(*path).filter(pk=pk).first()`` without the ORM's compilation
    (foreign keys that are never null only: the rows are joined, not outer-joined)."""
    if pk is None:
        return None
    plan = _join_plan(model, path)
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    made: list[Model] = []
    for target, columns, start, name, parent in plan.parts:
        width = len(columns.attnames)
        (instance,) = _instances(target, columns, [row[start : start + width]])
        if parent >= 0:
            setattr(made[parent], name, instance)
        made.append(instance)
    return made[0]  # type: ignore[return-value]


def get[M: Model](model: type[M], pk: int | None) -> M | None:
    """``model.objects.filter(pk=pk).first()`` without the ORM's compilation."""
    if pk is None:
        return None
    found = where(model, str(model._meta.pk.column), pk)
    return found[0] if found else None


def where[M: Model](model: type[M], column: str, value: Any, *, order: str = "") -> list[M]:
    """The rows whose ``column`` equals ``value`` (optionally ordered by a column)."""
    plan = _plan(model, column, order)
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, [value])
        rows = cursor.fetchall()
    return _instances(model, plan, rows)


def scalar(sql: str, params: Sequence[Any]) -> Any:
    """The first column of the first row of a hand-written statement (counts on the hot path)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [_adapt(value) for value in params])
        row = cursor.fetchone()
    return row[0] if row else None


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(str(model._meta.get_field(name).column))  # type: ignore[union-attr]


def _adapt(value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def values(sql: str, params: Sequence[Any]) -> list[Any]:
    """The first column of every row of a hand-written statement."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [_adapt(value) for value in params])
        return [row[0] for row in cursor.fetchall()]


def insert_many(model: type[Model], objects: Sequence[Model], *, durable: bool = True) -> None:
    """``bulk_create`` for rows nobody reads back (no ids are set on ``objects``): one INSERT built
    by hand, each value prepared by its field exactly as the ORM would.

    ``durable=False`` (diagnostic rows only): on PostgreSQL the commit does not wait for the WAL
    flush, ~2 ms saved per statement; a crash may lose the last fraction of a second of such rows,
    never leave them half-written. Inside an outer transaction it changes nothing.
    """
    if not objects:
        return
    if not durable and connection.vendor == "postgresql" and connection.get_autocommit():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            insert_many(model, objects)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES " + ", ".join([row] * len(objects))  # noqa: S608
    params = [
        field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objects for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Every row of a hand-written statement."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [_adapt(value) for value in params])
        return [tuple(row) for row in cursor.fetchall()]
