"""The interim pilot list, read from the notification log."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.errors import InvalidEntry
from domain.pilot.commands import AssignRole, Pause, RecordQuestionSet, SetQuestionStatus
from domain.service import Pilots
from projections.pilot_index import from_log as pilot_list
from projections.pilot_index.from_log import list_pilots
from tests.unit.builders import new_pilot


def test_the_list_summarises_each_pilot_newest_activity_first(pilots: Pilots) -> None:
    quiet, quiet_lead = new_pilot(pilots, title="Quiet", themes=["Groups"])
    busy, busy_lead = new_pilot(pilots, title="Busy")
    pilots.execute(AssignRole(busy, user=UUID(int=5), role="member"), busy_lead)
    pilots.execute(
        RecordQuestionSet(busy, held_on=date(2026, 5, 1), questions=["What helped?", "How?"]),
        busy_lead,
    )
    first, second = list_pilots(pilots)
    assert (first.id, second.id) == (busy, quiet)
    assert first.last_activity > second.last_activity
    assert (first.title, first.status, first.cycles, first.open_questions) == (
        "Busy",
        "active",
        0,
        2,
    )
    assert first.lead == busy_lead
    assert first.team == {busy_lead: "lead", UUID(int=5): "member"}
    assert (second.themes, second.lead) == (("groups",), quiet_lead)


def test_settled_questions_are_not_counted_as_open(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    receipt = pilots.execute(
        RecordQuestionSet(
            pilot_id, held_on=date(2026, 5, 1), questions=["What helped?", "How?", "Why?"]
        ),
        lead,
    )
    asked = receipt.pilot.question_sets[receipt.events[-1].set_id].question_ids  # type: ignore[attr-defined]
    pilots.execute(SetQuestionStatus(pilot_id, question_id=asked[0], status="answered"), lead)
    pilots.execute(
        SetQuestionStatus(pilot_id, question_id=asked[1], status="carried_forward"), lead
    )
    assert list_pilots(pilots)[0].open_questions == 2


def test_the_list_narrows_by_status_and_by_theme(pilots: Pilots) -> None:
    paused, lead = new_pilot(pilots, themes=["Walks"])
    pilots.execute(Pause(paused, reason="Summer"), lead)
    active, _ = new_pilot(pilots, themes=["groups", "walks"])
    assert [s.id for s in list_pilots(pilots, status="paused")] == [paused]
    assert [s.id for s in list_pilots(pilots, status="active", theme=" WALKS ")] == [active]
    assert list_pilots(pilots, theme="tea") == []


def test_an_unknown_status_is_an_invalid_entry(pilots: Pilots) -> None:
    with pytest.raises(InvalidEntry) as refused:
        list_pilots(pilots, status="finished")
    assert refused.value.field == "status"


def test_the_log_is_read_page_by_page(pilots: Pilots, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pilot_list, "PAGE", 2)
    registered = {new_pilot(pilots)[0] for _ in range(5)}
    assert {s.id for s in list_pilots(pilots)} == registered
