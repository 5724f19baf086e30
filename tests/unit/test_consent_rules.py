"""Who may read each entry, who may change that, and withdrawing a reflection for good."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Correct,
    RecordQuestionSet,
    RecordReflection,
    RemoveMember,
    ReportAction,
    SetQuestionSetVisibility,
    SetReflectionVisibility,
    WithdrawReflection,
)
from domain.pilot.visibility import Reader, seen_by
from domain.service import Pilots
from domain.values import Role, Visibility
from tests.unit.builders import new_pilot, refused


def with_member(pilots: Pilots) -> tuple[UUID, UUID, UUID]:
    pilot_id, lead = new_pilot(pilots)
    member = uuid4()
    pilots.execute(AssignRole(pilot_id, user=member, role=Role.MEMBER), lead)
    return pilot_id, lead, member


def reflect(pilots: Pilots, pilot_id: UUID, author: UUID, **fields: str) -> UUID:
    command = RecordReflection(pilot_id, kind="meaning", text=fields.pop("text", "It helped"),
                               **fields)  # fmt: skip
    return pilots.execute(command, author).events[-1].reflection_id  # type: ignore[attr-defined]


def meet(pilots: Pilots, pilot_id: UUID, author: UUID, **fields: str) -> UUID:
    command = RecordQuestionSet(pilot_id, held_on=date(2026, 5, 1), questions=["What now?"],
                                actions=["Call Sam"], **fields)  # fmt: skip
    return pilots.execute(command, author).events[-1].set_id  # type: ignore[attr-defined]


def test_reflections_are_read_by_everyone_and_set_meetings_by_the_team_unless_said(
    pilots: Pilots,
) -> None:
    pilot_id, lead, _ = with_member(pilots)
    reflection, meeting = reflect(pilots, pilot_id, lead), meet(pilots, pilot_id, lead)
    pilot = pilots.pilot(pilot_id)
    assert pilot.reflections[reflection].visibility == Visibility.COMMUNITY
    assert pilot.question_sets[meeting].visibility == Visibility.TEAM
    assert pilot.question_sets[meeting].author == lead


def test_an_unknown_visibility_is_refused_naming_the_field(pilots: Pilots) -> None:
    pilot_id, lead, _ = with_member(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match="^visibility"):
        reflect(pilots, pilot_id, lead, visibility="public")


def test_the_author_or_a_lead_changes_who_reads_a_reflection(pilots: Pilots) -> None:
    pilot_id, lead, member = with_member(pilots)
    mine = reflect(pilots, pilot_id, member, visibility="team")
    share = SetReflectionVisibility(pilot_id, reflection_id=mine, visibility="community")
    pilots.execute(share, member)
    assert pilots.pilot(pilot_id).reflections[mine].visibility == Visibility.COMMUNITY
    pilots.execute(SetReflectionVisibility(pilot_id, reflection_id=mine, visibility="team"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="already"):
        pilots.execute(
            SetReflectionVisibility(pilot_id, reflection_id=mine, visibility="team"), lead
        )


def test_a_private_entry_of_someone_else_is_as_if_it_did_not_exist(pilots: Pilots) -> None:
    pilot_id, lead, member = with_member(pilots)
    private = reflect(pilots, pilot_id, member, visibility="private")
    meeting = meet(pilots, pilot_id, member, visibility="private")
    held = pilots.pilot(pilot_id).question_sets[meeting]
    question, action = held.question_ids[0], held.actions[0].id
    for command in (
        SetReflectionVisibility(pilot_id, reflection_id=private, visibility="team"),
        WithdrawReflection(pilot_id, reflection_id=private, reason="Tidying"),
        Correct(pilot_id, entry=f"reflection:{private}", text="Changed", reason="Typo"),
        SetQuestionSetVisibility(pilot_id, set_id=meeting, visibility="team"),
        AddInsight(pilot_id, question_id=question, text="Tea"),
        ReportAction(pilot_id, action_id=action, report="Done"),
    ):
        with refused(pilots, pilot_id, NotFound):
            pilots.execute(command, lead)


def test_a_member_who_did_not_record_a_set_meeting_may_not_share_it(pilots: Pilots) -> None:
    pilot_id, lead, member = with_member(pilots)
    meeting = meet(pilots, pilot_id, lead)
    share = SetQuestionSetVisibility(pilot_id, set_id=meeting, visibility="community")
    with refused(pilots, pilot_id, NotPermitted):
        pilots.execute(share, member)
    pilots.execute(share, lead)
    assert pilots.pilot(pilot_id).question_sets[meeting].visibility == Visibility.COMMUNITY


def test_a_withdrawn_reflection_keeps_its_place_without_its_text(pilots: Pilots) -> None:
    pilot_id, _, member = with_member(pilots)
    reflection = reflect(pilots, pilot_id, member, text="Ten came")
    entry = f"reflection:{reflection}"
    pilots.execute(Correct(pilot_id, entry=entry, text="Twelve came", reason="Miscount"), member)
    pilots.execute(WithdrawReflection(pilot_id, reflection_id=reflection, reason="Mine"), member)
    pilot = pilots.pilot(pilot_id)
    withdrawn = pilot.reflections[reflection]
    assert withdrawn.text is None
    assert withdrawn.withdrawn_on == pilots.history(pilot_id)[-1].timestamp.date()
    (correction,) = pilot.corrections
    assert (correction.previous, correction.text, correction.reason) == (None, None, "Miscount")


@pytest.mark.parametrize(
    "command",
    [
        lambda p, r: WithdrawReflection(p, reflection_id=r, reason="Again"),
        lambda p, r: SetReflectionVisibility(p, reflection_id=r, visibility="team"),
        lambda p, r: Correct(p, entry=f"reflection:{r}", text="New", reason="Typo"),
    ],
)
def test_a_withdrawn_reflection_takes_nothing_more(pilots: Pilots, command: object) -> None:
    pilot_id, lead, _ = with_member(pilots)
    reflection = reflect(pilots, pilot_id, lead)
    pilots.execute(WithdrawReflection(pilot_id, reflection_id=reflection, reason="Mine"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="withdrawn"):
        pilots.execute(command(pilot_id, reflection), lead)  # type: ignore[operator]


def test_a_withdrawal_needs_a_reason(pilots: Pilots) -> None:
    pilot_id, lead, _ = with_member(pilots)
    reflection = reflect(pilots, pilot_id, lead)
    with refused(pilots, pilot_id, InvalidEntry, match="^reason"):
        pilots.execute(WithdrawReflection(pilot_id, reflection_id=reflection, reason=" "), lead)


def test_each_reader_sees_only_what_they_may_and_counts_the_rest(pilots: Pilots) -> None:
    pilot_id, lead, member = with_member(pilots)
    community = reflect(pilots, pilot_id, member)
    team = reflect(pilots, pilot_id, member, visibility="team")
    private = reflect(pilots, pilot_id, member, visibility="private")
    meeting = meet(pilots, pilot_id, lead)
    pilot = pilots.pilot(pilot_id)
    outsider = seen_by(pilot, Reader.person(uuid4()))
    assert set(outsider.pilot.reflections) == {community}
    assert (outsider.pilot.question_sets, outsider.hidden) == ({}, 3)
    assert not outsider.pilot.questions
    lead_sees = seen_by(pilot, Reader.person(lead))
    assert set(lead_sees.pilot.reflections) == {community, team}
    assert set(lead_sees.pilot.question_sets) == {meeting}
    assert set(seen_by(pilot, Reader.person(member)).pilot.reflections) == {
        community,
        team,
        private,
    }
    assert set(seen_by(pilot, Reader.team()).pilot.reflections) == {community, team}
    assert set(seen_by(pilot, Reader.community()).pilot.reflections) == {community}
    assert pilot.reflections.keys() == {community, team, private}  # the pilot itself is untouched


def test_an_earlier_version_is_read_as_its_entries_are_shared_now(pilots: Pilots) -> None:
    pilot_id, lead, _ = with_member(pilots)
    reflection = reflect(pilots, pilot_id, lead)
    then = pilots.pilot(pilot_id)
    pilots.execute(SetReflectionVisibility(pilot_id, reflection_id=reflection, visibility="team"),
                   lead)  # fmt: skip
    now = pilots.pilot(pilot_id)
    assert reflection in seen_by(then, Reader.community()).pilot.reflections
    assert reflection not in seen_by(then, Reader.community(), latest=now).pilot.reflections


def test_an_author_who_left_the_team_still_reads_and_withdraws_what_they_wrote(
    pilots: Pilots,
) -> None:
    pilot_id, lead, member = with_member(pilots)
    reflection = reflect(pilots, pilot_id, member, visibility=Visibility.TEAM)
    meeting = meet(pilots, pilot_id, member)
    pilots.execute(RemoveMember(pilot_id, user=member), lead)
    seen = seen_by(pilots.pilot(pilot_id), Reader.person(member)).pilot
    assert reflection in seen.reflections
    assert meeting in seen.question_sets
    outsider = seen_by(pilots.pilot(pilot_id), Reader.person(uuid4())).pilot
    assert reflection not in outsider.reflections
    assert meeting not in outsider.question_sets
    pilots.execute(WithdrawReflection(pilot_id, reflection_id=reflection, reason="Mine"), member)
    assert pilots.pilot(pilot_id).reflections[reflection].text is None
    # Leaving the team still ends writing: a question of their own meeting is theirs to read,
    # not to add to.
    question = pilots.pilot(pilot_id).question_sets[meeting].question_ids[0]
    with refused(pilots, pilot_id, NotPermitted):
        pilots.execute(AddInsight(pilot_id, question_id=question, text="Later"), member)
