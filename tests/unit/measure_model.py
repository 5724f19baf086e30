"""The measures' part of the plain model of pilots (R7 in docs/quality.md), written from the
rules in docs/domain.md ("Measures") and never calling the domain's rule code.

A pilot's measures are defined once each, with an operational definition; their values are
dated, at most one a day, finite, and never on a day that has not begun anywhere on earth; a
value is corrected with a reason, the log keeping the one it replaces; a new baseline phase
starts, with a reason, on a day after the first value. Anyone on the team writes them, whatever
the pilot's status: a change that was adopted is watched to see that it holds. A cycle's plan
may predict what its measures will show, and those predictions lock with the others.

`Model` here is the whole model: the commands of `tests.unit.pilot_model.Model`, and these.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.errors import InvalidEntry, NotFound, RuleViolated
from tests.unit.pilot_model import (
    PREDICTIONS_MAX,
    TITLE_MAX,
    Change,
    Checks,
    CycleModel,
    PilotModel,
    Verdict,
    clean,
    optional_ok,
    text_ok,
    words,
)
from tests.unit.pilot_model import Model as PilotsModel

KINDS = ("outcome", "process", "balancing")  # the aim, a step on the way, what might suffer
IMPROVEMENTS = ("up", "down")  # the direction that is better
# Bounds the product sets on measures (the unit tests of measures hold it to each).
MEASURES_MAX, POINTS_PER_CALL_MAX, POINTS_MAX, NOTE_MAX, UNIT_MAX = 50, 500, 5_000, 500, 40
# The day that begins first is in the time zone furthest ahead of UTC (UTC+14, Kiribati).
FURTHEST_AHEAD = timedelta(hours=14)

# A point as the test sends it: its day, value and note, any of them possibly malformed.
Point = tuple[Any, Any, Any]
# What a cycle's plan predicts of a measure: the measure's id, and the prediction.
Predicted = tuple[UUID, str]


def finite(value: object) -> float | None:
    """`value` as a float if it is a number (an int or a float, not a bool, not text) that a
    float holds, and finite; otherwise None."""
    if type(value) not in (int, float):
        return None
    try:
        as_float = float(value)  # type: ignore[arg-type]
    except OverflowError:
        return None
    return None if math.isinf(as_float) or math.isnan(as_float) else as_float


@dataclass
class MeasureModel:
    id: UUID
    name: str
    kind: str
    definition: str
    unit: str
    improvement: str
    target: float | None
    values: dict[date, float] = field(default_factory=dict)  # the current value on each day
    phases: list[date] = field(default_factory=list)  # the days later phases start
    # What its log holds beyond the definition, in order: ("points", ((on, value, note), ...)),
    # ("corrected", on, value, previous, reason) and ("phase", starts, reason).
    log: list[tuple[Any, ...]] = field(default_factory=list)

    def describe(self) -> tuple[Any, ...]:
        return (
            self.name, self.kind, self.definition, self.unit, self.improvement, self.target,
            dict(self.values), list(self.phases),
        )  # fmt: skip

    def picture(self) -> tuple[Any, ...]:
        return (self.name, len(self.values), len(self.phases))


def measure_logs(pilot: PilotModel) -> dict[UUID, list[tuple[Any, ...]]]:
    """What each measure's log holds beyond its definition, by measure."""
    return {i: list(m.log) for i, m in pilot.measures.items() if m.log}


