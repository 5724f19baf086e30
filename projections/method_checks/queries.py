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
from projections.access.queries import beyond_community, readable
from projections.engine.base import Sql
from projections.method_checks.model import CYCLE_COLUMNS
from projections.method_checks.prompts import LABELS, Check, CycleFacts, QuestionFacts, checks

__all__ = [
    "LABELS",
    "Check",
    "checks_for",
    "checks_of",
    "community_checks",
    "summary",
    "summary_beyond",
]

_CYCLES = ", ".join(f"c.{name}" for name in CYCLE_COLUMNS.split(", "))


def _cycles(reader: Reader, where: str = "") -> tuple[str, list[object]]:
    """Each cycle's facts with `reflected`: whether it has a reflection the reader may read;
    `where` narrows the cycles (`WHERE ...` on `c`)."""
    condition, params = readable(reader, pilot="r.pilot_id", part="r.reflection_id")
    select = (
        f"SELECT {_CYCLES}, CASE WHEN EXISTS (SELECT 1 FROM rm_method_checks_reflections r "  # noqa: S608
        f"WHERE r.pilot_id = c.pilot_id AND r.number = c.number AND {condition}) "
        f"THEN 1 ELSE 0 END AS reflected FROM rm_method_checks_cycles c {where}"
    )
    return select, params


def _questions(reader: Reader, where: str = "") -> tuple[str, list[object]]:
    """The questions of the set meetings the reader may read; `where` adds a condition on
    `q`."""
    condition, params = readable(reader, pilot="q.pilot_id", part="q.question_id")
    select = f"SELECT q.* FROM rm_method_checks_questions q WHERE {condition} {where}"  # noqa: S608
    return select, params


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


# (pilots where it holds, pilots it applies to), by check.
Tally = dict[str, tuple[int, int]]
# Whether each check holds (1) or not (0), by check and by pilot, for the pilots it applies to.
PerPilot = dict[str, dict[str, int]]
# The checks read from reflections and set meetings, which depend on who reads; the others
# are read from the pilot's own record, everyone's.
BY_READER = ("reflections", "questions_revisited")


def summary(sql: Sql, *, reader: Reader) -> Tally:
    """For each check, across pilots: (pilots where it holds, pilots it applies to), as
    `reader` may read each pilot's record."""
    return _tallied(_per_pilot(sql, reader))


def community_checks(sql: Sql) -> PerPilot:
    """Each check for each pilot as the community reads the record: what every reader reads,
    so it can be kept per log position and shared (`summary_beyond`)."""
    return _per_pilot(sql, Reader.community())


def summary_beyond(sql: Sql, community: PerPilot, *, reader: Reader) -> Tally:
    """`summary` for `reader`, given `community_checks` at the same position: only the pilots
    where the reader may read a reflection or set meeting the community may not
    (`beyond_community`) are judged again, for the reader; on every other pilot the reader
    reads what the community reads."""
    parts, params = beyond_community(reader)
    pilots = f"SELECT DISTINCT b.pilot_id FROM {parts} b"  # noqa: S608 (constants only)
    affected = {str(pilot) for (pilot,) in sql.rows(pilots, params)}
    own = _per_pilot(sql, reader, (pilots, params))
    merged = {
        name: {p: ok for p, ok in found.items() if p not in affected} | own[name]
        if name in BY_READER else found
        for name, found in community.items()
    }  # fmt: skip
    return _tallied(merged)


def _tallied(found: PerPilot) -> Tally:
    return {name: (sum(oks.values()), len(oks)) for name, oks in found.items()}


def checks_of(sql: Sql, reader: Reader, pilots: tuple[str, list[object]]) -> PerPilot:
    """Every check for the pilots the query `pilots` gives (a query of pilot ids, and its
    parameters), as `reader` reads their record: a pilot's part of the tally, which the
    `programme` read model keeps for the community."""
    return _per_pilot(sql, reader, pilots, BY_READER + EVERYONES)


# The checks read from the pilot's own record alone.
EVERYONES = ("predictions_locked", "decisions_carried")


def _per_pilot(
    sql: Sql,
    reader: Reader,
    only: tuple[str, list[object]] | None = None,
    names: tuple[str, ...] = BY_READER,
) -> PerPilot:
    """Each check for each pilot it applies to, as `reader` reads the record; with `only`
    (a query giving pilot ids, and its parameters), the checks `names` for those pilots."""
    pilots, params = only or ("", [])
    within = f"pilot_id IN ({pilots})" if only else "1 = 1"
    cycles, cycle_params = _cycles(reader, f"WHERE c.{within}" if only else "")
    questions, question_params = _questions(reader, f"AND q.{within}" if only else "")
    own = params if only else []
    per_pilot = {
        "predictions_locked": ("SELECT pilot_id, MIN(locked) AS ok FROM rm_method_checks_cycles "  # noqa: S608
                               f"WHERE reached_do = 1 AND {within} GROUP BY pilot_id", own),
        "decisions_carried": ("SELECT pilot_id, MIN(rationale * followed) AS ok "  # noqa: S608
                              "FROM rm_method_checks_cycles WHERE decision IS NOT NULL "
                              f"AND {within} GROUP BY pilot_id", own),
        "reflections": (f"SELECT pilot_id, MIN(reflected) AS ok FROM ({cycles}) AS c "  # noqa: S608
                        "WHERE reached_do = 1 GROUP BY pilot_id", [*cycle_params, *own]),
        "questions_revisited": ("SELECT q.pilot_id, MIN(CASE WHEN q.open = 1 AND q.due_on <= "  # noqa: S608
                                f"p.last_on THEN 0 ELSE 1 END) AS ok FROM ({questions}) AS q "
                                "JOIN rm_method_checks_pilots p ON p.pilot_id = q.pilot_id "
                                "GROUP BY q.pilot_id", [*question_params, *own]),
    }  # fmt: skip
    return {
        name: {str(pilot): int(ok) for pilot, ok in sql.rows(query, query_params)}
        for name, (query, query_params) in per_pilot.items()
        if only is None or name in names
    }
