"""Reading a few rows on the hot path without the ORM's per-query compilation.

Django compiles every queryset to SQL anew. For a one-row lookup by primary key that is ~0.7 ms of
Python on a small server against ~0.05 ms of database work, and the after-commit subscribers of
one inbound message (rules, SLA, routing) do a dozen such lookups. Here each statement is built
once per process and model, and rows become model instances through the same converters the ORM
uses (``Model.from_db``), so what callers get is indistinguishable from ``objects.get``.

Only for hot paths that read one row by primary key; everything else uses the ORM.
Statements are built from the models' metadata only (quoted identifiers); values are always bound.

On PostgreSQL these statements are also server-side prepared: planning a four-table join with a
few subqueries costs the server ~0.5 ms, several times executing it, so each is planned once per
connection (psycopg's prepared-statement cache). The rest of the application keeps Django's
client-side binding. Behind a connection pooler in transaction mode, use one that keeps
prepared statements per server connection (PgBouncer 1.21 and later does).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]

# psycopg prepares only when a threshold is set (Django leaves it unset); ours ask explicitly, so
# the threshold is set out of reach and nothing else on the connection starts being prepared.
_NEVER_BY_COUNT = 1 << 30


@functools.cache
def _prepared_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            return super().execute(query, params, prepare=True)  # type: ignore[misc]

    return PreparedCursor


@contextmanager
def _cursor() -> Iterator[Any]:
    """A Django cursor (query log and execute wrappers included) whose statements are prepared
    on PostgreSQL."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.postgres import types
    from psycopg.pq import Format

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _NEVER_BY_COUNT
    with connection.wrap_database_errors:
        prepared = _prepared_cursor_class()(raw)
        # As Django's own cursors: timestamps in the connection's time zone.
        loader = raw.adapters.get_loader(types["timestamptz"].oid, Format.TEXT)
        if connection.timezone != getattr(loader, "timezone", connection.timezone):
            register_tzloader(connection.timezone, prepared)
        cursor = connection._prepare_cursor(prepared)  # type: ignore[attr-defined]
    with cursor:
        yield cursor


@dataclass(frozen=True)
class _Columns:
    """A model's columns in SELECT order, with the converters the ORM would apply to each."""

    attnames: tuple[str, ...]
    converters: tuple[tuple[tuple[Converter, ...], Any], ...]  # per column: (converters, expression)


_columns_cache: dict[tuple[str, type[Model]], _Columns] = {}
_lock = threading.Lock()


def _columns_of(model: type[Model]) -> _Columns:
    key = (connection.vendor, model)
    found = _columns_cache.get(key)
    if found is not None:
        return found
    table = model._meta.db_table
    converters = []
    for field in model._meta.concrete_fields:
        expression = field.get_col(table)
        converters.append(
            (
                tuple(
                    connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
                ),
                expression,
            )
        )
    found = _Columns(tuple(field.attname for field in model._meta.concrete_fields), tuple(converters))
    with _lock:
        _columns_cache[key] = found
    return found


def _instance[M: Model](model: type[M], columns: _Columns, row: Sequence[Any]) -> M:
    values = list(row)
    for index, (converters, expression) in enumerate(columns.converters):
        for convert in converters:
            values[index] = convert(values[index], expression, connection)
    return model.from_db(connection.alias, columns.attnames, values)


@dataclass(frozen=True)
class _JoinPlan:
    select: str  # "SELECT <every column>"
    source: str  # " FROM … JOIN … WHERE t0.pk = %s"
    parts: tuple[tuple[type[Model], _Columns, int, str, int], ...]  # model, columns, start, fk name, parent
    width: int


_join_plans: dict[tuple[str, type[Model], tuple[str, ...]], _JoinPlan] = {}


