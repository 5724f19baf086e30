"""The pilot index: what the pilot list shows, kept by the runner, equal to a fold of the log."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from domain.errors import InvalidEntry
from domain.pilot.commands import (
    AssignRole,
    Correct,
    Pause,
    RecordQuestionSet,
    RemoveMember,
    SetQuestionStatus,
)
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.pilot_index.from_log import list_pilots
from projections.pilot_index.queries import PilotSummary, pilots_for
from tests.projections.commands import Step, run_steps, steps
from tests.projections.conftest import close, projector_on
from tests.unit.builders import new_pilot, record_question_set


def index(projector: Projector, **narrowed: str) -> list[PilotSummary]:
    with projector.reader() as sql:
        return pilots_for(sql, **narrowed)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(chosen=steps, limits=st.lists(st.integers(1, 30), min_size=1, max_size=5))
def test_the_index_equals_a_fold_of_the_log_for_any_commands(
    chosen: list[Step], limits: list[int]
) -> None:
    """Random commands, applied in batches of random sizes, give the list that loading every
    pilot from its events gives, whole and narrowed by every status and theme."""
    projector = projector_on(parse_database_url("memory://"))
    try:
        pilots = projector.pilots
        run_steps(pilots, chosen)
        turn = 0
        while projector.process(limits[turn % len(limits)]):
            turn += 1
        assert index(projector) == list_pilots(pilots)
        for status in ("active", "paused", "concluded"):
            assert index(projector, status=status) == list_pilots(pilots, status=status)
        for theme in ("walks", " GROUPS ", "tea time", "art"):
            assert index(projector, theme=theme) == list_pilots(pilots, theme=theme)
    finally:
        close(projector)


def test_the_index_summarises_each_pilot_newest_activity_first(
    memory_projector: Projector,
) -> None:
    pilots = memory_projector.pilots
    quiet, quiet_lead = new_pilot(pilots, title="Quiet", themes=["Groups"])
    busy, busy_lead = new_pilot(pilots, title="Busy")
    pilots.execute(AssignRole(busy, user=UUID(int=5), role="member"), busy_lead)
    pilots.execute(
        RecordQuestionSet(busy, held_on=date(2026, 5, 1), questions=["What helped?", "How?"]),
        busy_lead,
    )
    first, second = index(memory_projector)
    assert (first.id, second.id) == (busy, quiet)
    assert (first.title, first.status, first.cycles, first.open_questions) == (
        "Busy", "active", 0, 2,
    )  # fmt: skip
    assert first.team == {busy_lead: "lead", UUID(int=5): "member"}
    assert (second.themes, second.lead) == (("groups",), quiet_lead)


def test_settled_questions_are_not_counted_as_open(memory_projector: Projector) -> None:
    pilots = memory_projector.pilots
    pilot_id, lead = new_pilot(pilots)
    asked, _ = record_question_set(pilots, pilot_id, lead, questions=("Why?", "How?", "Who?"))
    assert index(memory_projector)[0].open_questions == 3
    # In a later batch than the questions, so the index must remember each question's status.
    pilots.execute(SetQuestionStatus(pilot_id, question_id=asked[0], status="answered"), lead)
    pilots.execute(
        SetQuestionStatus(pilot_id, question_id=asked[1], status="carried_forward"), lead
    )
    assert index(memory_projector)[0].open_questions == 2


def test_the_lead_is_the_first_lead_to_join_and_leaving_the_team_removes_a_member(
    memory_projector: Projector,
) -> None:
    pilots = memory_projector.pilots
    pilot_id, founder = new_pilot(pilots)
    successor, helper = UUID(int=7), UUID(int=8)
    pilots.execute(AssignRole(pilot_id, user=successor, role="lead"), founder)
    pilots.execute(AssignRole(pilot_id, user=helper, role="member"), founder)
    assert index(memory_projector)[0].lead == founder
    pilots.execute(AssignRole(pilot_id, user=founder, role="member"), successor)
    pilots.execute(RemoveMember(pilot_id, user=helper), successor)
    summary = index(memory_projector)[0]
    assert (summary.lead, summary.team) == (successor, {founder: "member", successor: "lead"})
    assert [summary] == list_pilots(pilots)


def test_a_corrected_title_and_a_pause_show_in_the_index(memory_projector: Projector) -> None:
    pilots = memory_projector.pilots
    pilot_id, lead = new_pilot(pilots, title="Stroy circles")
    pilots.execute(Correct(pilot_id, entry="title", text="Story circles", reason="Typo"), lead)
    pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    summary = index(memory_projector)[0]
    assert (summary.title, summary.status) == ("Story circles", "paused")


def test_the_index_narrows_by_status_and_by_theme(memory_projector: Projector) -> None:
    pilots = memory_projector.pilots
    paused, lead = new_pilot(pilots, themes=["Walks"])
    pilots.execute(Pause(paused, reason="Summer"), lead)
    active, _ = new_pilot(pilots, themes=["groups", "walks"])
    assert [s.id for s in index(memory_projector, status="paused")] == [paused]
    assert [s.id for s in index(memory_projector, status="active", theme=" WALKS ")] == [active]
    assert index(memory_projector, theme="tea") == []


def test_an_unknown_status_is_an_invalid_entry(memory_projector: Projector) -> None:
    with pytest.raises(InvalidEntry) as refused:
        index(memory_projector, status="finished")
    assert refused.value.field == "status"


def test_the_index_on_a_real_store_equals_the_fold(projector: Projector) -> None:
    pilots: Pilots = projector.pilots
    for n in range(3):
        pilot_id, lead = new_pilot(pilots, title=f"Pilot {n}", themes=["Walks", f"t{n}"])
        record_question_set(pilots, pilot_id, lead)
        pilots.execute(AssignRole(pilot_id, user=UUID(int=n + 1), role="facilitator"), lead)
    assert index(projector) == list_pilots(pilots)
    assert index(projector, theme="t1") == list_pilots(pilots, theme="t1")
