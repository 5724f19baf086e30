"""Rules of measures, continued: corrections with a reason that keep the old value, new phases
only after the first point, and measure predictions that name the pilot's measures and lock
when the cycle starts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidEntry, NotFound, RuleViolated
from domain.pilot import events
from domain.pilot.commands import CorrectPoint, PlanCycle, RevisePredictions, StartCycle, StartPhase
from domain.service import Pilots
from domain.values import DataPoint, MeasurePrediction, Stage
from tests.unit.builders import PREDICTIONS, new_pilot, pilot_with_cycle_at, refused
from tests.unit.measure_support import (
    MAY,
    NON_FINITE,
    NOT_NUMBERS,
    NOT_YET,
    at_noon,  # noqa: F401 (autouse: the clock at noon)
    define,
    measured,
    record,
    short,
)

# -- corrections ----------------------------------------------------------------------------------


def test_a_correction_changes_the_value_and_its_event_keeps_the_previous(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots, (MAY[0], 10), (MAY[1], 12))
    receipt = pilots.execute(
        CorrectPoint(pilot_id, measure_id=measure_id, on=MAY[1], value=-3, reason=" Miscount "),
        lead,
    )
    (corrected,) = receipt.events
    assert isinstance(corrected, events.PointCorrected)
    assert (corrected.on, corrected.value, corrected.previous, corrected.reason) == (
        MAY[1],
        -3.0,
        12.0,
        "Miscount",
    )
    assert pilots.pilot(pilot_id).measures[measure_id].values == {MAY[0]: 10.0, MAY[1]: -3.0}
    recorded = [e for e in pilots.history(pilot_id) if isinstance(e, events.PointsRecorded)]
    assert [p.value for p in recorded[0].points] == [10.0, 12.0]  # the log keeps the old value
    again = pilots.execute(
        CorrectPoint(pilot_id, measure_id=measure_id, on=MAY[1], value=13, reason="Recount"), lead
    )
    assert again.events[0].previous == -3.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("on", [MAY[5], NOT_YET, date(1999, 1, 1)])
def test_a_correction_of_a_day_without_a_value_is_not_found(pilots: Pilots, on: date) -> None:
    pilot_id, lead, measure_id = measured(pilots, (MAY[0], 10))
    with refused(pilots, pilot_id, NotFound, match="has no value on"):
        pilots.execute(
            CorrectPoint(pilot_id, measure_id=measure_id, on=on, value=11, reason="Typo"), lead
        )


@pytest.mark.parametrize("same", [10, 10.0])
def test_a_correction_to_the_same_value_is_refused(pilots: Pilots, same: float) -> None:
    pilot_id, lead, measure_id = measured(pilots, (MAY[0], 10))
    with refused(pilots, pilot_id, RuleViolated, match="is already 10"):
        pilots.execute(
            CorrectPoint(pilot_id, measure_id=measure_id, on=MAY[0], value=same, reason="Typo"),
            lead,
        )


@pytest.mark.parametrize(
    ("value", "reason", "field"),
    [
        *[(bad, "Typo", "value") for bad in [*NON_FINITE, *NOT_NUMBERS]],
        (11, "   ", "reason"),
        (11, "", "reason"),
    ],
    ids=short,
)
def test_a_correction_needs_a_finite_number_and_a_reason(
    pilots: Pilots, value: Any, reason: str, field: str
) -> None:
    pilot_id, lead, measure_id = measured(pilots, (MAY[0], 10))
    with refused(pilots, pilot_id, InvalidEntry, match=f"^{field}: "):
        pilots.execute(
            CorrectPoint(pilot_id, measure_id=measure_id, on=MAY[0], value=value, reason=reason),
            lead,
        )


# -- phases ---------------------------------------------------------------------------------------


def test_a_phase_starts_only_after_the_first_point(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)

    def start(on: date) -> Any:
        return pilots.execute(
            StartPhase(pilot_id, measure_id=measure_id, starts=on, reason=" New rota "), lead
        )

    with refused(pilots, pilot_id, RuleViolated, match="before starting a new phase"):
        start(MAY[10])
    record(pilots, pilot_id, lead, measure_id, DataPoint(MAY[5], 1), DataPoint(MAY[9], 2))
    for too_early in (MAY[5], MAY[0]):
        with refused(pilots, pilot_id, RuleViolated, match=r"after the first point \(2026-05-06\)"):
            start(too_early)
    (started,) = start(MAY[6]).events
    assert isinstance(started, events.PhaseStarted)
    assert (started.starts, started.reason) == (MAY[6], "New rota")
    with refused(pilots, pilot_id, RuleViolated, match="already starts on 2026-05-07"):
        start(MAY[6])
    start(MAY[20])  # after the last point too: the next values begin it
    assert pilots.pilot(pilot_id).measures[measure_id].phases == [MAY[6], MAY[20]]


@pytest.mark.parametrize(
    ("starts", "reason", "match"),
    [
        (NOT_YET, "New rota", r"^from: 2026-06-03 is in the future"),
        ("2026-05-07", "New rota", "^from: must be a date"),
        (datetime(2026, 5, 7, tzinfo=UTC), "New rota", "^from: must be a date"),
        (MAY[6], "  ", "^reason: must not be blank"),
    ],
)
def test_a_phase_needs_a_day_that_has_begun_and_a_reason(
    pilots: Pilots, starts: Any, reason: str, match: str
) -> None:
    pilot_id, lead, measure_id = measured(pilots, (MAY[0], 1))
    with refused(pilots, pilot_id, InvalidEntry, match=match):
        pilots.execute(
            StartPhase(pilot_id, measure_id=measure_id, starts=starts, reason=reason), lead
        )


# -- measure predictions --------------------------------------------------------------------------


def planned_with_measures(pilots: Pilots) -> tuple[UUID, UUID, UUID, UUID]:
    """A pilot with two measures and cycle 1 planned predicting the first; its id, its lead and
    the measures' ids."""
    pilot_id, lead = new_pilot(pilots)
    first = define(pilots, pilot_id, lead, name="Attendance")
    second = define(pilots, pilot_id, lead, name="Waiting time", improvement="down")
    pilots.execute(
        PlanCycle(
            pilot_id, objective="Try", predictions=PREDICTIONS,
            measures=[MeasurePrediction(first, "  Twelve a week ")],
        ),
        lead,
    )  # fmt: skip
    return pilot_id, lead, first, second


