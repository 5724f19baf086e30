"""Rules of measures: a definition once per name, dated finite values at most one a day and never
in the future, corrections with a reason that keep the old value, new phases only after the
first point, and measure predictions that name the pilot's measures and lock when the cycle
starts."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import clock
from domain.errors import InvalidEntry, NotFound, RuleViolated
from domain.measures.results import Improvement
from domain.pilot import events
from domain.pilot.commands import (
    Conclude,
    CorrectPoint,
    DefineMeasure,
    Pause,
    PlanCycle,
    RecordPoints,
    RevisePredictions,
    StartCycle,
    StartPhase,
)
from domain.pilot.measures import MEASURES_MAX, NOTE_MAX, POINTS_MAX, POINTS_PER_CALL_MAX, UNIT_MAX
from domain.service import Pilots
from domain.values import DataPoint, MeasureKind, MeasurePrediction, Outcome, Stage
from tests.unit.builders import PREDICTIONS, new_pilot, pilot_with_cycle_at, refused

shared_app = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
# Noon UTC on 1 June 2026: the 2nd has begun in Kiribati (UTC+14), the 3rd nowhere yet.
NOON = datetime(2026, 6, 1, 12, tzinfo=UTC)
BEGUN_SOMEWHERE, NOT_YET = date(2026, 6, 2), date(2026, 6, 3)
MAY = [date(2026, 5, day) for day in range(1, 32)]
NON_FINITE = [math.nan, math.inf, -math.inf]
NOT_NUMBERS: list[Any] = ["12", None, True, False, b"1", [1.0], 10**400, -(10**400)]


def short(value: Any) -> str:
    """A test id for a parameter, however long its repr."""
    text = repr(value)
    return text if len(text) <= 20 else f"{text[:8]}...{len(text)}-chars"


@pytest.fixture(autouse=True)
def at_noon() -> Iterator[None]:
    with clock.clock_set_to(lambda: NOON):
        yield


def define(pilots: Pilots, pilot_id: UUID, actor: UUID, **fields: Any) -> UUID:
    given_fields = {
        "name": "Attendance",
        "kind": "outcome",
        "definition": "People at a circle, counted at the door",
        "improvement": "up",
    }
    receipt = pilots.execute(DefineMeasure(pilot_id, **(given_fields | fields)), actor)
    measure_id: UUID = receipt.events[-1].measure_id  # type: ignore[attr-defined]
    return measure_id


def measured(pilots: Pilots, *values: tuple[date, float]) -> tuple[UUID, UUID, UUID]:
    """A pilot with one measure holding `values`; its id, its lead and the measure's id."""
    pilot_id, lead = new_pilot(pilots)
    measure_id = define(pilots, pilot_id, lead)
    if values:
        points = [DataPoint(on, value) for on, value in values]
        pilots.execute(RecordPoints(pilot_id, measure_id=measure_id, points=points), lead)
    return pilot_id, lead, measure_id


def record(pilots: Pilots, pilot_id: UUID, lead: UUID, measure_id: UUID, *points: Any) -> Any:
    return pilots.execute(RecordPoints(pilot_id, measure_id=measure_id, points=points), lead)


# -- definitions ----------------------------------------------------------------------------------


