"""Read models for the tests: a ledger with one row per event applied, so a duplicate or a
missing event shows as a row too many or too few, and a slow variant that marks in a file when
a batch is under way, so a worker can be killed in the middle of one."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from projections.engine.base import Notice, ReadModel, Sql


class Ledger(ReadModel):
    name = "test_ledger"
    tables = ("rm_test_ledger",)

    def create(self, sql: Sql) -> None:
        # No key on purpose: an event applied twice must show as two rows.
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_test_ledger "
            "(position BIGINT NOT NULL, pilot_id TEXT NOT NULL, version INTEGER NOT NULL)"
        )

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        sql.many(
            "INSERT INTO rm_test_ledger VALUES (?, ?, ?)",
            [(n.position, str(n.event.originator_id), n.event.originator_version) for n in batch],
        )


class SlowLedger(Ledger):
    """Writes `begin` when a batch starts and `end` when its rows are written, and takes its
    time in between, so most of a worker's life is spent inside a transaction."""

    def __init__(self, marks: Path, seconds: float) -> None:
        self.marks, self.seconds = marks, seconds

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        self._mark("begin")
        super().apply(sql, batch)
        time.sleep(self.seconds)
        self._mark("end")

    def _mark(self, word: str) -> None:
        with self.marks.open("a") as out:
            out.write(f"{word} {os.getpid()}\n")


def ledger_figures(sql: Sql, positions: Sequence[int]) -> dict[str, int]:
    """Rows, duplicates and missing events of the ledger against the positions in the log."""
    rows = [int(p) for (p,) in sql.rows("SELECT position FROM rm_test_ledger")]
    return {
        "events": len(positions),
        "rows": len(rows),
        "duplicates": len(rows) - len(set(rows)),
        "missing": len(set(positions) - set(rows)),
        "unexpected": len(set(rows) - set(positions)),
    }
