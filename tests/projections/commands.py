"""Random sequences of commands on a few pilots, and on stories and a workshop beside them
(`origin_commands`), run through the application service.

A step names a command, a pilot (by its place in the order registered), a person and a number
used for whatever the command needs. Steps are aimed at the commands a pilot can take where it
stands (the next stage of its open cycle, an open question), so most are accepted; the rest
are refused by the rules, record nothing, and are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from hypothesis import strategies as st

from domain.errors import DomainError
from domain.pilot import Pilot
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Conclude,
    Correct,
    Decide,
    Pause,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    RemoveMember,
    Resume,
    ReviseIdea,
    SetQuestionSetVisibility,
    SetQuestionStatus,
    SetReflectionVisibility,
    StartCycle,
    WithdrawReflection,
)
from domain.service import Pilots
from domain.values import Prediction, Result, Stage
from tests.projections.origin_commands import ORIGIN_COMMANDS, Origins, origin_step

PEOPLE = tuple(UUID(int=n) for n in range(1, 6))
THEMES = ("walks", "Groups", "tea  time", "art")
PREDICTIONS = (Prediction("Will people come?", "About ten"),)
RESULTS = (Result("Will people come?", "Twelve came"),)
COMMANDS = (
    "register", "assign", "remove", "cycle", "cycle", "cycle", "question_set", "question_status",
    "question_status", "reflection", "pause", "resume", "conclude", "retitle", "revise_idea",
    "reflection", "share", "withdraw", "correct_reflection", "insight", *ORIGIN_COMMANDS,
)  # fmt: skip
VISIBILITIES = ("community", "team", "private")

Step = tuple[str, int, int, int]
steps = st.lists(
    st.tuples(
        st.sampled_from(COMMANDS),
        st.integers(0, 3),
        st.integers(0, len(PEOPLE) - 1),
        st.integers(0, 7),
    ),
    min_size=5,
    max_size=60,
)


def run_steps(
    pilots: Pilots, chosen: list[Step], after_each: Callable[[], object] | None = None
) -> int:
    """Runs the steps, calling `after_each` after every one; the number the rules accepted."""
    ids: list[UUID] = []
    made = Origins()
    accepted = 0
    for command, which, person, number in chosen:
        try:
            if command in ORIGIN_COMMANDS:
                origin_step(pilots, made, command, which, PEOPLE[person], number)
            elif command == "register" or not ids:
                ids.append(_register(pilots, PEOPLE[person], number))
            else:
                pilot_id = ids[which % len(ids)]
                _COMMANDS[command](pilots, pilots.pilot(pilot_id), PEOPLE[person], number)
        except DomainError:
            continue
        finally:
            if after_each is not None:
                after_each()
        accepted += 1
    return accepted


def _register(pilots: Pilots, lead: UUID, number: int) -> UUID:
    themes = [THEMES[i] for i in range(len(THEMES)) if number >> i & 1]
    receipt = pilots.execute(
        RegisterPilot(title=f"Pilot {number}", question="How?", idea="An idea", themes=themes), lead
    )
    return receipt.pilot.id


def _lead_of(pilot: Pilot) -> UUID:
    return next(user for user, role in pilot.team.items() if role.value == "lead")


def _assign(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    role = ("member", "facilitator", "lead")[number % 3]
    pilots.execute(AssignRole(pilot.id, user=person, role=role), _lead_of(pilot))


def _remove(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    """Someone on the team, mostly; now and then someone who is not."""
    team = sorted(pilot.team)
    user = person if number == 0 else team[number % len(team)]
    pilots.execute(RemoveMember(pilot.id, user=user), _lead_of(pilot))


def _cycle(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    """Takes the open cycle one stage on, or plans a new one: mostly as the lead, sometimes as
    someone who may not be on the team."""
    pid, cycle = pilot.id, pilot.undecided_cycle
    person = person if number == 0 else _lead_of(pilot)
    if cycle is None:
        pilots.execute(PlanCycle(pid, objective="Try it", predictions=PREDICTIONS), person)
    elif cycle.stage == Stage.PLANNED:
        pilots.execute(StartCycle(pid, number=cycle.number), person)
    elif cycle.stage == Stage.STARTED:
        pilots.execute(RecordDo(pid, number=cycle.number, what_happened="Ran"), person)
    elif cycle.stage == Stage.DONE:
        pilots.execute(
            RecordStudy(pid, number=cycle.number, results=RESULTS, learning="Yes"), person
        )
    else:
        pilots.execute(
            Decide(pid, number=cycle.number, decision="adapt", rationale="Shorter"), person
        )


def _question_set(pilots: Pilots, pilot: Pilot, _: UUID, number: int) -> None:
    questions = [f"What helped {n}?" for n in range(number % 3 + 1)]
    pilots.execute(
        RecordQuestionSet(pilot.id, held_on=date(2026, 5, 1), questions=questions), _lead_of(pilot)
    )


def _question_status(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    """Moves one of the pilot's questions on; a pilot without questions holds a set meeting."""
    if not pilot.questions:
        _question_set(pilots, pilot, person, number)
        return
    question = sorted(pilot.questions)[number % len(pilot.questions)]
    status = ("explored", "answered", "carried_forward", "closed")[number % 4]
    pilots.execute(
        SetQuestionStatus(pilot.id, question_id=question, status=status), _lead_of(pilot)
    )