def test_a_measure_is_defined_with_its_words_trimmed(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    measure_id = define(
        pilots, pilot_id, lead,
        name="  Waiting  time ", kind="balancing", definition=" Minutes from arrival\r\n",
        improvement="down", unit=" minutes ", target=-2,
    )  # fmt: skip
    measure = pilots.pilot(pilot_id).measures[measure_id]
    assert (measure.name, measure.kind, measure.definition, measure.unit) == (
        "Waiting  time",
        MeasureKind.BALANCING,
        "Minutes from arrival",
        "minutes",
    )
    assert (measure.improvement, measure.target, measure.values, measure.phases) == (
        Improvement.DOWN,
        -2.0,
        {},
        [],
    )
    assert type(measure.target) is float


def test_a_measure_without_a_target_or_unit_keeps_none_and_blank(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    measure_id = define(pilots, pilot_id, lead)
    measure = pilots.pilot(pilot_id).measures[measure_id]
    assert (measure.target, measure.unit) == (None, "")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"definition": " \n\t"}, "definition"),
        ({"definition": ""}, "definition"),
        ({"kind": "vanity"}, "kind"),
        ({"improvement": "sideways"}, "improvement"),
        ({"unit": "u" * (UNIT_MAX + 1)}, "unit"),
        *[({"target": bad}, "target") for bad in [*NON_FINITE, *NOT_NUMBERS] if bad is not None],
    ],
    ids=short,
)
def test_a_definition_that_is_blank_or_malformed_is_invalid(
    pilots: Pilots, fields: dict[str, Any], field: str
) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match=f"^{field}: "):
        define(pilots, pilot_id, lead, **fields)


@pytest.mark.parametrize("same", ["Attendance", "  attendance ", "ATTENDANCE"])
def test_a_pilot_has_one_measure_of_a_name(pilots: Pilots, same: str) -> None:
    pilot_id, lead = new_pilot(pilots)
    define(pilots, pilot_id, lead, name="Attendance")
    with refused(pilots, pilot_id, RuleViolated, match="already has a measure called"):
        define(pilots, pilot_id, lead, name=same, kind="process")


def test_two_pilots_may_each_have_a_measure_of_the_same_name(pilots: Pilots) -> None:
    first, lead = new_pilot(pilots)
    second, other = new_pilot(pilots)
    define(pilots, first, lead)
    define(pilots, second, other)
    assert [m.name for m in pilots.pilot(second).measures.values()] == ["Attendance"]