def test_a_plan_predicts_the_pilots_measures_trimmed(pilots: Pilots) -> None:
    pilot_id, _, first, _ = planned_with_measures(pilots)
    assert pilots.pilot(pilot_id).cycles[1].measures == (MeasurePrediction(first, "Twelve a week"),)
    planned = pilots.history(pilot_id)[-1]
    assert isinstance(planned, events.CyclePlanned)
    assert planned.measures == (MeasurePrediction(first, "Twelve a week"),)


def test_a_plan_need_not_predict_any_measure(pilots: Pilots) -> None:
    pilot_id, _ = pilot_with_cycle_at(pilots, Stage.PLANNED)
    assert pilots.pilot(pilot_id).cycles[1].measures == ()


def bad_predictions(first: UUID, elsewhere: UUID) -> list[tuple[Any, str]]:
    return [
        ([MeasurePrediction(uuid4(), "Ten")], r"^measures\[0\]\.measure_id: this pilot has no"),
        ([MeasurePrediction(elsewhere, "Ten")], r"^measures\[0\]\.measure_id: this pilot has no"),
        (
            [MeasurePrediction(first, "Ten"), MeasurePrediction(first, "Eleven")],
            r"^measures\[1\]\.measure_id: repeats a measure",
        ),
        ([MeasurePrediction(first, " ")], r"^measures\[0\]\.prediction: must not be blank"),
        ([MeasurePrediction(first, "Ten")] * 21, "^measures: at most 20 measure predictions"),
    ]


def test_a_plan_predicts_only_the_pilots_own_measures_once_each(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    first = define(pilots, pilot_id, lead)
    _, _, elsewhere = measured(pilots)
    for given_predictions, match in bad_predictions(first, elsewhere):
        with refused(pilots, pilot_id, InvalidEntry, match=match):
            pilots.execute(
                PlanCycle(
                    pilot_id, objective="Try", predictions=PREDICTIONS, measures=given_predictions
                ),
                lead,
            )


def test_a_revision_checks_its_measure_predictions_as_a_plan_does(pilots: Pilots) -> None:
    pilot_id, lead, first, _ = planned_with_measures(pilots)
    _, _, elsewhere = measured(pilots)
    for given_predictions, match in bad_predictions(first, elsewhere):
        with refused(pilots, pilot_id, InvalidEntry, match=match):
            pilots.execute(
                RevisePredictions(
                    pilot_id, number=1, predictions=PREDICTIONS, measures=given_predictions
                ),
                lead,
            )


def test_a_revision_without_measures_keeps_them_and_one_with_measures_replaces_them(
    pilots: Pilots,
) -> None:
    pilot_id, lead, first, second = planned_with_measures(pilots)
    kept = pilots.execute(RevisePredictions(pilot_id, number=1, predictions=PREDICTIONS[:1]), lead)
    assert kept.events[0].measures is None  # type: ignore[attr-defined]
    assert kept.pilot.cycles[1].measures == (MeasurePrediction(first, "Twelve a week"),)
    assert kept.pilot.cycles[1].predictions == PREDICTIONS[:1]

    changed = [MeasurePrediction(second, "Under ten minutes"), MeasurePrediction(first, "Nine")]
    replaced = pilots.execute(
        RevisePredictions(pilot_id, number=1, predictions=PREDICTIONS, measures=changed), lead
    )
    assert replaced.pilot.cycles[1].measures == tuple(changed)

    cleared = pilots.execute(
        RevisePredictions(pilot_id, number=1, predictions=PREDICTIONS, measures=()), lead
    )
    assert cleared.events[0].measures == ()  # type: ignore[attr-defined]
    assert cleared.pilot.cycles[1].measures == ()


def test_measure_predictions_are_locked_when_the_cycle_starts(pilots: Pilots) -> None:
    pilot_id, lead, first, second = planned_with_measures(pilots)
    pilots.execute(StartCycle(pilot_id, number=1), lead)
    for measures in (None, [MeasurePrediction(second, "Under ten minutes")]):
        with refused(pilots, pilot_id, RuleViolated, match="locked when it started"):
            pilots.execute(
                RevisePredictions(pilot_id, number=1, predictions=PREDICTIONS, measures=measures),
                lead,
            )
    assert pilots.pilot(pilot_id).cycles[1].measures == (MeasurePrediction(first, "Twelve a week"),)
