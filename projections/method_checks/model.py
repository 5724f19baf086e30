"""Method checks: has each pilot kept to the methods it follows? Computed from the record alone
(never a score someone sets), and shown as gentle prompts, never as a grade.

The model keeps a few facts per cycle (did it start before Do, was it decided, was the
decision carried forward), each reflection on a cycle, and per question (when it is due for a
second look, whether it is still open).

Reflections and set meetings may be private or the team's, so the facts about them are kept
per entry, by the id the access read model knows them by, never as a count or flag per pilot
or cycle: `queries` then counts, in SQL, only the entries its reader may read. A flag kept per
cycle ("reflected") would tell every reader that a private reflection exists. The day of a
pilot's latest event is kept per pilot (a date, no entry and no text), and a question's age is
measured against it, never the wall clock, so a rebuild from the log gives the same rows.
The facts are folded from each batch in `fold`, read in `queries` and worded in `prompts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

from projections.engine.base import Notice, ReadModel, Sql
from projections.engine.rows import rows_of_pilots
from projections.method_checks.fold import ChecksFold
from projections.method_checks.prompts import CycleFacts

CYCLE_COLUMNS = "pilot_id, number, started, reached_do, locked, decision, rationale, followed"
_CYCLE_FIELDS = CYCLE_COLUMNS.split(", ")
_SAVE_CYCLE = (
    f"INSERT INTO rm_method_checks_cycles ({CYCLE_COLUMNS}) "  # noqa: S608 (constants only)
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pilot_id, number) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in CYCLE_COLUMNS.split(", ")[2:])
)


class MethodChecksModel(ReadModel):
    name = "method_checks"
    tables = (
        "rm_method_checks_pilots", "rm_method_checks_cycles", "rm_method_checks_questions",
        "rm_method_checks_reflections",
    )  # fmt: skip

    def create(self, sql: Sql) -> None:
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_method_checks_pilots (pilot_id TEXT PRIMARY KEY, "
            "last_on TEXT NOT NULL)"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_method_checks_cycles (pilot_id TEXT NOT NULL, "
            "number INTEGER NOT NULL, started INTEGER NOT NULL, reached_do INTEGER NOT NULL, "
            "locked INTEGER NOT NULL, decision TEXT, rationale INTEGER NOT NULL, "
            "followed INTEGER NOT NULL, PRIMARY KEY (pilot_id, number))"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_method_checks_questions (pilot_id TEXT NOT NULL, "
            "question_id TEXT NOT NULL, held_on TEXT NOT NULL, due_on TEXT NOT NULL, "
            "open INTEGER NOT NULL, PRIMARY KEY (pilot_id, question_id))"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_method_checks_reflections (pilot_id TEXT NOT NULL, "
            "reflection_id TEXT NOT NULL, number INTEGER NOT NULL, "
            "PRIMARY KEY (pilot_id, reflection_id))"
        )

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        pilots = sorted({n.pilot for n in batch})
        fold = ChecksFold(_cycles_of(sql, pilots))
        take = fold.event  # bound once a batch: see `projections.engine`
        for notice in batch:
            pilot = notice.pilot
            fold.last_on[pilot] = notice.event.timestamp.astimezone(UTC).date().isoformat()
            take(notice.event, pilot)
        sql.many(
            "INSERT INTO rm_method_checks_pilots (pilot_id, last_on) VALUES (?, ?) "
            "ON CONFLICT (pilot_id) DO UPDATE SET last_on = excluded.last_on",
            fold.last_on.items(),
        )
        sql.many(_SAVE_CYCLE, (_cycle_row(fold.cycles[key]) for key in sorted(fold.touched)))
        sql.insert(
            "rm_method_checks_questions",
            "pilot_id, question_id, held_on, due_on, open",
            fold.questions.values(),
        )
        sql.many(
            "UPDATE rm_method_checks_questions SET open = 0 WHERE pilot_id = ? AND question_id = ?",
            fold.settled,
        )
        sql.insert(
            "rm_method_checks_reflections", "pilot_id, reflection_id, number", fold.reflections
        )


def _cycle_row(facts: CycleFacts) -> tuple[object, ...]:
    """In CYCLE_COLUMNS' order; `dataclasses.astuple` would deep-copy every field."""
    return tuple(getattr(facts, name) for name in _CYCLE_FIELDS)


def _cycles_of(sql: Sql, pilots: list[str]) -> dict[tuple[str, int], CycleFacts]:
    select = f"SELECT {CYCLE_COLUMNS} FROM rm_method_checks_cycles"  # noqa: S608 (constants)
    return {(row[0], row[1]): CycleFacts(*row) for row in rows_of_pilots(sql, select, pilots)}
