"""Method checks across the record: per pilot, each check that applies with a gentle prompt, and
across pilots, how many pilots each check holds for. The read model that keeps the facts is in
`model`; the prompts are worded in `prompts`.

Both read for a reader. Whether a cycle has a reflection, and which questions wait for a second
look, are judged from the reflections and set meetings the reader may read, filtered in SQL by
the access read model, so a prompt never points at (or counts) an entry the reader cannot see.
The pilot's own record (its cycles, their decisions, the day of its latest event) is everyone's.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.pilot.visibility import Reader
from projections.access.queries import readable
from projections.engine.base import Sql
from projections.method_checks.model import CYCLE_COLUMNS
from projections.method_checks.prompts import LABELS, Check, CycleFacts, QuestionFacts, checks

__all__ = ["LABELS", "Check", "checks_for", "summary"]

_CYCLES = ", ".join(f"c.{name}" for name in CYCLE_COLUMNS.split(", "))


def _cycles(reader: Reader) -> tuple[str, list[object]]:
    """Each cycle's facts with `reflected`: whether it has a reflection the reader may read."""
    condition, params = readable(reader, pilot="r.pilot_id", part="r.reflection_id")
    select = (
        f"SELECT {_CYCLES}, CASE WHEN EXISTS (SELECT 1 FROM rm_method_checks_reflections r "  # noqa: S608
        f"WHERE r.pilot_id = c.pilot_id AND r.number = c.number AND {condition}) "
        "THEN 1 ELSE 0 END AS reflected FROM rm_method_checks_cycles c"
    )
    return select, params


def _questions(reader: Reader) -> tuple[str, list[object]]:
    """The questions of the set meetings the reader may read."""
    condition, params = readable(reader, pilot="q.pilot_id", part="q.question_id")
    return f"SELECT q.* FROM rm_method_checks_questions q WHERE {condition}", params  # noqa: S608


# -- queries ----------------------------------------------------------------------------------


def checks_for(sql: Sql, pilot_id: UUID, *, reader: Reader) -> list[Check]:
    """The checks that apply to the pilot so far as `reader` may read its record, each with a
    prompt; empty for a new pilot."""
    key = str(pilot_id)
    select, params = _cycles(reader)
    cycles = sql.rows(f"{select} WHERE c.pilot_id = ? ORDER BY c.number", [*params, key])
    select, params = _questions(reader)
    asked = sql.rows(
        f"SELECT held_on, open FROM ({select}) AS q WHERE pilot_id = ? ORDER BY held_on",  # noqa: S608
        [*params, key],
    )
    last = sql.rows("SELECT last_on FROM rm_method_checks_pilots WHERE pilot_id = ?", [key])
    return checks(
        [CycleFacts(*row) for row in cycles],
        [QuestionFacts(date.fromisoformat(held_on), bool(still)) for held_on, still in asked],
        date.fromisoformat(last[0][0]) if last else None,
    )


def summary(sql: Sql, *, reader: Reader) -> dict[str, tuple[int, int]]:
    """For each check, across pilots: (pilots where it holds, pilots it applies to), as
    `reader` may read each pilot's record."""
    cycles, cycle_params = _cycles(reader)
    questions, question_params = _questions(reader)
    per_pilot = {
        "predictions_locked": ("SELECT pilot_id, MIN(locked) AS ok FROM rm_method_checks_cycles "
                               "WHERE reached_do = 1 GROUP BY pilot_id", []),
        "decisions_carried": ("SELECT pilot_id, MIN(rationale * followed) AS ok "
                              "FROM rm_method_checks_cycles WHERE decision IS NOT NULL "
                              "GROUP BY pilot_id", []),
        "reflections": (f"SELECT pilot_id, MIN(reflected) AS ok FROM ({cycles}) AS c "  # noqa: S608
                        "WHERE reached_do = 1 GROUP BY pilot_id", cycle_params),
        "questions_revisited": ("SELECT q.pilot_id, MIN(CASE WHEN q.open = 1 AND q.due_on <= "  # noqa: S608
                                f"p.last_on THEN 0 ELSE 1 END) AS ok FROM ({questions}) AS q "
                                "JOIN rm_method_checks_pilots p ON p.pilot_id = q.pilot_id "
                                "GROUP BY q.pilot_id", question_params),
    }  # fmt: skip
    found = {}
    for name, (query, params) in per_pilot.items():
        ((ok, total),) = sql.rows(
            f"SELECT SUM(ok), COUNT(*) FROM ({query}) AS per_pilot",  # noqa: S608
            params,
        )
        found[name] = (int(ok or 0), int(total))
    return found