def _reflection(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    pilots.execute(
        RecordReflection(
            pilot.id,
            kind="observation",
            text=f"People stayed {number}",
            visibility=VISIBILITIES[number % 3],
        ),
        person,
    )


def _share(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    """A reflection or a set meeting made visible to more people, or to fewer."""
    entries = sorted([*pilot.reflections, *pilot.question_sets])
    if not entries:
        raise DomainError("nothing to share")
    entry, visibility = entries[number % len(entries)], VISIBILITIES[(number + 1) % 3]
    if entry in pilot.reflections:
        command: object = SetReflectionVisibility(
            pilot.id, reflection_id=entry, visibility=visibility
        )
    else:
        command = SetQuestionSetVisibility(pilot.id, set_id=entry, visibility=visibility)
    pilots.execute(command, _lead_of(pilot))  # type: ignore[arg-type]


def _kept_reflections(pilot: Pilot) -> list[UUID]:
    kept = sorted(r for r, found in pilot.reflections.items() if found.withdrawn_on is None)
    if not kept:
        raise DomainError("no reflection to act on")
    return kept


def _withdraw(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    kept = _kept_reflections(pilot)
    reflection = kept[number % len(kept)]
    author = pilot.reflections[reflection].author
    pilots.execute(WithdrawReflection(pilot.id, reflection_id=reflection, reason="Mine"), author)


def _correct_reflection(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    kept = _kept_reflections(pilot)
    reflection = kept[number % len(kept)]
    author = pilot.reflections[reflection].author
    text = f"People stayed on {number}"
    correct = Correct(pilot.id, entry=f"reflection:{reflection}", text=text, reason="Typo")
    pilots.execute(correct, author)


def _insight(pilots: Pilots, pilot: Pilot, person: UUID, number: int) -> None:
    if not pilot.questions:
        raise DomainError("no question to add an insight to")
    question = sorted(pilot.questions)[number % len(pilot.questions)]
    text = f"Tea matters {number}"
    pilots.execute(AddInsight(pilot.id, question_id=question, text=text), person)


def _pause(pilots: Pilots, pilot: Pilot, _: UUID, __: int) -> None:
    pilots.execute(Pause(pilot.id, reason="Summer"), _lead_of(pilot))


def _resume(pilots: Pilots, pilot: Pilot, _: UUID, __: int) -> None:
    pilots.execute(Resume(pilot.id), _lead_of(pilot))


def _conclude(pilots: Pilots, pilot: Pilot, _: UUID, number: int) -> None:
    outcome = ("adopted", "adapted", "abandoned")[number % 3]
    pilots.execute(Conclude(pilot.id, outcome=outcome, summary="Done"), _lead_of(pilot))


def _retitle(pilots: Pilots, pilot: Pilot, _: UUID, number: int) -> None:
    pilots.execute(
        Correct(pilot.id, entry="title", text=f"Renamed {number}", reason="Typo"), _lead_of(pilot)
    )


def _revise_idea(pilots: Pilots, pilot: Pilot, _: UUID, number: int) -> None:
    pilots.execute(
        ReviseIdea(pilot.id, idea=f"Idea {number}", rationale="Learned"), _lead_of(pilot)
    )


_COMMANDS: dict[str, Callable[[Pilots, Pilot, UUID, int], None]] = {
    "assign": _assign, "remove": _remove, "cycle": _cycle, "question_set": _question_set,
    "question_status": _question_status, "reflection": _reflection, "pause": _pause,
    "resume": _resume, "conclude": _conclude, "retitle": _retitle, "revise_idea": _revise_idea,
    "share": _share, "withdraw": _withdraw, "correct_reflection": _correct_reflection,
    "insight": _insight,
}  # fmt: skip
