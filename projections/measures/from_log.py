"""A pilot's charts folded straight from its events: the plain statement of what the measures
read model gives, which the tests compare it against, and what a report built from the log
at a stamp draws.

This reads the pilot's whole event list, so nothing on a request path uses it: pages and the
API read the read model (`projections.measures.queries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod

from domain.measures.results import ANHOEJ, RuleSet
from domain.pilot import events
from projections.measures.annotations import Annotator, Noted
from projections.measures.view import Definition, MeasurePoint, MeasureView, assemble


def views_from_events(
    stored: Sequence[events.Event],
    *,
    at: datetime | None = None,
    chart: str = "run",
    rules: RuleSet = ANHOEJ,
) -> list[MeasureView]:
    """Every chart of one pilot, as it stood at `at` (only what was recorded by then), in the
    order its measures were defined; `stored` are the pilot's events, oldest first."""
    fold = _Fold(at)
    take = fold.event  # bound once: see `projections.engine`
    for event in stored:
        take(event)
        noted = fold.annotator.of(event)  # every event: a start quotes its cycle's objective
        if noted is not None and fold.by_then(event):
            fold.notes.append(noted)
    return [_view(measure, fold.notes, chart, rules, at) for measure in fold.measures.values()]


@dataclass
class _Measure:
    definition: Definition
    points: dict[date, MeasurePoint] = field(default_factory=dict)
    phases: list[tuple[date, str]] = field(default_factory=list)


def _view(
    measure: _Measure, notes: list[Noted], chart: str, rules: RuleSet, at: datetime | None
) -> MeasureView:
    beside = [n.annotation for n in notes if n.measure in (None, measure.definition.id)]
    points = list(measure.points.values())
    return assemble(
        measure.definition, points, measure.phases, beside, chart=chart, rules=rules, at=at
    )


class _Fold:
    def __init__(self, at: datetime | None) -> None:
        self.at = at
        self.annotator = Annotator()
        self.notes: list[Noted] = []
        self.measures: dict[UUID, _Measure] = {}

    def by_then(self, event: events.Event) -> bool:
        return self.at is None or event.timestamp <= self.at

    def measure(self, event: events.Event, measure_id: UUID) -> _Measure | None:
        """The measure an event recorded by then is about; None for any other event."""
        return self.measures.get(measure_id) if self.by_then(event) else None

    @singledispatchmethod
    def event(self, event: events.Event) -> None:
        """Every other event changes no measure."""

    @event.register
    def _(self, event: events.MeasureDefined) -> None:
        if self.by_then(event):
            self.measures[event.measure_id] = _Measure(
                Definition(
                    id=event.measure_id, pilot_id=event.originator_id, name=event.name,
                    kind=str(event.kind), definition=event.definition, unit=event.unit,
                    improvement=str(event.improvement), target=event.target,
                )
            )  # fmt: skip

    @event.register
    def _(self, event: events.PointsRecorded) -> None:
        if (measure := self.measure(event, event.measure_id)) is not None:
            for point in event.points:
                measure.points[point.on] = MeasurePoint(point.on, point.value, point.note)

    @event.register
    def _(self, event: events.PointCorrected) -> None:
        if (measure := self.measure(event, event.measure_id)) is not None:
            before = measure.points.get(event.on)
            note = "" if before is None else before.note
            measure.points[event.on] = MeasurePoint(event.on, event.value, note, corrected=True)

    @event.register
    def _(self, event: events.PhaseStarted) -> None:
        if (measure := self.measure(event, event.measure_id)) is not None:
            measure.phases.append((event.starts, event.reason))
