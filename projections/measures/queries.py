"""The measures' queries: one measure's chart, every chart of a pilot, the corrections of a
measure's values, and the measures of many pilots. Each is a few reads by primary key; one
measure, with its corrections, is one statement (`measure_and_history`).

With `at`, a chart is as it stood then: only the rows recorded by that moment. A measure
defined after it does not exist then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any
from uuid import UUID

from domain.measures.results import ANHOEJ, RuleSet
from projections.engine.base import Row, Scalar, Sql
from projections.engine.rows import rows_of_pilots
from projections.measures.model import stamp
from projections.measures.view import Annotation, Definition, MeasurePoint, MeasureView, assemble
from projections.timeline.model import bytewise

_MEASURES = (
    "SELECT measure_id, name, kind, definition, unit, improvement, target, defined_at, "
    "pilot_id FROM rm_measures"
)
_VALUES = "SELECT measure_id, on_day, value, note, reason FROM rm_measure_values"
_PHASES = "SELECT measure_id, starts, reason FROM rm_measure_phases"
_NOTES = "SELECT measure_id, on_day, kind, text, cycle FROM rm_measure_annotations"
# One measure whole in one statement (a page's reads on PostgreSQL are mostly round trips): the
# definition (part 0), with the subqueries asked for beside it; every value row (1), with who
# made a correction and when; the phases (2) and the annotations beside the chart (3). Each
# part's columns are of one type at each place: part, position, five texts, two numbers, an
# integer (the first part's NULLs typed, since PostgreSQL matches a UNION's parts pair by
# pair). Rows come in any order: sorting a few dozen in Python costs less than in SQLite.
_ONE = (
    "SELECT 0, position, name, kind, definition, unit, improvement, target, "
    "CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS INTEGER){beside} FROM rm_measures "
    "WHERE pilot_id = ? AND measure_id = ?{defined} "
    "UNION ALL SELECT 1, position, on_day, note, reason, "
    "CASE WHEN reason IS NULL THEN NULL ELSE actor END, "
    "CASE WHEN reason IS NULL THEN NULL ELSE recorded_at END, value, previous, NULL{none} "
    "FROM rm_measure_values WHERE pilot_id = ? AND measure_id = ?{recorded} "
    "UNION ALL SELECT 2, position, starts, reason, NULL, NULL, NULL, NULL, NULL, NULL{none} "
    "FROM rm_measure_phases WHERE pilot_id = ? AND measure_id = ?{recorded} "
    "UNION ALL SELECT 3, position, on_day, kind, text, NULL, NULL, NULL, NULL, cycle{none} "
    "FROM rm_measure_annotations WHERE pilot_id = ? AND (measure_id IS NULL OR measure_id = ?)"
    "{noted}"
)
_POSITION = itemgetter(1)


@dataclass(frozen=True)
class ValueChange:
    """A value corrected: the day's new value, the one it replaced, why, by whom and when."""

    on: date
    value: float
    previous: float
    reason: str
    actor: UUID
    at: datetime


@dataclass(frozen=True)
class Measured:
    """One measure read whole (`measure_and_history`): its chart, the corrections of its values
    (as `value_history` gives them), and the values of the subqueries read beside it."""

    view: MeasureView
    history: list[ValueChange]
    beside: tuple[Any, ...] = ()


def measure_and_history(
    sql: Sql,
    pilot_id: UUID,
    measure_id: UUID,
    *,
    chart: str = "run",
    rules: RuleSet = ANHOEJ,
    at: datetime | None = None,
    beside: Sequence[Scalar] = (),
) -> Measured | None:
    """The measure's chart, as it stands or stood at `at`, the corrections of its values (as
    `value_history` gives them), and the `beside` subqueries' values (another model's, for the
    same page), read in one statement; None when the pilot has no such measure (then)."""
    key = (str(pilot_id), str(measure_id))
    moment = None if at is None else stamp(at)
    defined, params = _by_then(sql, "defined_at", moment)
    recorded, by_recorded = _by_then(sql, "recorded_at", moment)
    noted, by_noted = _by_then(sql, "at", moment)
    statement = _ONE.format(
        beside="".join(f", {query}" for query, _ in beside), none=", NULL" * len(beside),
        defined=defined, recorded=recorded, noted=noted,
    )  # fmt: skip
    asked = [value for _, values in beside for value in values]
    rows = sql.rows(
        statement,
        (*asked, *key, *params, *key, *by_recorded, *key, *by_recorded, *key, *by_noted),
    )
    parts: tuple[list[Row], ...] = ([], [], [], [])
    for row in rows:
        parts[row[0]].append(row)
    if not parts[0]:
        return None
    (_, _, name, kind, definition, unit, improvement, target, *_), *_ = parts[0]
    measure = Definition(
        id=measure_id, pilot_id=pilot_id, name=name, kind=kind, definition=definition,
        unit=unit, improvement=improvement, target=None if target is None else float(target),
    )  # fmt: skip
    values = sorted(parts[1], key=_POSITION)
    view = assemble(
        measure,
        _points([(row[2], row[7], row[3], row[4]) for row in values]),
        [(date.fromisoformat(row[2]), row[3]) for row in parts[2]],
        [Annotation(on=date.fromisoformat(row[2]), kind=row[3], text=row[4], cycle=row[9])
         for row in sorted(parts[3], key=_POSITION)],
        chart=chart, rules=rules, at=at,
    )  # fmt: skip
    history = [
        _change((row[2], row[7], row[8], row[4], row[5], row[6]))
        for row in values
        if row[4] is not None  # a reason: a correction
    ]
    return Measured(view, history, tuple(parts[0][0][10:]))


