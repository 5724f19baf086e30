"""Measures: how a pilot knows a change is an improvement.

A measure is defined once, with an operational definition. Its values are dated, at most one a
day, never in the future, and always finite numbers. A wrong value is corrected with a reason,
and the log keeps the old one. A new baseline phase is started by a person, with a reason, after
the first point. Points can still be recorded once a pilot is paused or concluded: a change
that was adopted is watched to see that it holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from domain import rules
from domain.errors import InvalidEntry, NotFound, RuleViolated
from domain.measures.results import Improvement
from domain.pilot import events
from domain.pilot.aggregate import By, Pilot, derived_id, handle
from domain.pilot.commands import CorrectPoint, DefineMeasure, RecordPoints, StartPhase
from domain.pilot.state import Measure
from domain.values import DataPoint, MeasureKind, MeasurePrediction

MEASURES_MAX = 50  # a pilot's measures
POINTS_PER_CALL_MAX = 500
POINTS_MAX = 5_000  # a measure's points
NOTE_MAX = 500
UNIT_MAX = 40
day = rules.day  # a day that has begun somewhere on earth; the paste page checks with it too


@handle.register
def _define(c: DefineMeasure, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    name = rules.text("name", c.name, limit=rules.TITLE_MAX)
    kind = rules.choice("kind", c.kind, MeasureKind)
    definition = rules.text("definition", c.definition)
    improvement = rules.choice("improvement", c.improvement, Improvement)
    unit = rules.optional_text("unit", c.unit, limit=UNIT_MAX)
    target = None if c.target is None else number("target", c.target)
    if any(rules.same_words(name, m.name) for m in pilot.measures.values()):
        raise RuleViolated(f"this pilot already has a measure called {name!r}")
    if len(pilot.measures) >= MEASURES_MAX:
        raise RuleViolated(f"a pilot can have at most {MEASURES_MAX} measures")
    pilot.record(
        events.MeasureDefined, by,
        measure_id=derived_id(by.submission, "measure"),
        name=name, kind=kind, definition=definition, unit=unit, improvement=improvement,
        target=target,
    )  # fmt: skip


@handle.register
def _record_points(c: RecordPoints, pilot: Pilot, by: By) -> None:
    measure = _changed(c, pilot, by)
    points = _points(c.points)
    taken = sorted(p.on for p in points if p.on in measure.values)
    if taken:
        listed = ", ".join(day.isoformat() for day in taken[:5])
        more = f" and {len(taken) - 5} more" if len(taken) > 5 else ""
        raise RuleViolated(
            f"{measure.name} already has a value on {listed}{more}; correct a value instead"
        )
    if len(measure.values) + len(points) > POINTS_MAX:
        raise RuleViolated(f"a measure can hold at most {POINTS_MAX} points")
    pilot.record(events.PointsRecorded, by, measure_id=measure.id, points=points)


@handle.register
def _correct_point(c: CorrectPoint, pilot: Pilot, by: By) -> None:
    measure = _changed(c, pilot, by)
    value = number("value", c.value)
    reason = rules.text("reason", c.reason)
    previous = measure.values.get(c.on)
    if previous is None:
        raise NotFound(f"{measure.name} has no value on {c.on.isoformat()}")
    if value == previous:
        raise RuleViolated(f"the value on {c.on.isoformat()} is already {value:g}")
    pilot.record(
        events.PointCorrected, by,
        measure_id=measure.id, on=c.on, value=value, previous=previous, reason=reason,
    )  # fmt: skip


@handle.register
def _start_phase(c: StartPhase, pilot: Pilot, by: By) -> None:
    measure = _changed(c, pilot, by)
    starts = day("from", c.starts)
    reason = rules.text("reason", c.reason)
    if not measure.values:
        raise RuleViolated(f"record a value of {measure.name} before starting a new phase")
    first = min(measure.values)
    if starts <= first:
        raise RuleViolated(
            f"a new phase must start after the first point ({first.isoformat()}); "
            "the first phase already starts there"
        )
    if starts in measure.phases:
        raise RuleViolated(f"a phase of {measure.name} already starts on {starts.isoformat()}")
    pilot.record(events.PhaseStarted, by, measure_id=measure.id, starts=starts, reason=reason)


def _changed(c: RecordPoints | CorrectPoint | StartPhase, pilot: Pilot, by: By) -> Measure:
    """The measure the command changes, once its sender may write to the pilot."""
    pilot.require_writer(by.actor)
    return pilot.measure(c.measure_id)


def measure_predictions(
    pilot: Pilot, predictions: Sequence[MeasurePrediction]
) -> tuple[MeasurePrediction, ...]:
    """A cycle's predictions of the pilot's measures: each names one of its measures, once."""
    if len(predictions) > rules.PREDICTIONS_MAX:
        raise InvalidEntry("measures", f"at most {rules.PREDICTIONS_MAX} measure predictions")
    kept: dict[object, MeasurePrediction] = {}
    for i, given in enumerate(predictions):
        if given.measure_id not in pilot.measures:
            raise InvalidEntry(f"measures[{i}].measure_id", "this pilot has no such measure")
        if given.measure_id in kept:
            raise InvalidEntry(f"measures[{i}].measure_id", "repeats a measure")
        text = rules.text(f"measures[{i}].prediction", given.prediction)
        kept[given.measure_id] = MeasurePrediction(given.measure_id, text)
    return tuple(kept.values())


def number(field: str, value: object) -> float:
    """A finite number: negative and zero are fine, text, NaN and infinity are not."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidEntry(field, "must be a number")
    try:
        as_float = float(value)
    except OverflowError:  # an int beyond the largest float
        raise InvalidEntry(field, "must be a finite number") from None
    if not math.isfinite(as_float):
        raise InvalidEntry(field, "must be a finite number")
    return as_float


def _points(given: Sequence[DataPoint]) -> tuple[DataPoint, ...]:
    if not 1 <= len(given) <= POINTS_PER_CALL_MAX:
        raise InvalidEntry("points", f"needs between 1 and {POINTS_PER_CALL_MAX} points")
    seen: set[date] = set()
    points = []
    for i, point in enumerate(given):
        on = day(f"points[{i}].on", point.on)
        if on in seen:
            raise InvalidEntry(f"points[{i}].on", f"{on.isoformat()} is given twice")
        seen.add(on)
        value = number(f"points[{i}].value", point.value)
        note = rules.optional_text(f"points[{i}].note", point.note, limit=NOTE_MAX)
        points.append(DataPoint(on, value, note))
    return tuple(sorted(points, key=lambda p: p.on))
