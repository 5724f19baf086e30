"""The timeline and idea history as pure functions over a pilot's events."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from domain.pilot import events
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Conclude,
    Correct,
    CorrectPoint,
    DefineMeasure,
    NewAction,
    Pause,
    PlanCycle,
    RecordDo,
    RecordPoints,
    RecordQuestionSet,
    RecordReflection,
    RemoveMember,
    ReportAction,
    Resume,
    ReviseIdea,
    RevisePredictions,
    SetQuestionSetVisibility,
    SetQuestionStatus,
    SetReflectionVisibility,
    StartCycle,
    StartPhase,
    WithdrawReflection,
)
from domain.service import Pilots
from domain.values import DataPoint, Prediction, Stage
from projections.audit.ideas import DiffPiece, idea_history, word_diff
from projections.timeline.from_events import timeline
from tests.unit.builders import RESULTS, new_pilot, pilot_with_cycle_at

NAMES = {UUID(int=1): "Sam Member"}


def every_kind_of_event(pilots: Pilots) -> tuple[UUID, UUID]:
    """A pilot that has recorded each kind of event once or more."""
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DECIDED)
    sam = UUID(int=1)
    pilots.execute(ReviseIdea(pilot_id, idea="Story walks", rationale="Rooms are scarce"), lead)
    pilots.execute(AssignRole(pilot_id, user=sam, role="member"), lead)
    pilots.execute(RemoveMember(pilot_id, user=sam), lead)
    predictions = [Prediction(r.question, "Yes") for r in RESULTS]
    pilots.execute(PlanCycle(pilot_id, objective="Walk instead", predictions=predictions[:1]), lead)
    pilots.execute(RevisePredictions(pilot_id, number=2, predictions=predictions), lead)
    pilots.execute(StartCycle(pilot_id, number=2), lead)
    pilots.execute(RecordDo(pilot_id, number=2, what_happened="Rain", as_planned=False), lead)
    reflected = pilots.execute(
        RecordReflection(pilot_id, kind="next_step", text="Umbrellas", cycle=2), lead
    ).events[-1]
    pilots.execute(
        SetReflectionVisibility(
            pilot_id,
            reflection_id=reflected.reflection_id,
            visibility="team",  # type: ignore[attr-defined]
        ),
        lead,
    )
    taken_back = pilots.execute(
        RecordReflection(pilot_id, kind="meaning", text="Soggy", visibility="private"), lead
    ).events[-1]
    pilots.execute(
        WithdrawReflection(
            pilot_id,
            reflection_id=taken_back.reflection_id,
            reason="Mine",  # type: ignore[attr-defined]
        ),
        lead,
    )
    receipt = pilots.execute(
        RecordQuestionSet(
            pilot_id,
            held_on=date(2026, 5, 1),
            questions=["What helped?"],
            actions=[NewAction("Call Sam", lead)],
        ),
        lead,
    )
    held = receipt.pilot.question_sets[receipt.events[-1].set_id]  # type: ignore[attr-defined]
    question = held.question_ids[0]
    pilots.execute(SetQuestionSetVisibility(pilot_id, set_id=held.id, visibility="private"), lead)
    pilots.execute(AddInsight(pilot_id, question_id=question, text="Tea matters"), lead)
    pilots.execute(
        SetQuestionStatus(pilot_id, question_id=question, status="carried_forward"), lead
    )
    pilots.execute(ReportAction(pilot_id, action_id=held.actions[0].id, report="Sam is in"), lead)
    pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    pilots.execute(Resume(pilot_id), lead)
    defined = pilots.execute(
        DefineMeasure(pilot_id, name="Attendance", kind="outcome", definition="At the door",
                      improvement="up"), lead,
    ).events[-1]  # fmt: skip
    measure = defined.measure_id  # type: ignore[attr-defined]
    pilots.execute(RecordPoints(pilot_id, measure_id=measure, points=[
        DataPoint(date(2026, 1, 5), 4), DataPoint(date(2026, 1, 12), 6.5)]), lead)  # fmt: skip
    pilots.execute(RecordPoints(pilot_id, measure_id=measure, points=[
        DataPoint(date(2026, 1, 19), 7)]), lead)  # fmt: skip
    pilots.execute(
        CorrectPoint(pilot_id, measure_id=measure, on=date(2026, 1, 5), value=5, reason="Late"),
        lead,
    )
    pilots.execute(
        StartPhase(pilot_id, measure_id=measure, starts=date(2026, 1, 12), reason="Fridays"), lead
    )
    pilots.execute(
        Correct(pilot_id, entry="cycle:1:learning", text="Few came", reason="Miscounted"), lead
    )
    pilots.execute(Conclude(pilot_id, outcome="adapted", summary="Walks work"), lead)
    return pilot_id, lead


def test_every_kind_of_event_reads_as_its_own_sentence(pilots: Pilots) -> None:
    pilot_id, lead = every_kind_of_event(pilots)
    names = NAMES | {lead: "Lee Lead"}
    entries = timeline(pilots.history(pilot_id), names.__getitem__)
    said = [entry.summary for entry in entries]
    kinds = {entry.kind for entry in entries}
    classes = [c for c in vars(events).values() if isinstance(c, type)]
    recorded = {c.__name__ for c in classes if issubclass(c, events.Event)} - {"Event", "Created"}
    assert kinds == recorded
    assert [e.version for e in entries] == list(range(1, len(entries) + 1))
    assert all(e.actor == lead for e in entries)
    assert {
        "Lee Lead registered the pilot “Story circles”",
        "Lee Lead planned cycle 1: Try it",
        "Lee Lead started cycle 1, locking 2 predictions",
        "Lee Lead recorded what happened in cycle 1: Ran",
        "Lee Lead studied cycle 1: People came",
        "Lee Lead decided to adapt in cycle 1: Shorter next time",
        "Lee Lead revised the idea: Rooms are scarce",
        "Lee Lead made Sam Member a member of the pilot",
        "Lee Lead removed Sam Member from the team",
        "Lee Lead planned cycle 2: Walk instead",
        "Lee Lead revised the predictions of cycle 2",
        "Lee Lead started cycle 2, locking 2 predictions",
        "Lee Lead recorded what happened in cycle 2 (not as planned): Rain",
        "Lee Lead reflected on cycle 2, noting a next step: Umbrellas",
        "Lee Lead shared a reflection with the team",
        "Lee Lead reflected, noting what it means (since withdrawn)",
        f"Lee Lead withdrew a reflection: withdrawn on {datetime.now(UTC).date().isoformat()}",
        "Lee Lead made the set meeting of 2026-05-01 private",
        "Lee Lead recorded the set meeting of 2026-05-01: 1 question and 1 action",
        "Lee Lead added an insight to “What helped?”: Tea matters",
        "Lee Lead marked “What helped?” as carried forward",
        "Lee Lead reported back on “Call Sam”: Sam is in",
        "Lee Lead paused the pilot: Summer",
        "Lee Lead resumed the pilot",
        "Lee Lead defined the outcome measure “Attendance” (higher is better)",
        "Lee Lead recorded 2 values of “Attendance”, from 2026-01-05 to 2026-01-12",
        "Lee Lead recorded “Attendance” on 2026-01-19: 7",
        "Lee Lead corrected “Attendance” on 2026-01-05 from 4 to 5: Late",
        "Lee Lead started a new phase of “Attendance” from 2026-01-12: Fridays",
        "Lee Lead corrected cycle 1 learning from “People came” to “Few came”: Miscounted",
        "Lee Lead concluded the pilot as adapted: Walks work",
    } == set(said)


def test_long_entries_are_cut_at_a_word_in_the_timeline(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    pilots.execute(Pause(pilot_id, reason="word " * 100), lead)
    summary = timeline(pilots.history(pilot_id), lambda _: "Lee")[-1].summary
    assert summary.startswith("Lee paused the pilot: word word")
    assert summary.endswith("word…")
    assert len(summary) < 200


def test_the_idea_history_starts_with_the_registered_idea(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots, idea="Monthly circles")
    pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    pilots.execute(
        ReviseIdea(
            pilot_id, idea="Fortnightly circles", rationale="Too slow", prompted_by="cycle 1"
        ),
        lead,
    )
    first, second = idea_history(pilots.history(pilot_id))
    assert (first.version, first.idea, first.rationale) == (1, "Monthly circles", "")
    assert first.diff == (DiffPiece("same", "Monthly circles"),)
    assert (second.version, second.rationale, second.prompted_by) == (3, "Too slow", "cycle 1")
    assert second.actor == lead
    assert second.diff == (
        DiffPiece("removed", "Monthly "),
        DiffPiece("added", "Fortnightly "),
        DiffPiece("same", "circles"),
    )


def test_a_diff_keeps_line_breaks_readable() -> None:
    diff = word_diff("Meet monthly.\n\nBring tea.", "Meet weekly.\n\nBring tea and cake.")
    assert diff == (
        DiffPiece("same", "Meet "),
        DiffPiece("removed", "monthly.\n\n"),
        DiffPiece("added", "weekly.\n\n"),
        DiffPiece("same", "Bring "),
        DiffPiece("removed", "tea. "),
        DiffPiece("added", "tea and cake."),
    )


texts = st.lists(st.sampled_from(["a", "b", "tea", "cake", "walk"]), max_size=12).map(" ".join)


@given(old=texts, new=texts)
def test_a_diff_rebuilds_the_new_idea_and_the_words_of_the_old(old: str, new: str) -> None:
    diff = word_diff(old, new)
    assert "".join(p.text for p in diff if p.op != "removed") == new
    assert "".join(p.text for p in diff if p.op != "added").split() == old.split()
    for before, after in itertools.pairwise(diff):
        assert before.op != after.op
        assert before.text[-1].isspace() or after.text[0].isspace(), "words run together"