def measure_views(
    sql: Sql,
    pilot_id: UUID,
    *,
    at: datetime | None = None,
    chart: str = "run",
    rules: RuleSet = ANHOEJ,
) -> list[MeasureView]:
    """Every chart of the pilot, in the order its measures were defined: four reads in all."""
    pilot = str(pilot_id)
    moment = None if at is None else stamp(at)
    measures = [
        row
        for row in sql.rows(f"{_MEASURES} WHERE pilot_id = ? ORDER BY position", (pilot,))
        if moment is None or row[7] <= moment
    ]
    if not measures:
        return []
    by, params = _by_then(sql, "recorded_at", moment)
    ordered = f"{_VALUES} WHERE pilot_id = ?{by} ORDER BY position"
    values = _by_measure(sql.rows(ordered, (pilot, *params)))
    phases = _by_measure(sql.rows(f"{_PHASES} WHERE pilot_id = ?{by}", (pilot, *params)))
    by, params = _by_then(sql, "at", moment)
    notes = sql.rows(f"{_NOTES} WHERE pilot_id = ?{by} ORDER BY position", (pilot, *params))
    views = []
    for row in measures:
        beside = _annotations([n for n in notes if n[0] is None or n[0] == row[0]])
        points = _points([row[1:] for row in values.get(row[0], [])])
        starts = _phases(phases.get(row[0], []))
        views.append(
            assemble(_definition(row), points, starts, beside, chart=chart, rules=rules, at=at)
        )
    return views


def value_history(
    sql: Sql, pilot_id: UUID, measure_id: UUID, *, at: datetime | None = None
) -> list[ValueChange]:
    """Every correction of the measure's values (by `at`), in the order they were made."""
    by, params = _by_then(sql, "recorded_at", None if at is None else stamp(at))
    rows = sql.rows(
        "SELECT on_day, value, previous, reason, actor, recorded_at "  # noqa: S608 (constants)
        "FROM rm_measure_values WHERE pilot_id = ? AND measure_id = ? "
        f"AND reason IS NOT NULL{by} ORDER BY position",
        (str(pilot_id), str(measure_id), *params),
    )
    return [_change(row) for row in rows]


def measures_of_pilots(sql: Sql, pilot_ids: Sequence[UUID]) -> dict[UUID, list[Definition]]:
    """The measures of each of these pilots that has any, in the order they were defined."""
    found: dict[UUID, list[Definition]] = {}
    ids = [str(pilot_id) for pilot_id in pilot_ids]
    for row in rows_of_pilots(sql, _MEASURES, ids, " ORDER BY pilot_id, position"):
        definition = _definition(row)
        found.setdefault(definition.pilot_id, []).append(definition)
    return found


def _by_then(sql: Sql, column: str, moment: str | None) -> tuple[str, tuple[str, ...]]:
    """The condition, and its parameter, that keeps only rows recorded by `moment`."""
    if moment is None:
        return "", ()
    return f" AND {column}{bytewise(sql)} <= ?", (moment,)


def _by_measure(rows: Sequence[Row]) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(row)
    return found


def _change(row: Row) -> ValueChange:
    on, value, previous, reason, actor, recorded = row
    return ValueChange(
        on=date.fromisoformat(on), value=float(value), previous=float(previous),
        reason=reason, actor=UUID(actor), at=datetime.fromisoformat(recorded),
    )  # fmt: skip


def _definition(row: Row) -> Definition:
    measure_id, name, kind, definition, unit, improvement, target, _, pilot_id = row
    return Definition(
        id=UUID(measure_id), pilot_id=UUID(pilot_id), name=name, kind=kind,
        definition=definition, unit=unit, improvement=improvement,
        target=None if target is None else float(target),
    )  # fmt: skip


def _points(rows: Sequence[Row]) -> list[MeasurePoint]:
    """Each day's latest value, from its rows (day, value, note, reason) oldest first; the note
    is the one recorded with the day's first value, which a correction keeps."""
    days: dict[str, MeasurePoint] = {}
    for on, value, note, reason in rows:
        kept = days.get(on)
        days[on] = MeasurePoint(
            on=date.fromisoformat(on),
            value=float(value),
            note=(note or "") if kept is None else kept.note,
            corrected=kept is not None or reason is not None,
        )
    return list(days.values())


def _phases(rows: Sequence[Row]) -> list[tuple[date, str]]:
    return [(date.fromisoformat(starts), reason) for _, starts, reason in rows]


def _annotations(rows: Sequence[Row]) -> list[Annotation]:
    return [
        Annotation(on=date.fromisoformat(on), kind=kind, text=text, cycle=cycle)
        for _, on, kind, text, cycle in rows
    ]
