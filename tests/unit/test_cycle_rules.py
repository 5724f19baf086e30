"""Rules of PDSA cycles: stages in order, one undecided cycle, locked predictions, results set
against predictions, and no new cycles on a paused or concluded pilot."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.errors import InvalidEntry, NotFound, RuleViolated
from domain.pilot.commands import (
    Conclude,
    Decide,
    Pause,
    RecordDo,
    RecordStudy,
    Resume,
    RevisePredictions,
    StartCycle,
)
from domain.service import Pilots, Receipt
from domain.values import Decision, Outcome, Prediction, Result, Stage
from tests.unit.builders import (
    PREDICTIONS,
    RESULTS,
    new_pilot,
    pilot_with_cycle_at,
    plan,
    refused,
    run_cycle_to,
)

UNDECIDED = [Stage.PLANNED, Stage.STARTED, Stage.DONE, Stage.STUDIED]
Step = Callable[[Pilots, UUID, UUID], Receipt]

# Each stage command, and the stage its cycle must be at.
STEPS: dict[str, tuple[Stage, Step]] = {
    "start": (Stage.PLANNED, lambda p, i, a: p.execute(StartCycle(i, number=1), a)),
    "record_do": (
        Stage.STARTED,
        lambda p, i, a: p.execute(RecordDo(i, number=1, what_happened="Ran"), a),
    ),
    "record_study": (
        Stage.DONE,
        lambda p, i, a: p.execute(RecordStudy(i, number=1, results=RESULTS, learning="Came"), a),
    ),
    "decide": (
        Stage.STUDIED,
        lambda p, i, a: p.execute(Decide(i, number=1, decision="adopt", rationale="It worked"), a),
    ),
}


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("step", list(STEPS))
def test_each_stage_command_is_accepted_only_at_the_stage_before_it(
    pilots: Pilots, stage: Stage, step: str
) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, stage)
    needed, command = STEPS[step]
    if stage == needed:
        command(pilots, pilot_id, lead)
        following = list(Stage)[list(Stage).index(stage) + 1]
        assert pilots.pilot(pilot_id).cycle(1).stage == following
    else:
        with refused(pilots, pilot_id, RuleViolated, match=f"must be {needed.value} first"):
            command(pilots, pilot_id, lead)


def test_a_started_cycle_cannot_be_started_again(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.STARTED)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(StartCycle(pilot_id, number=1), lead)


def test_what_happened_cannot_be_recorded_before_the_cycle_starts(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.PLANNED)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(RecordDo(pilot_id, number=1, what_happened="Ran"), lead)


def test_study_needs_a_do_record(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.STARTED)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(RecordStudy(pilot_id, number=1, results=RESULTS, learning="Came"), lead)


def test_a_decision_needs_a_study_record(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DONE)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(
            Decide(pilot_id, number=1, decision=Decision.ADOPT, rationale="It worked"), lead
        )


def test_a_cycle_is_decided_once(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DECIDED)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(
            Decide(pilot_id, number=1, decision=Decision.ABANDON, rationale="Changed"), lead
        )
    assert pilots.pilot(pilot_id).cycle(1).decision == Decision.ADAPT


@pytest.mark.parametrize("stage", UNDECIDED)
def test_only_one_cycle_may_be_undecided(pilots: Pilots, stage: Stage) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, stage)
    with refused(pilots, pilot_id, RuleViolated, match="cycle 1 must be decided"):
        plan(pilots, pilot_id, lead)


def test_a_new_cycle_may_be_planned_once_the_last_is_decided(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DECIDED)
    assert plan(pilots, pilot_id, lead) == 2
    undecided = pilots.pilot(pilot_id).undecided_cycle
    assert undecided is not None
    assert undecided.number == 2


def test_cycles_are_numbered_one_two_three(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    numbers = []
    for _ in range(3):
        numbers.append(plan(pilots, pilot_id, lead))
        run_cycle_to(pilots, pilot_id, lead, numbers[-1], Stage.DECIDED)
    assert numbers == [1, 2, 3]
    assert list(pilots.pilot(pilot_id).cycles) == [1, 2, 3]


REVISED = (Prediction("Will members come?", "Twenty will come"),)


def test_predictions_can_be_revised_while_the_cycle_is_planned(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.PLANNED)
    pilots.execute(RevisePredictions(pilot_id, number=1, predictions=REVISED), lead)
    assert pilots.pilot(pilot_id).cycle(1).predictions == REVISED


@pytest.mark.parametrize("stage", [Stage.STARTED, Stage.DONE, Stage.STUDIED, Stage.DECIDED])
def test_predictions_are_locked_once_the_cycle_starts(pilots: Pilots, stage: Stage) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, stage)
    with refused(pilots, pilot_id, RuleViolated, match="locked"):
        pilots.execute(RevisePredictions(pilot_id, number=1, predictions=REVISED), lead)
    assert pilots.pilot(pilot_id).cycle(1).predictions == PREDICTIONS


FIRST, SECOND = (p.question for p in PREDICTIONS)


@pytest.mark.parametrize(
    ("results", "match"),
    [
        pytest.param([Result(FIRST, "Ten came")], "no result given", id="a result missing"),
        pytest.param(
            [*RESULTS, Result("Will it rain?", "Yes")], "no prediction", id="unpredicted question"
        ),
        pytest.param([*RESULTS, Result(FIRST, "Again")], "repeats", id="two results for one"),
        pytest.param([], "no result given", id="no results"),
    ],
)
def test_each_result_is_set_against_its_prediction(
    pilots: Pilots, results: list[Result], match: str
) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DONE)
    with refused(pilots, pilot_id, InvalidEntry, match=match):
        pilots.execute(RecordStudy(pilot_id, number=1, results=results, learning="Came"), lead)


def test_results_come_back_in_the_order_of_the_predictions(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DONE)
    given = [Result(SECOND, " Half came back "), Result(FIRST, "Ten came")]
    pilots.execute(RecordStudy(pilot_id, number=1, results=given, learning="Came"), lead)
    cycle = pilots.pilot(pilot_id).cycle(1)
    assert cycle.results == (Result(FIRST, "Ten came"), Result(SECOND, "Half came back"))


def test_a_paused_pilot_takes_no_new_cycles_until_it_resumes(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    pilots.execute(Pause(pilot_id, reason="Summer break"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="paused pilot takes no new cycles"):
        plan(pilots, pilot_id, lead)
    pilots.execute(Resume(pilot_id), lead)
    assert plan(pilots, pilot_id, lead) == 1


def test_a_concluded_pilot_takes_no_new_cycles(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DECIDED)
    pilots.execute(Conclude(pilot_id, outcome=Outcome.ADOPTED, summary="It works"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="concluded pilot takes no new cycles"):
        plan(pilots, pilot_id, lead)


def test_starting_a_cycle_needs_an_active_pilot(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.PLANNED)
    pilots.execute(Pause(pilot_id, reason="Waiting for a room"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="resume the pilot"):
        pilots.execute(StartCycle(pilot_id, number=1), lead)
    pilots.execute(Resume(pilot_id), lead)
    pilots.execute(StartCycle(pilot_id, number=1), lead)
    assert pilots.pilot(pilot_id).cycle(1).stage == Stage.STARTED


@pytest.mark.parametrize("step", list(STEPS))
def test_an_unknown_cycle_number_is_not_found(pilots: Pilots, step: str) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, NotFound, match="no cycle 1"):
        STEPS[step][1](pilots, pilot_id, lead)


def test_revising_the_predictions_of_an_unknown_cycle_is_not_found(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.PLANNED)
    with refused(pilots, pilot_id, NotFound, match="no cycle 2"):
        pilots.execute(RevisePredictions(pilot_id, number=2, predictions=REVISED), lead)