def alias(path: Sequence[str], dotted: str = "") -> str:
    """The table alias of ``dotted`` (one of ``path``, or "" for the row itself) in a joined
    statement, for extra expressions that refer to the joined rows."""
    return "t0" if not dotted else f"t{list(path).index(dotted) + 1}"


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
    parts = [(model, _columns_of(model), 0, "", -1)]
    selects = [_select_list("t0", model)]
    joins = []
    start = len(model._meta.concrete_fields)
    for dotted in path:
        parent_path, _dot, name = dotted.rpartition(".")
        parent_alias, parent_model, parent_index = aliases[parent_path]
        field = parent_model._meta.get_field(name)
        target = field.related_model
        if not (isinstance(target, type) and issubclass(target, Model)) or field.null:
            raise TypeError(f"{dotted} is not a non-null foreign key of {parent_model.__name__}")
        table_alias = alias(path, dotted)
        aliases[dotted] = (table_alias, target, len(parts))
        joins.append(
            f" JOIN {quote(target._meta.db_table)} {table_alias}"
            f" ON {table_alias}.{quote(str(target._meta.pk.column))}"
            f" = {parent_alias}.{quote(str(field.column))}"  # type: ignore[union-attr]
        )
        parts.append((target, _columns_of(target), start, name, parent_index))
        selects.append(_select_list(table_alias, target))
        start += len(target._meta.concrete_fields)
    plan = _JoinPlan(
        select=f"SELECT {', '.join(selects)}",
        source=(
            f" FROM {quote(model._meta.db_table)} t0{''.join(joins)}"
            f" WHERE t0.{quote(str(model._meta.pk.column))} = %s"
        ),
        parts=tuple(parts),
        width=start,
    )
    with _lock:
        _join_plans[key] = plan
    return plan


def _select_list(alias: str, model: type[Model]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(str(field.column))}" for field in model._meta.concrete_fields)


def get_joined[M: Model](model: type[M], pk: int | None, *path: str) -> M | None:
    """``model.objects.select_related(*path).filter(pk=pk).first()`` without the ORM's compilation
    (foreign keys that are never null only: the rows are joined, not outer-joined)."""
    found = get_joined_with(model, pk, path, "", ())
    return None if found is None else found[0]


def get_joined_with[M: Model](
    model: type[M], pk: int | None, path: Sequence[str], extra: str, params: Sequence[Any]
) -> tuple[M, tuple[Any, ...]] | None:
    """``get_joined`` plus ``extra``, more expressions for the same statement (scalar subqueries
    over the joined rows, named by ``alias``), whose values come back as the tuple: what a caller
    needs beyond the rows costs no second round trip."""
    if pk is None:
        return None
    plan = _join_plan(model, tuple(path))
    sql = plan.select + (", " + extra if extra else "") + plan.source
    with _cursor() as cursor:
        cursor.execute(sql, [*(_adapt(value) for value in params), pk])
        row = cursor.fetchone()
    if row is None:
        return None
    made: list[Model] = []
    for target, columns, start, name, parent in plan.parts:
        instance = _instance(target, columns, row[start : start + len(columns.attnames)])
        if parent >= 0:
            setattr(made[parent], name, instance)
        made.append(instance)
    return made[0], tuple(row[plan.width :])  # type: ignore[return-value]


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(str(model._meta.get_field(name).column))  # type: ignore[union-attr]


def _adapt(value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Every row of a hand-written statement."""
    with _cursor() as cursor:
        cursor.execute(sql, [_adapt(value) for value in params])
        return [tuple(row) for row in cursor.fetchall()]


def insert_many(model: type[Model], objects: Sequence[Model]) -> None:
    """``bulk_create`` for rows nobody reads back (no ids are set on ``objects``): one INSERT built
    by hand, each value prepared by its field exactly as the ORM would."""
    if not objects:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES " + ", ".join([row] * len(objects))  # noqa: S608
    params = [
        field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objects for field in fields
    ]
    with _cursor() as cursor:
        cursor.execute(sql, params)
