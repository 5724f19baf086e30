"""Method checks across the record: per pilot, each check that applies with a gentle prompt, and
across pilots, how many pilots each check holds for. The read model that keeps the facts is in
`model`; the prompts are worded in `prompts`.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from projections.engine.base import Sql
from projections.method_checks.model import CYCLE_COLUMNS
from projections.method_checks.prompts import LABELS, Check, CycleFacts, QuestionFacts, checks

__all__ = ["LABELS", "Check", "checks_for", "summary"]


# -- queries ----------------------------------------------------------------------------------


def checks_for(sql: Sql, pilot_id: UUID) -> list[Check]:
    """The checks that apply to the pilot so far, each with a prompt; empty for a new pilot."""
    key = (str(pilot_id),)
    cycles = sql.rows(
        f"SELECT {CYCLE_COLUMNS} FROM rm_method_checks_cycles WHERE pilot_id = ? "  # noqa: S608
        "ORDER BY number",
        key,
    )
    asked = sql.rows(
        "SELECT held_on, open FROM rm_method_checks_questions WHERE pilot_id = ? ORDER BY held_on",
        key,
    )
    last = sql.rows("SELECT last_on FROM rm_method_checks_pilots WHERE pilot_id = ?", key)
    return checks(
        [CycleFacts(*row) for row in cycles],
        [QuestionFacts(date.fromisoformat(held_on), bool(still)) for held_on, still in asked],
        date.fromisoformat(last[0][0]) if last else None,
    )


def summary(sql: Sql) -> dict[str, tuple[int, int]]:
    """For each check, across pilots: (pilots where it holds, pilots it applies to)."""
    per_pilot = {
        "predictions_locked": "SELECT pilot_id, MIN(locked) AS ok FROM rm_method_checks_cycles "
        "WHERE reached_do = 1 GROUP BY pilot_id",
        "decisions_carried": "SELECT pilot_id, MIN(rationale * followed) AS ok "
        "FROM rm_method_checks_cycles WHERE decision IS NOT NULL GROUP BY pilot_id",
        "reflections": "SELECT pilot_id, MIN(reflected) AS ok FROM rm_method_checks_cycles "
        "WHERE reached_do = 1 GROUP BY pilot_id",
        "questions_revisited": "SELECT q.pilot_id, MIN(CASE WHEN q.open = 1 AND q.due_on <= "
        "p.last_on THEN 0 ELSE 1 END) AS ok FROM rm_method_checks_questions q "
        "JOIN rm_method_checks_pilots p ON p.pilot_id = q.pilot_id GROUP BY q.pilot_id",
    }
    found = {}
    for name, query in per_pilot.items():
        ((ok, total),) = sql.rows(f"SELECT SUM(ok), COUNT(*) FROM ({query}) AS per_pilot")  # noqa: S608
        found[name] = (int(ok or 0), int(total))
    return found
