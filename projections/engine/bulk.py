"""What a rebuild does in bulk that the live runner does not: the models' secondary indexes are
dropped once their tables are empty and made again when the log has been applied.

Keeping an index current row by row costs a rebuild more than sorting the finished table once,
above all PostgreSQL's full-text GIN index. Only plain secondary indexes are deferred, read from
the database's catalogue, so no model says anything: primary keys and unique indexes stay,
since the upserts of `apply` need them, and so do SQLite's FTS5 table and its triggers. A query
is as correct without the deferred indexes as with them, only slower.

While its indexes are deferred a model's recorded shape is 0, which no model has: if the
process dies before they are made again, the next runner to start (`Projector.setup`) drops the
model's tables and builds them afresh from the log, indexes and all. A rebuild that fails with
an error makes them again on its way out, since its rows agree with its tracking position and
the live runner carries on from there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from projections.engine import tracking
from projections.engine.base import ReadModel, Sql

DEFERRED_SHAPE = 0  # no model's shape: see the module's docstring
_IF_MISSING = re.compile(r"^CREATE INDEX (IF NOT EXISTS )?", re.IGNORECASE)


def defer_indexes(sql: Sql, models: Sequence[ReadModel]) -> list[str]:
    """Drops the models' plain secondary indexes; the statements that make them again."""
    made: list[str] = []
    for model in models:
        for name, create in _secondary_indexes(sql, model.tables):
            sql.run(f"DROP INDEX {name}")
            made.append(create)
        tracking.record_shape(sql, model.name, DEFERRED_SHAPE)
    return made


def restore_indexes(sql: Sql, models: Sequence[ReadModel], statements: Sequence[str]) -> None:
    """Makes the deferred indexes (each sorted from the finished table) and records the models'
    shapes again."""
    for statement in statements:
        sql.run(statement)
    for model in models:
        tracking.record_shape(sql, model.name, model.shape)


def _secondary_indexes(sql: Sql, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each plain, non-unique index made on `tables`."""
    query = _POSTGRES_INDEXES if sql.dialect == "postgresql" else _SQLITE_INDEXES
    rows = sql.rows(query.format(marks=", ".join("?" * len(tables))), tables)
    return [(str(name), _IF_MISSING.sub("CREATE INDEX IF NOT EXISTS ", str(create), count=1))
            for name, create in rows]  # fmt: skip


_POSTGRES_INDEXES = (
    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
    "WHERE t.relname IN ({marks}) AND t.relnamespace = current_schema()::regnamespace "
    "AND NOT x.indisunique AND NOT x.indisprimary ORDER BY i.relname"
)
_SQLITE_INDEXES = (
    "SELECT m.name, m.sql FROM sqlite_master m "
    "WHERE m.type = 'index' AND m.tbl_name IN ({marks}) AND m.sql IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.tbl_name) l "
    'WHERE l.name = m.name AND l."unique") ORDER BY m.name'
)
