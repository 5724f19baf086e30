"""The measures read model: each pilot's measures, every value ever recorded of them, their
phases, and the pilot's log as annotations (queried in `queries`).

Nothing is overwritten, so a chart can be shown as it stood at any moment: a correction is a
row of its own beside the value it replaces, and every row keeps when it was recorded. The
value of a day at a moment is the latest row of that day recorded by then.

Tables: `rm_measures` (the definition), `rm_measure_values` (the points as recorded, each
with its note, and each correction, with its reason, the value it replaced and who made it),
`rm_measure_phases`, `rm_measure_annotations` (a phase's belongs to its measure, every other
to the whole pilot) and `rm_measure_cycles` (each cycle's objective, which the annotation of
its start quotes). Each is read by its primary key's leading pilot (and measure) columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from projections.engine.base import Notice, ReadModel, Sql
from projections.engine.rows import rows_of_pilots
from projections.measures.annotations import Annotator, Noted

_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_measures (pilot_id TEXT NOT NULL, measure_id TEXT NOT NULL, "
    "name TEXT NOT NULL, kind TEXT NOT NULL, definition TEXT NOT NULL, unit TEXT NOT NULL, "
    "improvement TEXT NOT NULL, target DOUBLE PRECISION, defined_at TEXT NOT NULL, "
    "position BIGINT NOT NULL, PRIMARY KEY (pilot_id, measure_id))",
    "CREATE TABLE IF NOT EXISTS rm_measure_values (pilot_id TEXT NOT NULL, "
    "measure_id TEXT NOT NULL, on_day TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, "
    "note TEXT, recorded_at TEXT NOT NULL, position BIGINT NOT NULL, actor TEXT NOT NULL, "
    "reason TEXT, previous DOUBLE PRECISION, PRIMARY KEY (pilot_id, measure_id, position, on_day))",
    "CREATE TABLE IF NOT EXISTS rm_measure_phases (pilot_id TEXT NOT NULL, "
    "measure_id TEXT NOT NULL, starts TEXT NOT NULL, reason TEXT NOT NULL, "
    "recorded_at TEXT NOT NULL, position BIGINT NOT NULL, "
    "PRIMARY KEY (pilot_id, measure_id, starts))",
    "CREATE TABLE IF NOT EXISTS rm_measure_annotations (pilot_id TEXT NOT NULL, "
    "position BIGINT NOT NULL, measure_id TEXT, on_day TEXT NOT NULL, at TEXT NOT NULL, "
    "kind TEXT NOT NULL, text TEXT NOT NULL, cycle INTEGER, PRIMARY KEY (pilot_id, position))",
    "CREATE TABLE IF NOT EXISTS rm_measure_cycles (pilot_id TEXT NOT NULL, "
    "number INTEGER NOT NULL, objective TEXT NOT NULL, PRIMARY KEY (pilot_id, number))",
)


def stamp(at: datetime) -> str:
    """An instant as UTC ISO text of one width, which sorts as time byte by byte."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


class MeasuresModel(ReadModel):
    name = "measures"
    tables = (
        "rm_measures", "rm_measure_values", "rm_measure_phases", "rm_measure_annotations",
        "rm_measure_cycles",
    )  # fmt: skip

    def create(self, sql: Sql) -> None:
        for statement in _TABLES:
            sql.run(statement)

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        starting = [n.pilot for n in batch if isinstance(n.event, events.CycleStarted)]
        fold = MeasuresFold(_objectives(sql, list(dict.fromkeys(starting))))
        take = fold.event  # bound once a batch: see `projections.engine`
        for notice in batch:
            take(notice.event, notice)
            fold.annotate(notice)
        fold.save(sql)


class MeasuresFold:
    """The rows one batch adds, and each pilot's annotator, which knows the objectives of its
    cycles (those saved before the batch, for the pilots whose cycles start in it)."""

    def __init__(self, objectives: dict[str, dict[int, str]]) -> None:
        self.objectives = objectives
        self.annotators: dict[str, Callable[[events.Event], Noted | None]] = {}
        self.measures: list[tuple[object, ...]] = []
        self.values: list[tuple[object, ...]] = []
        self.phases: list[tuple[object, ...]] = []
        self.cycles: list[tuple[object, ...]] = []
        self.annotations: list[tuple[object, ...]] = []

    def annotate(self, notice: Notice) -> None:
        of = self.annotators.get(notice.pilot)
        if of is None:  # `of` bound once a pilot a batch
            of = Annotator(self.objectives.get(notice.pilot)).of
            self.annotators[notice.pilot] = of
        noted = of(notice.event)
        if noted is not None:
            note = noted.annotation
            measure = None if noted.measure is None else str(noted.measure)
            self.annotations.append((
                notice.pilot, notice.position, measure, note.on.isoformat(),
                stamp(notice.event.timestamp), note.kind, note.text, note.cycle,
            ))  # fmt: skip

    @singledispatchmethod
    def event(self, event: events.Event, notice: Notice) -> None:
        """Every other event changes no measure."""

    @event.register
    def _(self, event: events.MeasureDefined, notice: Notice) -> None:
        self.measures.append((
            notice.pilot, str(event.measure_id), event.name, str(event.kind), event.definition,
            event.unit, str(event.improvement), event.target, stamp(event.timestamp),
            notice.position,
        ))  # fmt: skip

    @event.register
    def _(self, event: events.PointsRecorded, notice: Notice) -> None:
        at, measure, actor = stamp(event.timestamp), str(event.measure_id), str(event.actor)
        self.values += [
            (notice.pilot, measure, point.on.isoformat(), point.value, point.note, at,
             notice.position, actor, None, None)
            for point in event.points
        ]  # fmt: skip

    @event.register
    def _(self, event: events.PointCorrected, notice: Notice) -> None:
        self.values.append((
            notice.pilot, str(event.measure_id), event.on.isoformat(), event.value, None,
            stamp(event.timestamp), notice.position, str(event.actor), event.reason,
            event.previous,
        ))  # fmt: skip

    @event.register
    def _(self, event: events.PhaseStarted, notice: Notice) -> None:
        self.phases.append((
            notice.pilot, str(event.measure_id), event.starts.isoformat(), event.reason,
            stamp(event.timestamp), notice.position,
        ))  # fmt: skip

    @event.register
    def _(self, event: events.CyclePlanned, notice: Notice) -> None:
        self.cycles.append((notice.pilot, event.number, event.objective))

    def save(self, sql: Sql) -> None:
        sql.insert(
            "rm_measures",
            "pilot_id, measure_id, name, kind, definition, unit, improvement, target, "
            "defined_at, position",
            self.measures,
        )
        sql.insert(
            "rm_measure_values",
            "pilot_id, measure_id, on_day, value, note, recorded_at, position, actor, reason, "
            "previous",
            self.values,
        )
        sql.insert(
            "rm_measure_phases",
            "pilot_id, measure_id, starts, reason, recorded_at, position",
            self.phases,
        )
        sql.insert(
            "rm_measure_annotations",
            "pilot_id, position, measure_id, on_day, at, kind, text, cycle",
            self.annotations,
        )
        sql.insert("rm_measure_cycles", "pilot_id, number, objective", self.cycles)


def _objectives(sql: Sql, pilot_ids: Sequence[str]) -> dict[str, dict[int, str]]:
    found: dict[str, dict[int, str]] = {}
    select = "SELECT pilot_id, number, objective FROM rm_measure_cycles"
    for pilot, number, objective in rows_of_pilots(sql, select, pilot_ids):
        found.setdefault(pilot, {})[int(number)] = objective
    return found