class Model(PilotsModel):
    """The model of pilots, with their measures."""

    def __init__(self) -> None:
        super().__init__()
        # The moment a command is sent: the test sets the application's clock to it.
        self.now = datetime.combine(self.today, datetime.min.time(), UTC)

    def latest_day(self) -> date:
        """The latest day that has begun somewhere on earth."""
        return (self.now + FURTHEST_AHEAD).date()

    def day_problem(self, on: object) -> str | None:
        """Why `on` is no day a value or a phase may have: not a date, or not begun yet."""
        if not isinstance(on, date) or isinstance(on, datetime):
            return "not a date"
        return "in the future" if on > self.latest_day() else None

    @staticmethod
    def find(pilot: PilotModel, checks: Checks, measure_id: UUID) -> MeasureModel | None:
        """The pilot's measure; another pilot's, or nobody's, is not found."""
        measure = pilot.measures.get(measure_id)
        checks.fail(NotFound, measure is None)
        return measure

    def define_measure(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        name: str,
        kind: str,
        definition: str,
        improvement: str,
        unit: str,
        target: object,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # A name no longer than a title; an operational definition that is not blank.
            checks.fail(InvalidEntry, not text_ok(name, TITLE_MAX), "name")
            checks.fail(InvalidEntry, kind not in KINDS, "kind")
            checks.fail(InvalidEntry, not text_ok(definition), "definition")
            checks.fail(InvalidEntry, improvement not in IMPROVEMENTS, "improvement")
            checks.fail(InvalidEntry, not optional_ok(unit, UNIT_MAX), "unit")
            checks.fail(InvalidEntry, target is not None and finite(target) is None, "target")
            # "a second measure of the same name" (the same words, whatever the case or
            # spacing), and a bound on how many a pilot has.
            said = words(clean(name))
            checks.fail(RuleViolated, any(words(m.name) == said for m in pilot.measures.values()))
            checks.fail(RuleViolated, len(pilot.measures) >= MEASURES_MAX)

            def change(event: Any) -> None:
                pilot.measures[event.measure_id] = MeasureModel(
                    event.measure_id, clean(name), kind, clean(definition), clean(unit),
                    improvement, None if target is None else finite(target),
                )  # fmt: skip

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def record_points(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        measure_id: UUID,
        points: Sequence[Point],
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            measure = self.find(pilot, checks, measure_id)
            # "entered one at a time or up to 500 at once"
            checks.fail(InvalidEntry, not 1 <= len(points) <= POINTS_PER_CALL_MAX, "points")
            for i, (on, value, note) in enumerate(points):
                # "never on a day that has not yet begun anywhere on earth"; "at most one a
                # day", so a day given twice in one entry is invalid
                checks.fail(InvalidEntry, self.day_problem(on) is not None, f"points[{i}].on")
                checks.fail(InvalidEntry, on in [p[0] for p in points[:i]], f"points[{i}].on")
                # "any finite number (negative too)"
                checks.fail(InvalidEntry, finite(value) is None, f"points[{i}].value")
                checks.fail(InvalidEntry, not optional_ok(note, NOTE_MAX), f"points[{i}].note")
            if measure is not None:
                # "a value on a day that already has one" is put right by a correction instead
                checks.fail(RuleViolated, any(on in measure.values for on, _, _ in points))
                checks.fail(RuleViolated, len(measure.values) + len(points) > POINTS_MAX)

            def change(_event: Any) -> None:
                assert measure is not None
                kept = sorted((on, float(value), clean(note)) for on, value, note in points)
                measure.values.update((on, value) for on, value, _ in kept)
                measure.log.append(("points", tuple(kept)))

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def correct_point(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        measure_id: UUID,
        on: date,
        value: object,
        reason: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            measure = self.find(pilot, checks, measure_id)
            checks.fail(InvalidEntry, finite(value) is None, "value")
            checks.fail(InvalidEntry, not text_ok(reason), "reason")
            previous = None if measure is None else measure.values.get(on)
            # Only a value that was recorded is corrected ...
            checks.fail(NotFound, measure is not None and previous is None)
            # ... and "a correction to the same value" changes nothing.
            checks.fail(RuleViolated, previous is not None and previous == finite(value))

            def change(_event: Any) -> None:
                assert measure is not None
                assert previous is not None
                corrected = finite(value)
                assert corrected is not None
                measure.values[on] = corrected
                measure.log.append(("corrected", on, corrected, previous, clean(reason)))

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def start_phase(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        measure_id: UUID,
        starts: date,
        reason: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            measure = self.find(pilot, checks, measure_id)
            # The API and the form call the day a phase starts `from`, and so does a refusal.
            checks.fail(InvalidEntry, self.day_problem(starts) is not None, "from")
            checks.fail(InvalidEntry, not text_ok(reason), "reason")
            if measure is not None:
                # "on a day after the first value": the first phase starts there, so there
                # must be a value, and the new phase must start later; and one phase a day.
                checks.fail(RuleViolated, not measure.values)
                checks.fail(RuleViolated, bool(measure.values) and starts <= min(measure.values))
                checks.fail(RuleViolated, starts in measure.phases)

            def change(_event: Any) -> None:
                assert measure is not None
                measure.phases.append(starts)
                measure.log.append(("phase", starts, clean(reason)))

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    # -- a cycle's predictions of the pilot's measures -----------------------------------------

    def plan_cycle(
        self, pilot_id: UUID, actor: UUID, *, measures: Sequence[Predicted] = (), **fields: Any
    ) -> Verdict:
        """The plan, as `pilot_model` judges it, and what it predicts of the pilot's measures:
        the new cycle holds the predictions."""
        verdict = super().plan_cycle(pilot_id, actor, **fields)
        return self.predicting(verdict, pilot_id, measures, lambda p: p.cycles[len(p.cycles)])

    def revise_predictions(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        measures: Sequence[Predicted] | None = None,
        **fields: Any,
    ) -> Verdict:
        """A revision that does not say what it predicts of the measures (None) keeps the
        predictions the cycle has; one that does replaces them, even with none."""
        verdict = super().revise_predictions(pilot_id, actor, number=number, **fields)
        if measures is None:
            return verdict
        return self.predicting(verdict, pilot_id, measures, lambda p: p.cycles[number])

    def predicting(
        self,
        verdict: Verdict,
        pilot_id: UUID,
        measures: Sequence[Predicted],
        cycle: Callable[[PilotModel], CycleModel],
    ) -> Verdict:
        """`verdict`, with the rules of measure predictions added: when it accepts the
        command and they hold, `cycle` of the pilot holds the predictions afterwards."""
        pilot = self.pilots.get(pilot_id)
        if pilot is None or verdict.replay_of is not None:
            return verdict  # no pilot, or a repeated submission: nothing more is judged
        checks = Checks()
        # "a cycle's plan may predict what a measure will show": at most as many predictions
        # as questions, each of one of the pilot's measures, once, and each said.
        checks.fail(InvalidEntry, len(measures) > PREDICTIONS_MAX, "measures")
        for i, (measure_id, prediction) in enumerate(measures):
            known = measure_id in pilot.measures
            again = measure_id in [m for m, _ in measures[:i]]
            checks.fail(InvalidEntry, not known or again, f"measures[{i}].measure_id")
            checks.fail(InvalidEntry, not text_ok(prediction), f"measures[{i}].prediction")
        if not checks.errors:
            accept = verdict.apply
            if accept is None:
                return verdict

            def apply(event: Any) -> None:
                assert accept is not None
                accept(event)
                cycle(pilot).measures = tuple((m, clean(p)) for m, p in measures)

            return Verdict(apply=apply)
        if verdict.apply is not None:  # refused for its measure predictions alone
            return checks.verdict()
        fields = None
        if verdict.fields is not None and checks.fields is not None:
            fields = verdict.fields | checks.fields
        return Verdict(errors=verdict.errors | checks.errors, fields=fields)
