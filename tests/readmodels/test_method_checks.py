"""Method checks are read from the record: the model's facts equal a fold of each pilot's own
events, and the prompts say what a person would want pointed out, gently."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import clock
from domain.pilot import events
from domain.pilot.commands import (
    Decide,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    ReviseIdea,
    StartCycle,
)
from domain.pilot.visibility import Reader, seen_by
from domain.service import Pilots
from domain.values import Decision, Prediction, QuestionStatus, Result, Stage
from projections.method_checks.prompts import Check, CycleFacts, QuestionFacts, checks
from projections.method_checks.queries import checks_for, summary
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import AS_LEAD, LEAD, READERS, tell

FOLLOW_ANY = (events.IdeaRevised, events.Concluded)


def expected_checks(pilots: Pilots, pilot_id: UUID, reader: Reader = AS_LEAD) -> list[Check]:
    """The checks computed straight from the pilot as `reader` sees it and its events, not
    from the model."""
    pilot = seen_by(pilots.pilot(pilot_id), reader).pilot
    stored = pilots.history(pilot_id)
    decided_at = {e.number: i for i, e in enumerate(stored) if isinstance(e, events.CycleDecided)}
    cycles = []
    for number, cycle in sorted(pilot.cycles.items()):
        later = stored[decided_at[number] + 1 :] if number in decided_at else []
        next_cycle = cycle.decision != Decision.ABANDON
        followed = any(
            isinstance(e, FOLLOW_ANY) or (next_cycle and isinstance(e, events.CyclePlanned))
            for e in later
        )
        cycles.append(
            CycleFacts(
                str(pilot_id), number, started=int(cycle.stage != Stage.PLANNED),
                reached_do=int(cycle.stage in (Stage.DONE, Stage.STUDIED, Stage.DECIDED)),
                locked=1, decision=None if cycle.decision is None else cycle.decision.value,
                rationale=int(bool(cycle.rationale)), followed=int(followed),
                reflected=int(any(r.cycle == number for r in pilot.reflections.values())),
            )
        )  # fmt: skip
    held = {q: s.held_on for s in pilot.question_sets.values() for q in s.question_ids}
    asked = [
        QuestionFacts(held[q.id], q.status == QuestionStatus.OPEN) for q in pilot.questions.values()
    ]
    return checks(cycles, asked, stored[-1].timestamp.astimezone(UTC).date())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_checks_equal_a_fold_of_each_pilots_events(data: st.DataObject) -> None:
    pilots, ids = tell(data.draw, data.draw(st.integers(0, 60)))
    sql = sqlite_sql()
    project(sql, pilots, data.draw(st.sets(st.integers(1, 200), max_size=6)))
    for reader in READERS:
        held, applies = Counter[str](), Counter[str]()
        for pilot_id in ids:
            found = checks_for(sql, pilot_id, reader=reader)
            assert found == expected_checks(pilots, pilot_id, reader)
            held.update(c.name for c in found if c.ok)
            applies.update(c.name for c in found)
        assert summary(sql, reader=reader) == {
            name: (held[name], applies[name])
            for name in (
                "predictions_locked",
                "decisions_carried",
                "reflections",
                "questions_revisited",
            )
        }


def pilot_on_day(pilots: Pilots, day: list[datetime]) -> UUID:
    with clock.clock_set_to(lambda: day[0]):
        return pilots.execute(
            RegisterPilot(title="Walks", question="How?", idea="Walk"), LEAD
        ).pilot.id


def run_cycle(pilots: Pilots, pilot_id: UUID, decision: str = "adapt") -> int:
    prediction = Prediction("Will they come?", "Ten")
    number = pilots.execute(PlanCycle(pilot_id, objective="Try", predictions=[prediction]), LEAD)
    n: int = number.events[-1].number  # type: ignore[attr-defined]
    pilots.execute(StartCycle(pilot_id, number=n), LEAD)
    pilots.execute(RecordDo(pilot_id, number=n, what_happened="Twelve came"), LEAD)
    results = [Result(prediction.question, "Twelve")]
    pilots.execute(RecordStudy(pilot_id, number=n, results=results, learning="Short suits"), LEAD)
    pilots.execute(Decide(pilot_id, number=n, decision=decision, rationale="Keep it short"), LEAD)
    return n


def prompts(pilots: Pilots, pilot_id: UUID) -> dict[str, tuple[bool, str]]:
    sql = sqlite_sql()
    project(sql, pilots)
    return {c.name: (c.ok, c.prompt) for c in checks_for(sql, pilot_id, reader=AS_LEAD)}


def test_a_new_pilot_is_asked_nothing(pilots: Pilots) -> None:
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="W"), LEAD
    ).pilot.id
    assert prompts(pilots, pilot_id) == {}


def test_a_cycle_without_a_reflection_asks_what_was_noticed(pilots: Pilots) -> None:
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="W"), LEAD
    ).pilot.id
    run_cycle(pilots, pilot_id)
    run_cycle(pilots, pilot_id)
    pilots.execute(
        RecordReflection(pilot_id, kind="observation", text="People lingered", cycle=1), LEAD
    )
    found = prompts(pilots, pilot_id)
    assert found["reflections"] == (False, "Cycle 2 has no reflection yet: what did you notice?")
    assert found["predictions_locked"][0] is True


def test_a_decision_is_carried_into_what_comes_next(pilots: Pilots) -> None:
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="W"), LEAD
    ).pilot.id
    run_cycle(pilots, pilot_id, "abandon")
    ok, prompt = prompts(pilots, pilot_id)["decisions_carried"]
    assert not ok
    assert prompt.startswith("Cycle 1 was abandoned. Will you revise the idea")
    run_cycle(pilots, pilot_id, "adapt")  # a new cycle does not carry an abandoned idea forward
    assert "Cycle 1 was abandoned" in prompts(pilots, pilot_id)["decisions_carried"][1]
    pilots.execute(ReviseIdea(pilot_id, idea="Walk in pairs", rationale="Alone was hard"), LEAD)
    assert prompts(pilots, pilot_id)["decisions_carried"][0] is True


def test_questions_waiting_long_after_their_set_are_pointed_out(pilots: Pilots) -> None:
    day = [datetime(2026, 5, 1, 9, tzinfo=UTC)]
    pilot_id = pilot_on_day(pilots, day)
    with clock.clock_set_to(lambda: day[0]):
        pilots.execute(
            RecordQuestionSet(
                pilot_id, held_on=date(2026, 5, 1), questions=["What helped?", "How?"]
            ),
            LEAD,
        )
        day[0] = datetime(2026, 5, 14, 9, tzinfo=UTC)
        pilots.execute(RecordReflection(pilot_id, kind="experience", text="Thirteen days on"), LEAD)
        assert prompts(pilots, pilot_id)["questions_revisited"][0] is True
        day[0] = datetime(2026, 5, 21, 9, tzinfo=UTC)
        pilots.execute(RecordReflection(pilot_id, kind="experience", text="Twenty days on"), LEAD)
        found = prompts(pilots, pilot_id)["questions_revisited"]
    assert found == (
        False,
        "2 questions are still open up to 20 days after the set met. "
        "Could the next set meeting revisit them?",
    )
