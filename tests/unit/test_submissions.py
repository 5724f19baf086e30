"""Submissions and versions: a repeated submission records once, a pinned version must match,
and the pilot can be read as it stood at an earlier version or moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidEntry, NotFound, NotPermitted, VersionMismatch
from domain.pilot.commands import (
    AssignRole,
    Pause,
    PlanCycle,
    RecordQuestionSet,
    RecordReflection,
    RegisterPilot,
    Resume,
    ReviseIdea,
)
from domain.service import Pilots, Receipt
from domain.values import Role
from tests.unit.builders import PREDICTIONS, new_pilot, recorded, refused

Command = Callable[[Pilots, UUID, UUID, str], Receipt]
COMMANDS: dict[str, Command] = {
    "revise_idea": lambda p, i, a, s: p.execute(
        ReviseIdea(i, idea="Story walks", rationale="Rooms are scarce"), a, submission=s
    ),
    "assign_role": lambda p, i, a, s: p.execute(
        AssignRole(i, user=UUID(int=7), role="member"), a, submission=s
    ),
    "plan_cycle": lambda p, i, a, s: p.execute(
        PlanCycle(i, objective="Try it", predictions=PREDICTIONS), a, submission=s
    ),
    "record_reflection": lambda p, i, a, s: p.execute(
        RecordReflection(i, kind="appreciation", text="A warm welcome"), a, submission=s
    ),
    "record_question_set": lambda p, i, a, s: p.execute(
        RecordQuestionSet(i, held_on=date(2026, 5, 1), questions=["What went well?"]),
        a,
        submission=s,
    ),
    "pause": lambda p, i, a, s: p.execute(Pause(i, reason="Summer"), a, submission=s),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_submission_sent_twice_is_recorded_once(pilots: Pilots, command: str) -> None:
    pilot_id, lead = new_pilot(pilots)
    first = COMMANDS[command](pilots, pilot_id, lead, "form-1")
    before = recorded(pilots, pilot_id)
    again = COMMANDS[command](pilots, pilot_id, lead, " form-1 ")
    assert (first.replayed, again.replayed) == (False, True)
    assert again.events == first.events
    assert again.pilot.version == first.pilot.version
    assert recorded(pilots, pilot_id) == before


@pytest.mark.parametrize("command", ["record_reflection", "record_question_set"])
def test_a_new_submission_of_the_same_entry_is_recorded_again(pilots: Pilots, command: str) -> None:
    pilot_id, lead = new_pilot(pilots)
    first = COMMANDS[command](pilots, pilot_id, lead, "form-1")
    second = COMMANDS[command](pilots, pilot_id, lead, "form-2")
    assert not second.replayed
    assert second.pilot.version == first.pilot.version + 1


def test_a_registration_sent_twice_registers_one_pilot(pilots: Pilots) -> None:
    lead = uuid4()
    framing = {"title": "Story circles", "question": "How might we meet?", "idea": "Circles"}
    first = pilots.execute(RegisterPilot(**framing), lead, submission="register-1")
    again = pilots.execute(RegisterPilot(**framing), lead, submission="register-1")
    assert (first.replayed, again.replayed) == (False, True)
    assert again.pilot.id == first.pilot.id
    assert again.events == first.events
    assert pilots.recorder.max_notification_id() == 1
    other = pilots.execute(RegisterPilot(**framing), lead, submission="register-2")
    assert other.pilot.id != first.pilot.id


def test_a_stale_expected_version_is_refused(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    with refused(pilots, pilot_id, VersionMismatch) as info:
        pilots.execute(Resume(pilot_id), lead, expected_version=1)
    assert (info.value.expected, info.value.actual) == (1, 2)  # type: ignore[attr-defined]
    assert pilots.execute(Resume(pilot_id), lead, expected_version=2).pilot.version == 3


def test_a_repeated_submission_is_recognised_even_when_its_version_is_stale(
    pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(pilots)
    first = pilots.execute(
        Pause(pilot_id, reason="Summer"), lead, expected_version=1, submission="p"
    )
    pilots.execute(RecordReflection(pilot_id, kind="experience", text="Quiet"), lead)
    again = pilots.execute(
        Pause(pilot_id, reason="Summer"), lead, expected_version=1, submission="p"
    )
    assert again.replayed
    assert again.events == first.events


def revised_twice(pilots: Pilots) -> tuple[UUID, list[datetime]]:
    pilot_id, lead = new_pilot(pilots, idea="Circles")
    pilots.execute(ReviseIdea(pilot_id, idea="Walks", rationale="Rooms are scarce"), lead)
    pilots.execute(ReviseIdea(pilot_id, idea="Walks and talks", rationale="People chat"), lead)
    return pilot_id, [e.timestamp for e in pilots.history(pilot_id)]


def test_the_pilot_as_of_a_version_shows_the_earlier_state(pilots: Pilots) -> None:
    pilot_id, _ = revised_twice(pilots)
    ideas = [pilots.pilot(pilot_id, version=v).idea for v in (1, 2, 3)]
    assert ideas == ["Circles", "Walks", "Walks and talks"]
    assert pilots.pilot(pilot_id).version == 3


def test_the_pilot_as_of_a_moment_shows_the_state_then(pilots: Pilots) -> None:
    pilot_id, times = revised_twice(pilots)
    assert pilots.pilot_as_of(pilot_id, times[0]).idea == "Circles"
    assert pilots.pilot_as_of(pilot_id, times[1]).idea == "Walks"
    assert pilots.pilot_as_of(pilot_id, times[2] + timedelta(days=1)).version == 3
    with pytest.raises(NotFound, match="not been registered by then"):
        pilots.pilot_as_of(pilot_id, times[0] - timedelta(microseconds=1))


def test_a_moment_without_a_time_zone_is_refused(pilots: Pilots) -> None:
    pilot_id, times = revised_twice(pilots)
    with pytest.raises(InvalidEntry, match=r"^at: needs a time zone"):
        pilots.pilot_as_of(pilot_id, times[-1].replace(tzinfo=None))


@pytest.mark.parametrize(("version", "error"), [(4, NotFound), (100, NotFound), (0, InvalidEntry)])
def test_a_version_the_pilot_never_had_is_refused(
    pilots: Pilots, version: int, error: type[Exception]
) -> None:
    pilot_id, _ = revised_twice(pilots)
    with pytest.raises(error):
        pilots.pilot(pilot_id, version=version)


def test_an_unknown_pilot_is_not_found(pilots: Pilots) -> None:
    with pytest.raises(NotFound):
        pilots.pilot(uuid4())
    with pytest.raises(NotFound):
        pilots.execute(Pause(uuid4(), reason="Summer"), uuid4())


def test_a_recorded_submission_is_not_replayed_to_an_outsider(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    COMMANDS["pause"](pilots, pilot_id, lead, "form-1")
    with refused(pilots, pilot_id, NotPermitted):
        COMMANDS["pause"](pilots, pilot_id, uuid4(), "form-1")


def test_two_leads_with_the_same_submission_id_register_two_pilots(pilots: Pilots) -> None:
    first = pilots.execute(
        RegisterPilot(title="Story circles", question="How?", idea="Circles"),
        uuid4(),
        submission="1",
    )
    other_lead = uuid4()
    second = pilots.execute(
        RegisterPilot(title="Walks", question="Why?", idea="Walks"), other_lead, submission="1"
    )
    assert second.pilot.id != first.pilot.id
    assert second.pilot.role_of(other_lead) == Role.LEAD