def test_a_pilot_has_at_most_50_measures(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    for n in range(MEASURES_MAX):
        define(pilots, pilot_id, lead, name=f"Measure {n}")
    with refused(pilots, pilot_id, RuleViolated, match="at most 50 measures"):
        define(pilots, pilot_id, lead, name="One more")


# -- points ---------------------------------------------------------------------------------------


def test_points_given_in_any_order_are_recorded_in_date_order(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    receipt = record(
        pilots, pilot_id, lead, measure_id,
        DataPoint(MAY[9], 3), DataPoint(MAY[0], -1.5), DataPoint(MAY[4], 0),
    )  # fmt: skip
    (recorded,) = receipt.events
    assert isinstance(recorded, events.PointsRecorded)
    assert [(p.on, p.value) for p in recorded.points] == [(MAY[0], -1.5), (MAY[4], 0), (MAY[9], 3)]
    assert all(type(p.value) is float for p in recorded.points)
    values = pilots.pilot(pilot_id).measures[measure_id].values
    assert values == {MAY[0]: -1.5, MAY[4]: 0.0, MAY[9]: 3.0}


def test_notes_are_kept_trimmed_and_a_point_may_have_none(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    record(
        pilots, pilot_id, lead, measure_id,
        DataPoint(MAY[1], 4, "  Snow day\r\n"), DataPoint(MAY[2], 5), DataPoint(MAY[3], 6, "   "),
    )  # fmt: skip
    (recorded,) = [e for e in pilots.history(pilot_id) if isinstance(e, events.PointsRecorded)]
    assert [p.note for p in recorded.points] == ["Snow day", "", ""]


def test_a_note_has_at_most_500_characters(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match=r"^points\[1\]\.note: must be at most 500"):
        record(
            pilots, pilot_id, lead, measure_id,
            DataPoint(MAY[1], 4), DataPoint(MAY[2], 5, "n" * (NOTE_MAX + 1)),
        )  # fmt: skip
    record(pilots, pilot_id, lead, measure_id, DataPoint(MAY[2], 5, "n" * NOTE_MAX))


def test_a_day_already_recorded_is_refused_and_names_the_days(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots, (MAY[0], 1), (MAY[1], 2))
    with refused(pilots, pilot_id, RuleViolated, match="already has a value on 2026-05-02"):
        record(pilots, pilot_id, lead, measure_id, DataPoint(MAY[5], 9), DataPoint(MAY[1], 2))


def test_a_refusal_of_many_taken_days_names_five_and_counts_the_rest(pilots: Pilots) -> None:
    taken = [(day, 1.0) for day in MAY[:8]]
    pilot_id, lead, measure_id = measured(pilots, *taken)
    with refused(pilots, pilot_id, RuleViolated, match="2026-05-05 and 3 more"):
        record(pilots, pilot_id, lead, measure_id, *(DataPoint(d, 2) for d in reversed(MAY[:8])))


def test_a_day_given_twice_in_one_call_is_invalid(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match=r"^points\[2\]\.on: 2026-05-01 is given"):
        record(
            pilots, pilot_id, lead, measure_id,
            DataPoint(MAY[0], 1), DataPoint(MAY[1], 2), DataPoint(MAY[0], 1),
        )  # fmt: skip


@pytest.mark.parametrize("value", [*NON_FINITE, *NOT_NUMBERS], ids=short)
def test_a_value_that_is_not_a_finite_number_is_invalid(pilots: Pilots, value: Any) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match=r"^points\[1\]\.value: must be a"):
        record(pilots, pilot_id, lead, measure_id, DataPoint(MAY[0], 1), DataPoint(MAY[1], value))


@pytest.mark.parametrize("on", [NOT_YET, date(2027, 1, 1), date.max])
def test_a_day_that_has_not_begun_anywhere_is_invalid(pilots: Pilots, on: date) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match=r"^points\[0\]\.on: .* is in the future"):
        record(pilots, pilot_id, lead, measure_id, DataPoint(on, 1))


def test_a_day_that_has_begun_somewhere_is_not_in_the_future(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    record(pilots, pilot_id, lead, measure_id, DataPoint(BEGUN_SOMEWHERE, 1))
    assert pilots.pilot(pilot_id).measures[measure_id].values == {BEGUN_SOMEWHERE: 1.0}


@pytest.mark.parametrize("on", ["2026-05-01", datetime(2026, 5, 1, tzinfo=UTC), None, 20260501])
def test_a_day_that_is_not_a_date_is_invalid(pilots: Pilots, on: Any) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match=r"^points\[0\]\.on: must be a date"):
        record(pilots, pilot_id, lead, measure_id, DataPoint(on, 1))


def test_a_call_records_between_1_and_500_points(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    days = [date(2020, 1, 1) + timedelta(days=n) for n in range(POINTS_PER_CALL_MAX + 1)]
    with refused(pilots, pilot_id, InvalidEntry, match="^points: needs between 1 and 500"):
        record(pilots, pilot_id, lead, measure_id)
    with refused(pilots, pilot_id, InvalidEntry, match="^points: needs between 1 and 500"):
        record(pilots, pilot_id, lead, measure_id, *(DataPoint(d, 1) for d in days))
    receipt = record(pilots, pilot_id, lead, measure_id, *(DataPoint(d, 1) for d in days[1:]))
    assert len(receipt.events[0].points) == POINTS_PER_CALL_MAX


def test_a_measure_holds_at_most_5000_points(pilots: Pilots) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    start = date(2010, 1, 1)
    days = [start + timedelta(days=n) for n in range(POINTS_MAX + 1)]
    for call in range(POINTS_MAX // POINTS_PER_CALL_MAX):
        page = days[call * POINTS_PER_CALL_MAX : (call + 1) * POINTS_PER_CALL_MAX]
        record(pilots, pilot_id, lead, measure_id, *(DataPoint(d, call) for d in page))
    with refused(pilots, pilot_id, RuleViolated, match="at most 5000 points"):
        record(pilots, pilot_id, lead, measure_id, DataPoint(days[-1], 1))


def test_points_of_a_measure_the_pilot_does_not_have_are_not_found(pilots: Pilots) -> None:
    pilot_id, lead, _ = measured(pilots)
    _, _, elsewhere = measured(pilots)
    for measure_id in (uuid4(), elsewhere):
        with refused(pilots, pilot_id, NotFound, match="no such measure"):
            record(pilots, pilot_id, lead, measure_id, DataPoint(MAY[0], 1))
        with refused(pilots, pilot_id, NotFound, match="no such measure"):
            pilots.execute(
                CorrectPoint(pilot_id, measure_id=measure_id, on=MAY[0], value=2, reason="R"),
                lead,
            )
        with refused(pilots, pilot_id, NotFound, match="no such measure"):
            pilots.execute(
                StartPhase(pilot_id, measure_id=measure_id, starts=MAY[3], reason="R"), lead
            )


@pytest.mark.parametrize("status", ["paused", "concluded"])
def test_points_corrections_and_phases_are_welcome_on_a_paused_or_concluded_pilot(
    pilots: Pilots, status: str
) -> None:
    pilot_id, lead, measure_id = measured(pilots, (MAY[0], 1))
    if status == "paused":
        pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    else:
        pilots.execute(Conclude(pilot_id, outcome=Outcome.ADOPTED, summary="It holds"), lead)
    record(pilots, pilot_id, lead, measure_id, DataPoint(MAY[1], 2), DataPoint(MAY[2], 3))
    pilots.execute(
        CorrectPoint(pilot_id, measure_id=measure_id, on=MAY[1], value=4, reason="Typo"), lead
    )
    pilots.execute(StartPhase(pilot_id, measure_id=measure_id, starts=MAY[2], reason="New"), lead)
    measure = pilots.pilot(pilot_id).measures[measure_id]
    assert (pilots.pilot(pilot_id).status.value, measure.phases) == (status, [MAY[2]])
    assert measure.values == {MAY[0]: 1.0, MAY[1]: 4.0, MAY[2]: 3.0}


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


# -- any finite number ----------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1e308]
)
past_days = st.dates(min_value=date(1900, 1, 1), max_value=BEGUN_SOMEWHERE)


@shared_app
@given(
    points=st.lists(st.tuples(past_days, finite), min_size=1, max_size=60, unique_by=lambda p: p[0])
)
def test_any_finite_numbers_on_past_days_record_and_read_back_exactly(
    pilots: Pilots, points: list[tuple[date, float]]
) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    record(pilots, pilot_id, lead, measure_id, *(DataPoint(on, value) for on, value in points))

    def exactly(values: Any) -> list[tuple[date, str]]:
        return sorted((on, repr(value)) for on, value in values)  # repr tells -0.0 from 0.0

    stored = pilots.history(pilot_id)[-1]
    assert isinstance(stored, events.PointsRecorded)
    assert [p.on for p in stored.points] == sorted(on for on, _ in points)
    assert exactly((p.on, p.value) for p in stored.points) == exactly(points)
    read = pilots.pilot(pilot_id).measures[measure_id].values
    assert exactly(read.items()) == exactly(points)


@shared_app
@given(
    points=st.lists(
        st.tuples(past_days, finite), min_size=1, max_size=20, unique_by=lambda p: p[0]
    ),
    bad=st.sampled_from(NON_FINITE),
    where=st.integers(0, 19),
)
def test_any_non_finite_value_among_finite_ones_is_refused(
    pilots: Pilots, points: list[tuple[date, float]], bad: float, where: int
) -> None:
    pilot_id, lead, measure_id = measured(pilots)
    index = where % len(points)
    given_points = [DataPoint(on, bad if i == index else v) for i, (on, v) in enumerate(points)]
    with refused(
        pilots, pilot_id, InvalidEntry, match=rf"^points\[{index}\]\.value: must be a fin"
    ):
        record(pilots, pilot_id, lead, measure_id, *given_points)
