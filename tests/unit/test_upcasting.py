"""Old events still read: `events.IdeaRevised` version 1, stored before revisions said what
prompted them, comes back as version 2 with an empty `prompted_by`; `ReflectionRecorded`
version 1 and `QuestionSetRecorded` version 2, stored before entries said who reads them, come
back read by the community and by the team; `CyclePlanned` and `PredictionsRevised` version 1,
and pilot snapshots version 1, stored before measures, come back without any."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from msgspec.msgpack import Ext

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from adapters.transcoder import _DATACLASS, MsgspecTranscoder
from domain.pilot import Pilot, events
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    DefineMeasure,
    PlanCycle,
    RecordPoints,
    RecordQuestionSet,
    RecordReflection,
    ReviseIdea,
    RevisePredictions,
    SetQuestionSetVisibility,
    SetReflectionVisibility,
)
from domain.pilot.state import Cycle
from domain.service import Pilots
from domain.values import (
    AskedQuestion,
    CommittedAction,
    DataPoint,
    MeasurePrediction,
    ReflectionKind,
    Role,
    Visibility,
)
from tests.unit.builders import PREDICTIONS, new_pilot

REFLECTION = UUID("00000000-0000-4000-8000-000000000101")
MEETING = UUID("00000000-0000-4000-8000-000000000201")
ASKED = UUID("00000000-0000-4000-8000-000000000202")
COMMITTED = UUID("00000000-0000-4000-8000-000000000203")


@pytest.fixture
def sqlite_pilots(sqlite_url: str) -> Iterator[Pilots]:
    app = open_pilots(parse_database_url(sqlite_url))
    yield app
    app.close()


def stored_states(app: Pilots, pilot_id: UUID) -> list[dict[str, Any]]:
    stored = app.recorder.select_events(pilot_id)
    return [app.mapper.transcoder.decode(s.state) for s in stored]


def record_old(app: Pilots, pilot_id: UUID, topic: str, state: dict[str, Any]) -> None:
    """Writes an event of `topic` as it was stored before its class changed."""
    old = StoredEvent(
        originator_id=pilot_id,
        originator_version=app.pilot(pilot_id).version + 1,
        topic=topic,
        state=app.mapper.transcoder.encode(state),
    )
    app.recorder.insert_events([old])


def record_version_1_revision(app: Pilots, pilot_id: UUID, lead: UUID) -> None:
    """Writes an IdeaRevised as version 1 of the class stored it: no prompted_by, and no
    class_version, which the library only stores from version 2 on."""
    state = {
        "timestamp": datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        "actor": lead,
        "submission": "revised-in-2025",
        "idea": "Story walks",
        "rationale": "Rooms are scarce",
    }
    record_old(app, pilot_id, "pilots:IdeaRevised", state)


def record_version_1_reflection(app: Pilots, pilot_id: UUID, author: UUID) -> None:
    """A ReflectionRecorded as version 1 stored it: no visibility, and no class_version."""
    state = {
        "timestamp": datetime(2025, 4, 2, 16, 0, tzinfo=UTC),
        "actor": author,
        "submission": "reflected-in-2025",
        "reflection_id": REFLECTION,
        "kind": ReflectionKind.APPRECIATION,
        "text": "The porters made time for us",
        "cycle": None,
    }
    record_old(app, pilot_id, "pilots:ReflectionRecorded", state)


def record_version_2_question_set(app: Pilots, pilot_id: UUID, author: UUID) -> None:
    """A QuestionSetRecorded as version 2 stored it: people named without accounts, and no
    visibility."""
    state = {
        "timestamp": datetime(2025, 4, 9, 10, 0, tzinfo=UTC),
        "actor": author,
        "submission": "met-in-2025",
        "set_id": MEETING,
        "held_on": date(2025, 4, 9),
        "facilitator": author,
        "facilitator_name": "",
        "issue_holder": None,
        "issue_holder_name": "Sam from the carers' group",
        "questions": (AskedQuestion(ASKED, "What would help you stay?", None, False),),
        "actions": (CommittedAction(COMMITTED, "Ask the porters", author),),
        "class_version": 2,
    }
    record_old(app, pilot_id, "pilots:QuestionSetRecorded", state)


def test_idea_revised_is_at_class_version_2() -> None:
    assert events.IdeaRevised.class_version == 2


def test_a_version_1_idea_revision_reads_back_with_an_empty_prompted_by(
    sqlite_pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots, idea="Story circles")
    record_version_1_revision(sqlite_pilots, pilot_id, lead)
    assert "class_version" not in stored_states(sqlite_pilots, pilot_id)[-1]

    pilot = sqlite_pilots.pilot(pilot_id)
    assert (pilot.idea, pilot.version) == ("Story walks", 2)
    revision = sqlite_pilots.history(pilot_id)[-1]
    assert isinstance(revision, events.IdeaRevised)
    assert revision.prompted_by == ""
    assert (revision.idea, revision.rationale, revision.actor) == (
        "Story walks",
        "Rooms are scarce",
        lead,
    )
    assert "revised-in-2025" in pilot.submissions


def test_a_pilot_with_an_old_revision_takes_new_ones(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots, idea="Story circles")
    record_version_1_revision(sqlite_pilots, pilot_id, lead)
    receipt = sqlite_pilots.execute(
        ReviseIdea(
            pilot_id, idea="Walks and talks", rationale="People chat", prompted_by="cycle 1"
        ),
        lead,
    )
    assert receipt.pilot.version == 3
    ideas = [(e.idea, e.prompted_by) for e in sqlite_pilots.history(pilot_id)[1:]]  # type: ignore[attr-defined]
    assert ideas == [("Story walks", ""), ("Walks and talks", "cycle 1")]


def test_a_new_idea_revision_is_stored_as_class_version_2(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots, idea="Story circles")
    sqlite_pilots.execute(
        ReviseIdea(
            pilot_id, idea="Story walks", rationale="Rooms are scarce", prompted_by="cycle 1"
        ),
        lead,
    )
    registered, revised = stored_states(sqlite_pilots, pilot_id)
    # Registrations are at version 2 since they name the idea they test (issue 12).
    assert registered["class_version"] == 2
    assert revised["class_version"] == 2
    assert revised["prompted_by"] == "cycle 1"


def test_reflections_are_at_class_version_2_and_set_meetings_at_3() -> None:
    assert events.ReflectionRecorded.class_version == 2
    assert events.QuestionSetRecorded.class_version == 3


def test_a_version_1_reflection_reads_back_read_by_the_community(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    record_version_1_reflection(sqlite_pilots, pilot_id, lead)
    assert "class_version" not in stored_states(sqlite_pilots, pilot_id)[-1]
    assert "visibility" not in stored_states(sqlite_pilots, pilot_id)[-1]

    recorded = sqlite_pilots.history(pilot_id)[-1]
    assert isinstance(recorded, events.ReflectionRecorded)
    assert recorded.visibility is Visibility.COMMUNITY
    reflection = sqlite_pilots.pilot(pilot_id).reflections[REFLECTION]
    assert reflection.visibility is Visibility.COMMUNITY
    assert (reflection.author, reflection.kind, reflection.text, reflection.withdrawn_on) == (
        lead,
        ReflectionKind.APPRECIATION,
        "The porters made time for us",
        None,
    )


def test_a_version_1_reflection_can_be_made_private_and_new_ones_say_who_reads_them(
    sqlite_pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    record_version_1_reflection(sqlite_pilots, pilot_id, lead)
    sqlite_pilots.execute(
        SetReflectionVisibility(pilot_id, reflection_id=REFLECTION, visibility="private"), lead
    )
    sqlite_pilots.execute(
        RecordReflection(pilot_id, kind="meaning", text="Time matters", visibility="team"), lead
    )
    pilot = sqlite_pilots.pilot(pilot_id)
    assert pilot.reflections[REFLECTION].visibility is Visibility.PRIVATE
    assert [r.visibility for r in pilot.reflections.values()] == [
        Visibility.PRIVATE,
        Visibility.TEAM,
    ]
    new = stored_states(sqlite_pilots, pilot_id)[-1]
    assert (new["class_version"], new["visibility"]) == (2, Visibility.TEAM)


def test_a_version_2_set_meeting_reads_back_read_by_the_team(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    record_version_2_question_set(sqlite_pilots, pilot_id, lead)
    assert stored_states(sqlite_pilots, pilot_id)[-1]["class_version"] == 2
    assert "visibility" not in stored_states(sqlite_pilots, pilot_id)[-1]

    recorded = sqlite_pilots.history(pilot_id)[-1]
    assert isinstance(recorded, events.QuestionSetRecorded)
    assert recorded.visibility is Visibility.TEAM
    meeting = sqlite_pilots.pilot(pilot_id).question_sets[MEETING]
    assert meeting.visibility is Visibility.TEAM
    assert meeting.author == lead
    assert (meeting.issue_holder, meeting.issue_holder_name) == (None, "Sam from the carers' group")
    assert meeting.question_ids == (ASKED,)
    assert [(a.id, a.text, a.owner) for a in meeting.actions] == [
        (COMMITTED, "Ask the porters", lead)
    ]


def test_a_version_2_set_meeting_is_read_and_shared_as_one_recorded_now(
    sqlite_pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    record_version_2_question_set(sqlite_pilots, pilot_id, lead)
    member = UUID("00000000-0000-4000-8000-000000000301")
    sqlite_pilots.execute(AssignRole(pilot_id, user=member, role=Role.MEMBER), lead)
    sqlite_pilots.execute(AddInsight(pilot_id, question_id=ASKED, text="Breaks help"), member)
    sqlite_pilots.execute(
        SetQuestionSetVisibility(pilot_id, set_id=MEETING, visibility="community"), lead
    )
    sqlite_pilots.execute(
        RecordQuestionSet(pilot_id, held_on=date(2026, 5, 1), questions=["What now?"]), member
    )
    pilot = sqlite_pilots.pilot(pilot_id)
    assert pilot.question_sets[MEETING].visibility is Visibility.COMMUNITY
    assert [i.text for i in pilot.questions[ASKED].insights] == ["Breaks help"]
    new = stored_states(sqlite_pilots, pilot_id)[-1]
    assert (new["class_version"], new["visibility"]) == (3, Visibility.TEAM)


# -- measures -------------------------------------------------------------------------------------
# `CyclePlanned` and `PredictionsRevised` version 1, stored before cycles predicted measures, come
# back with none predicted and with the measure predictions left as they were; a version-1 pilot
# snapshot, taken before measures were kept, loads with none and takes new ones.


def record_version_1_plan(app: Pilots, pilot_id: UUID, lead: UUID) -> None:
    """A CyclePlanned as version 1 stored it: no measures, and no class_version."""
    state = {
        "timestamp": datetime(2025, 5, 1, 9, 0, tzinfo=UTC),
        "actor": lead,
        "submission": "planned-in-2025",
        "number": 1,
        "objective": "Try story circles",
        "plan": "Thursdays",
        "predictions": PREDICTIONS,
    }
    record_old(app, pilot_id, "pilots:CyclePlanned", state)


def record_version_1_revision_of_predictions(app: Pilots, pilot_id: UUID, lead: UUID) -> None:
    """A PredictionsRevised as version 1 stored it: no measures, and no class_version."""
    state = {
        "timestamp": datetime(2025, 5, 2, 9, 0, tzinfo=UTC),
        "actor": lead,
        "submission": "revised-predictions-in-2025",
        "number": 1,
        "predictions": PREDICTIONS[:1],
    }
    record_old(app, pilot_id, "pilots:PredictionsRevised", state)


def define_measure(app: Pilots, pilot_id: UUID, lead: UUID, name: str = "Attendance") -> UUID:
    receipt = app.execute(
        DefineMeasure(
            pilot_id, name=name, kind="outcome", definition="People at a circle", improvement="up"
        ),
        lead,
    )
    measure_id: UUID = receipt.events[-1].measure_id  # type: ignore[attr-defined]
    return measure_id


def test_plans_and_revised_predictions_are_at_class_version_2_and_the_pilot_too() -> None:
    assert events.CyclePlanned.class_version == 2
    assert events.PredictionsRevised.class_version == 2
    assert Pilot.class_version == 2


def test_a_version_1_plan_reads_back_predicting_no_measures(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    record_version_1_plan(sqlite_pilots, pilot_id, lead)
    old = stored_states(sqlite_pilots, pilot_id)[-1]
    assert "class_version" not in old
    assert "measures" not in old

    planned = sqlite_pilots.history(pilot_id)[-1]
    assert isinstance(planned, events.CyclePlanned)
    assert planned.measures == ()
    assert planned.predictions == PREDICTIONS
    cycle = sqlite_pilots.pilot(pilot_id).cycles[1]
    assert (cycle.objective, cycle.predictions, cycle.measures) == (
        "Try story circles",
        PREDICTIONS,
        (),
    )


def test_a_version_1_revision_of_predictions_leaves_the_measure_predictions_as_they_were(
    sqlite_pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    measure_id = define_measure(sqlite_pilots, pilot_id, lead)
    sqlite_pilots.execute(
        PlanCycle(
            pilot_id, objective="Try", predictions=PREDICTIONS,
            measures=[MeasurePrediction(measure_id, "Twelve a week")],
        ),
        lead,
    )  # fmt: skip
    record_version_1_revision_of_predictions(sqlite_pilots, pilot_id, lead)
    old = stored_states(sqlite_pilots, pilot_id)[-1]
    assert "class_version" not in old
    assert "measures" not in old

    revised = sqlite_pilots.history(pilot_id)[-1]
    assert isinstance(revised, events.PredictionsRevised)
    assert revised.measures is None
    cycle = sqlite_pilots.pilot(pilot_id).cycles[1]
    assert cycle.predictions == PREDICTIONS[:1]
    assert cycle.measures == (MeasurePrediction(measure_id, "Twelve a week"),)


def test_an_old_plan_takes_measure_predictions_and_new_events_are_version_2(
    sqlite_pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    record_version_1_plan(sqlite_pilots, pilot_id, lead)
    record_version_1_revision_of_predictions(sqlite_pilots, pilot_id, lead)
    measure_id = define_measure(sqlite_pilots, pilot_id, lead)
    predicted = (MeasurePrediction(measure_id, "Ten"),)
    sqlite_pilots.execute(
        RevisePredictions(pilot_id, number=1, predictions=PREDICTIONS, measures=predicted), lead
    )
    assert sqlite_pilots.pilot(pilot_id).cycles[1].measures == predicted
    new = stored_states(sqlite_pilots, pilot_id)[-1]
    assert (new["class_version"], new["measures"]) == (2, predicted)


def record_version_1_snapshot(app: Pilots, pilot_id: UUID) -> None:
    """A snapshot of the pilot as it was taken before measures were kept: no `measures` in the
    pilot's state nor in its cycles' (the state of a dataclass is its fields), and no
    class_version."""
    assert app.snapshots is not None
    snapshot = Pilot.Snapshot.take(app.pilot(pilot_id))
    stored = app.mapper.to_stored_event(snapshot)
    state = app.mapper.transcoder.decode(stored.state)
    pilot_state = state["state"]
    assert pilot_state.pop("class_version") == 2
    assert pilot_state.pop("measures") == {}
    assert pilot_state["cycles"], "the pilot should have a cycle"
    old = MsgspecTranscoder()

    def cycle_as_it_was(cycle: Cycle) -> Ext:
        fields = {f.name: old._walk(getattr(cycle, f.name)) for f in dataclasses.fields(Cycle)}
        del fields["measures"]
        return Ext(_DATACLASS, old._pack(["domain.state:Cycle", fields]))

    old._encoders[Cycle] = cycle_as_it_was
    app.snapshots.recorder.insert_events([dataclasses.replace(stored, state=old.encode(state))])
    app.kept.clear()  # as a process started now finds it: the next read loads the old snapshot


def test_a_version_1_snapshot_loads_without_measures_and_takes_new_ones(
    sqlite_pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    record_version_1_plan(sqlite_pilots, pilot_id, lead)
    record_version_1_snapshot(sqlite_pilots, pilot_id)

    pilot = sqlite_pilots.pilot(pilot_id)
    assert pilot.version == 2
    assert pilot.measures == {}
    cycle = pilot.cycles[1]
    assert "measures" not in vars(cycle)  # so the pilot was loaded from the old snapshot
    assert cycle.measures == ()

    measure_id = define_measure(sqlite_pilots, pilot_id, lead)
    sqlite_pilots.execute(
        RecordPoints(pilot_id, measure_id=measure_id, points=[DataPoint(date(2026, 5, 1), 7)]),
        lead,
    )
    predicted = (MeasurePrediction(measure_id, "Ten"),)
    sqlite_pilots.execute(
        RevisePredictions(pilot_id, number=1, predictions=PREDICTIONS, measures=predicted), lead
    )
    pilot = sqlite_pilots.pilot(pilot_id)
    assert pilot.cycles[1].measures == predicted
    assert pilot.measures[measure_id].values == {date(2026, 5, 1): 7.0}
    sqlite_pilots.take_snapshot(pilot_id)  # a new snapshot holds them, and loads them again
    assert sqlite_pilots.snapshots is not None
    (_, newest) = sqlite_pilots.snapshots.recorder.select_events(pilot_id)
    assert app_state(sqlite_pilots, newest)["class_version"] == 2
    again = sqlite_pilots.pilot(pilot_id)
    assert again.measures[measure_id].values == {date(2026, 5, 1): 7.0}
    assert again.cycles[1].measures == predicted


def app_state(app: Pilots, stored: StoredEvent) -> dict[str, Any]:
    state: dict[str, Any] = app.mapper.transcoder.decode(stored.state)["state"]
    return state
