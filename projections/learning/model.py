"""The `learning` read model: the learning summary's rows in `rm_learning_*` tables.

Its rows are the fold's rows (both take their changes from `changes.RowChanges`), so
`summarise(load_rows(sql))` is the summary the fold gives at the same position. How the rows are
stored is in `tables`; reading them back is in `queries`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from projections.engine.base import Notice, ReadModel, Sql
from projections.learning.changes import RowChanges
from projections.learning.from_log import later
from projections.learning.rows import ROW_TYPES, Insert, Row, Update, key_of
from projections.learning.tables import (
    CREATE,
    CREATE_POSITION,
    INDEXES,
    INSERT,
    POSITION,
    SET_POSITION,
    TABLE,
    WHERE,
    stamp,
    stored,
    stored_row,
    stored_values,
)


class LearningModel(ReadModel):
    name: ClassVar[str] = "learning"
    tables: ClassVar[tuple[str, ...]] = (*TABLE.values(), POSITION)
    shape: ClassVar[int] = 2  # 2: indexes for the summary's counts and pages

    def create(self, sql: Sql) -> None:
        for kind in ROW_TYPES:
            sql.run(CREATE[kind])
        sql.run(CREATE_POSITION)
        for index in INDEXES:
            sql.run(index)

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        if not batch:
            return
        as_of = stamp(sql)[1]
        pending = _Pending()
        take = pending.event  # bound once a batch: see `projections.engine`
        for notice in batch:
            take(notice.event)
            as_of = later(as_of, notice.event.timestamp)
        for kind, rows in pending.inserts_by_kind().items():
            sql.many(INSERT[kind], (stored_row(row) for row in rows))
        for (kind, names), keyed in pending.updates_by_shape().items():
            sets = ", ".join(f"{name} = ?" for name in names)
            sql.many(
                f"UPDATE {TABLE[kind]} SET {sets} WHERE {WHERE[kind]}",  # noqa: S608
                ([*stored_values(names, values), *stored_values(kind.KEY, key)]
                 for key, values in keyed),
            )  # fmt: skip
        sql.run(SET_POSITION, [batch[-1].position, stored("as_of", as_of)])


Shape = tuple[type[Row], tuple[str, ...]]  # a table, and the fields an update sets


class _Pending(RowChanges):
    """One batch's changes, coalesced so each row gets one statement: a row inserted in the
    batch takes later updates in memory, and updates to an older row are merged in order.

    Each row is then either inserted or updated, once, so grouping the statements by table and
    shape keeps the order's meaning: the rows the fold's dictionaries would hold."""

    def __init__(self) -> None:
        self.inserts: dict[tuple[type[Row], tuple[Any, ...]], Row] = {}
        self.updates: dict[tuple[type[Row], tuple[Any, ...]], dict[str, Any]] = {}

    def change(self, change: Insert | Update) -> None:
        if isinstance(change, Insert):
            slot = (type(change.row), key_of(change.row))
            self.updates.pop(slot, None)  # an upsert replaces every field set before it
            self.inserts[slot] = change.row
            return
        slot = (change.kind, change.key)
        row = self.inserts.get(slot)
        if row is not None:
            self.inserts[slot] = replace(row, **change.fields)
        else:
            self.updates.setdefault(slot, {}).update(change.fields)

    def inserts_by_kind(self) -> dict[type[Row], list[Row]]:
        grouped: dict[type[Row], list[Row]] = {}
        for (kind, _), row in self.inserts.items():
            grouped.setdefault(kind, []).append(row)
        return grouped

    def updates_by_shape(self) -> dict[Shape, list[tuple[tuple[Any, ...], tuple[Any, ...]]]]:
        """Updates grouped by table and the fields they set, each as (key, values)."""
        grouped: dict[Shape, list[tuple[tuple[Any, ...], tuple[Any, ...]]]] = {}
        for (kind, key), values in self.updates.items():
            grouped.setdefault((kind, tuple(values)), []).append((key, tuple(values.values())))
        return grouped
