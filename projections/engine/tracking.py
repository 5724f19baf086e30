"""How far each read model has got in the log: one row per model in `rm_tracking`.

A model's position moves in the same transaction as its rows, so after a crash the two agree
and the runner resumes exactly where the last commit left off. The update is guarded: a batch
whose position is not ahead of the stored one is refused and its transaction rolled back, so
two workers can never apply the same events twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import Tracking

from projections.engine.base import Sql


class StaleBatch(RuntimeError):
    """Another worker has already applied these events; this transaction must roll back."""


def create(sql: Sql) -> None:
    sql.run(
        "CREATE TABLE IF NOT EXISTS rm_tracking (model TEXT PRIMARY KEY, position BIGINT NOT NULL)"
    )


def create_shapes(sql: Sql) -> None:
    sql.run("CREATE TABLE IF NOT EXISTS rm_shapes (model TEXT PRIMARY KEY, shape INTEGER NOT NULL)")


def shape_of(sql: Sql, model: str) -> int:
    """The shape of the model's tables in this database; 1 for tables made before shapes were
    recorded (or not made yet)."""
    found = sql.rows("SELECT shape FROM rm_shapes WHERE model = ?", (model,))
    return int(found[0][0]) if found else 1


def record_shape(sql: Sql, model: str, shape: int) -> None:
    sql.run(
        "INSERT INTO rm_shapes (model, shape) VALUES (?, ?) "
        "ON CONFLICT (model) DO UPDATE SET shape = excluded.shape",
        (model, shape),
    )


def enrol(sql: Sql, names: Sequence[str]) -> None:
    """Models not seen before start at position 0, before the first event."""
    sql.many(
        "INSERT INTO rm_tracking (model, position) VALUES (?, 0) ON CONFLICT (model) DO NOTHING",
        [(name,) for name in names],
    )


def lock(sql: Sql, names: Sequence[str]) -> dict[str, int]:
    """The positions of the models, locked until the transaction ends.

    On SQLite the write lock taken by `BEGIN IMMEDIATE` already excludes other workers; on
    PostgreSQL the rows are locked in name order, so two workers never deadlock, and one that
    waited reads the position the other committed."""
    lock_rows = " FOR UPDATE" if sql.dialect == "postgresql" else ""
    return _select(sql, names, f" ORDER BY model{lock_rows}")


def positions(sql: Sql, names: Sequence[str]) -> dict[str, int]:
    return _select(sql, names, "")


def advance(sql: Sql, model: str, tracking: Tracking) -> None:
    """Moves a model's position to the last event of the batch it has just applied."""
    moved = sql.rows(
        "UPDATE rm_tracking SET position = ? WHERE model = ? AND position < ? RETURNING position",
        (tracking.notification_id, model, tracking.notification_id),
    )
    if not moved:
        raise StaleBatch(
            f"{model} is already at or past position {tracking.notification_id} "
            f"of {tracking.application_name}"
        )


def reset(sql: Sql, model: str) -> None:
    """Back to the start of the log, for a rebuild."""
    sql.run("UPDATE rm_tracking SET position = 0 WHERE model = ?", (model,))


def _select(sql: Sql, names: Sequence[str], tail: str) -> dict[str, int]:
    if not names:
        return {}
    marks = ", ".join("?" * len(names))
    statement = f"SELECT model, position FROM rm_tracking WHERE model IN ({marks}){tail}"  # noqa: S608
    rows = sql.rows(statement, names)
    found = {str(model): int(position) for model, position in rows}
    missing = set(names) - found.keys()
    if missing:
        raise LookupError(f"read models without a tracking row: {', '.join(sorted(missing))}")
    return found
