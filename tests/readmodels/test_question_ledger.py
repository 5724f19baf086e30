"""The question ledger holds every question asked, as folding the pilots' events gives it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import InvalidEntry
from domain.pilot import events
from domain.pilot.commands import AddInsight, RecordQuestionSet, RegisterPilot, SetQuestionStatus
from domain.pilot.visibility import Reader, seen_by
from domain.service import Pilots
from domain.values import QuestionStatus
from projections.question_ledger.queries import history_of, questions
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import AS_LEAD, LEAD, READERS, tell


def asked_in(
    pilots: Pilots, pilot_id: UUID, reader: Reader = AS_LEAD
) -> dict[UUID, tuple[object, ...]]:
    """Each question of the pilot that `reader` may read, as the domain holds it, and the set
    meeting's date."""
    pilot = seen_by(pilots.pilot(pilot_id), reader).pilot
    held = {q: s.held_on for s in pilot.question_sets.values() for q in s.question_ids}
    return {
        q.id: (q.text, q.status.value, held[q.id], q.looks_closed, q.asker, pilot.title)
        for q in pilot.questions.values()
    }


def statuses_in(pilots: Pilots, pilot_id: UUID, question_id: UUID) -> list[tuple[str, UUID]]:
    found = []
    for event in pilots.history(pilot_id):
        if isinstance(event, events.QuestionSetRecorded):
            found += [("open", event.actor) for q in event.questions if q.id == question_id]
        elif isinstance(event, events.QuestionStatusChanged) and event.question_id == question_id:
            found.append((event.status.value, event.actor))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_ledger_equals_a_fold_of_each_pilots_events(data: st.DataObject) -> None:
    pilots, ids = tell(data.draw, data.draw(st.integers(0, 60)))
    sql = sqlite_sql()
    project(sql, pilots, data.draw(st.sets(st.integers(1, 200), max_size=6)))
    for reader in READERS:
        for pilot_id in ids:
            found = {
                q.question_id: (
                    q.text, q.status, q.asked_on, q.looks_closed, q.asker, q.pilot_title
                )
                for q in questions(sql, pilot_id=pilot_id, reader=reader)
            }  # fmt: skip
            assert found == asked_in(pilots, pilot_id, reader)
            for question in pilots.pilot(pilot_id).questions.values():
                kept = history_of(sql, pilot_id, question.id, reader=reader)
                assert (kept is not None) == (question.id in found)
    everything = questions(sql, reader=AS_LEAD)
    for pilot_id in ids:
        pilot = seen_by(pilots.pilot(pilot_id), AS_LEAD).pilot
        for question in pilot.questions.values():
            kept = history_of(sql, pilot_id, question.id, reader=AS_LEAD)
            assert kept is not None
            assert [(s.status, s.actor) for s in kept.statuses] == statuses_in(
                pilots, pilot_id, question.id
            )
            assert [(i.id, i.text, i.author) for i in kept.insights] == [
                (i.id, i.text, i.author) for i in question.insights
            ]
    assert [q.asked_on for q in everything] == sorted(q.asked_on for q in everything)
    status = data.draw(st.sampled_from(list(QuestionStatus)))
    assert questions(sql, status, reader=AS_LEAD) == [
        q for q in everything if q.status == status.value
    ]


def test_an_unknown_status_is_refused(pilots: Pilots) -> None:
    sql = sqlite_sql()
    project(sql, pilots)
    with pytest.raises(InvalidEntry) as refused:
        questions(sql, "pending", reader=AS_LEAD)
    assert refused.value.field == "status"


def test_an_unknown_question_has_no_history(pilots: Pilots) -> None:
    sql = sqlite_sql()
    project(sql, pilots)
    assert history_of(sql, UUID(int=1), UUID(int=2), reader=AS_LEAD) is None


def test_questions_of_one_pilot_are_told_apart_from_anothers(pilots: Pilots) -> None:
    """The same person reusing one Idempotency-Key on two pilots gives both the same ids."""
    ids = []
    for title in ("Walks", "Talks"):
        pilot_id = pilots.execute(
            RegisterPilot(title=title, question="How?", idea="I"), LEAD
        ).pilot.id
        pilots.execute(
            RecordQuestionSet(pilot_id, held_on=date(2026, 5, 1), questions=["What helped?"]),
            LEAD,
            submission="k",
        )
        ids.append(pilot_id)
    question_id = pilots.pilot(ids[0]).question_sets.popitem()[1].question_ids[0]
    pilots.execute(AddInsight(ids[1], question_id=question_id, text="Only here"), LEAD)
    pilots.execute(SetQuestionStatus(ids[1], question_id=question_id, status="explored"), LEAD)
    sql = sqlite_sql()
    project(sql, pilots)
    first, second = (history_of(sql, pilot_id, question_id, reader=AS_LEAD) for pilot_id in ids)
    assert first is not None
    assert second is not None
    assert (first.question.status, first.insights) == ("open", ())
    assert (second.question.status, [i.text for i in second.insights]) == (
        "explored",
        ["Only here"],
    )
