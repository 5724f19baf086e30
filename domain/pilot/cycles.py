"""PDSA cycles: plan (with predictions), start (which locks them), do, study, act.

Stages go in order, only one cycle may be undecided at a time, and a paused or concluded pilot
takes no new cycles.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain import rules
from domain.errors import InvalidEntry, RuleViolated
from domain.pilot import events
from domain.pilot.aggregate import By, Pilot, handle
from domain.pilot.commands import (
    Decide,
    PlanCycle,
    RecordDo,
    RecordStudy,
    RevisePredictions,
    StartCycle,
)
from domain.pilot.measures import measure_predictions
from domain.values import Decision, PilotStatus, Prediction, Result, Stage


@handle.register
def _plan(c: PlanCycle, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    if pilot.status != PilotStatus.ACTIVE:
        raise RuleViolated(f"a {pilot.status.value} pilot takes no new cycles")
    undecided = pilot.undecided_cycle
    if undecided is not None:
        raise RuleViolated(f"cycle {undecided.number} must be decided before a new one")
    pilot.record(
        events.CyclePlanned, by,
        number=len(pilot.cycles) + 1,
        objective=rules.text("objective", c.objective),
        plan=rules.optional_text("plan", c.plan),
        predictions=_predictions(c.predictions),
        measures=measure_predictions(pilot, c.measures),
    )  # fmt: skip


@handle.register
def _revise_predictions(c: RevisePredictions, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    if pilot.cycle(c.number).stage != Stage.PLANNED:
        raise RuleViolated(
            f"the predictions of cycle {c.number} were locked when it started; "
            "plan a new cycle to change them"
        )
    measures = None if c.measures is None else measure_predictions(pilot, c.measures)
    pilot.record(
        events.PredictionsRevised, by,
        number=c.number, predictions=_predictions(c.predictions), measures=measures,
    )  # fmt: skip


@handle.register
def _start(c: StartCycle, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    pilot.require_stage(c.number, Stage.PLANNED, "start")
    if pilot.status == PilotStatus.CONCLUDED:
        raise RuleViolated(f"the pilot has concluded, so cycle {c.number} cannot start")
    if pilot.status == PilotStatus.PAUSED:
        raise RuleViolated(f"resume the pilot before starting cycle {c.number}")
    pilot.record(events.CycleStarted, by, number=c.number)


@handle.register
def _do(c: RecordDo, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    pilot.require_stage(c.number, Stage.STARTED, "record what happened in")
    pilot.record(
        events.DoRecorded, by,
        number=c.number,
        what_happened=rules.text("what_happened", c.what_happened),
        as_planned=bool(c.as_planned),
        deviations=rules.optional_text("deviations", c.deviations),
    )  # fmt: skip


@handle.register
def _study(c: RecordStudy, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    cycle = pilot.require_stage(c.number, Stage.DONE, "study")
    pilot.record(
        events.StudyRecorded, by,
        number=c.number,
        results=_results_against(cycle.predictions, c.results),
        learning=rules.text("learning", c.learning),
        surprises=rules.optional_text("surprises", c.surprises),
    )  # fmt: skip


@handle.register
def _decide(c: Decide, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    pilot.require_stage(c.number, Stage.STUDIED, "decide")
    pilot.record(
        events.CycleDecided, by,
        number=c.number,
        decision=rules.choice("decision", c.decision, Decision),
        rationale=rules.text("rationale", c.rationale),
    )  # fmt: skip


def _predictions(predictions: Sequence[Prediction]) -> tuple[Prediction, ...]:
    questions = rules.distinct(
        "predictions", [p.question for p in predictions], low=1, high=rules.PREDICTIONS_MAX
    )
    return tuple(
        Prediction(question, rules.text(f"predictions[{i}].prediction", p.prediction))
        for i, (question, p) in enumerate(zip(questions, predictions, strict=True))
    )


def _results_against(
    predictions: tuple[Prediction, ...], results: Sequence[Result]
) -> tuple[Result, ...]:
    """Every prediction gets exactly one result, in the order the predictions were made."""
    given: dict[str, str] = {}
    for i, result in enumerate(results):
        question = rules.text(f"results[{i}].question", result.question)
        matches = (p.question for p in predictions if rules.same_words(p.question, question))
        predicted = next(matches, None)
        if predicted is None:
            raise InvalidEntry(f"results[{i}].question", f"no prediction was made for {question!r}")
        if predicted in given:
            raise InvalidEntry(f"results[{i}].question", "repeats a question")
        given[predicted] = rules.text(f"results[{i}].result", result.result)
    missing = [p.question for p in predictions if p.question not in given]
    if missing:
        raise InvalidEntry("results", f"no result given for {missing[0]!r}")
    return tuple(Result(p.question, given[p.question]) for p in predictions)
