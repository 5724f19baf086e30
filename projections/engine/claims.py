"""Which read models a rebuild is working on: rows in `rm_rebuilds`, one per model.

The rows are the rebuild lock. While a fresh row exists a second rebuild is refused, and the
live runner leaves the model alone, so up-to-date models do not wait for one being rebuilt
from position 0. A rebuild refreshes its heartbeat with every batch; a process killed
mid-rebuild leaves rows that go stale after `STALE_SECONDS`, after which the live runner
finishes the model and a new rebuild may start. Time is the database's clock, so processes on
different hosts agree on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from projections.engine.base import Sql

STALE_SECONDS = 30.0
_CLAIM_LOCK_KEY = 0x524D5242  # "RMRB": one claimer at a time on PostgreSQL


class RebuildRefused(RuntimeError):
    """Another rebuild is running, or this one lost its claim."""


def create(sql: Sql) -> None:
    sql.run(
        "CREATE TABLE IF NOT EXISTS rm_rebuilds "
        "(model TEXT PRIMARY KEY, owner TEXT NOT NULL, heartbeat DOUBLE PRECISION NOT NULL)"
    )


def claim(sql: Sql, owner: str, names: Sequence[str]) -> None:
    """Claims the models for one rebuild, or refuses while any other rebuild is fresh."""
    if sql.dialect == "postgresql":
        # Two claimers would both see no rows and both insert; the second waits here instead.
        sql.run("SELECT pg_advisory_xact_lock(?)", (_CLAIM_LOCK_KEY,))
    now = _now(sql)
    sql.run(f"DELETE FROM rm_rebuilds WHERE heartbeat < {now} - ?", (STALE_SECONDS,))  # noqa: S608
    held = sorted(str(model) for (model,) in sql.rows("SELECT model FROM rm_rebuilds"))
    if held:
        raise RebuildRefused(
            f"another rebuild is running (of {', '.join(held)}); try again when it has finished"
        )
    claimed = f"INSERT INTO rm_rebuilds VALUES (?, ?, {now})"  # noqa: S608
    sql.many(claimed, [(name, owner) for name in names])


def beat(sql: Sql, owner: str) -> None:
    """Keeps a rebuild's claim fresh; fails if it went stale and someone else took over."""
    if not sql.rows(
        f"UPDATE rm_rebuilds SET heartbeat = {_now(sql)} WHERE owner = ? RETURNING model",  # noqa: S608
        (owner,),
    ):
        raise RebuildRefused("the rebuild stalled for too long and lost its claim; run it again")


def busy(sql: Sql, owner: str | None = None) -> set[str]:
    """Models under a fresh claim of a rebuild other than `owner`."""
    rows = sql.rows(
        f"SELECT model FROM rm_rebuilds WHERE heartbeat >= {_now(sql)} - ? AND owner <> ?",  # noqa: S608
        (STALE_SECONDS, owner or ""),
    )
    return {str(model) for (model,) in rows}


def release(sql: Sql, owner: str) -> None:
    sql.run("DELETE FROM rm_rebuilds WHERE owner = ?", (owner,))


def _now(sql: Sql) -> str:
    """Seconds since the epoch, by the database's clock: an SQL expression, never input."""
    if sql.dialect == "postgresql":
        return "EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION"
    return "((julianday('now') - 2440587.5) * 86400.0)"
