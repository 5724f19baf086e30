"""Rules of measures: a definition once per name, and dated finite values at most one a day and
never in the future (corrections, phases and predictions: `test_measure_corrections`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidEntry, NotFound, RuleViolated
from domain.measures.results import Improvement
from domain.pilot import events
from domain.pilot.commands import Conclude, CorrectPoint, Pause, StartPhase
from domain.pilot.measures import MEASURES_MAX, NOTE_MAX, POINTS_MAX, POINTS_PER_CALL_MAX, UNIT_MAX
from domain.service import Pilots
from domain.values import DataPoint, MeasureKind, Outcome
from tests.unit.builders import new_pilot, refused
from tests.unit.measure_support import (
    BEGUN_SOMEWHERE,
    MAY,
    NON_FINITE,
    NOT_NUMBERS,
    NOT_YET,
    at_noon,  # noqa: F401 (autouse: the clock at noon)
    define,
    measured,
    record,
    shared_app,
    short,
)

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
