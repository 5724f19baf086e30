"""Small builders for the unit tests: a pilot at a given stage, and a check that a refused
command recorded nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.errors import DomainError
from domain.pilot.commands import (
    Decide,
    NewAction,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordStudy,
    RegisterPilot,
    StartCycle,
)
from domain.service import Pilots
from domain.values import Decision, Prediction, Result, Stage

PREDICTIONS = (
    Prediction("Will members come to a short group activity?", "About ten will come"),
    Prediction("Will they come back next week?", "Half of them will"),
)
RESULTS = tuple(Result(p.question, "As predicted") for p in PREDICTIONS)
OPEN_QUESTION = "What would make this group feel purposeful to you?"


def new_pilot(pilots: Pilots, **fields: object) -> tuple[UUID, UUID]:
    """Registers a pilot; returns its id and its lead."""
    lead = uuid4()
    framing = {"title": "Story circles", "question": "How might we connect?", "idea": "Circles"}
    receipt = pilots.execute(RegisterPilot(**(framing | fields)), lead)  # type: ignore[arg-type]
    return receipt.pilot.id, lead


def run_cycle_to(pilots: Pilots, pilot_id: UUID, actor: UUID, number: int, stage: Stage) -> None:
    """Takes a planned cycle through the stages, in order, until it reaches `stage`."""
    steps = {
        Stage.STARTED: lambda: pilots.execute(StartCycle(pilot_id, number=number), actor),
        Stage.DONE: lambda: pilots.execute(
            RecordDo(pilot_id, number=number, what_happened="Ran"), actor
        ),
        Stage.STUDIED: lambda: pilots.execute(
            RecordStudy(pilot_id, number=number, results=RESULTS, learning="People came"), actor
        ),
        Stage.DECIDED: lambda: pilots.execute(
            Decide(pilot_id, number=number, decision=Decision.ADAPT, rationale="Shorter next time"),
            actor,
        ),
    }
    stages = list(Stage)
    for step in stages[1 : stages.index(stage) + 1]:
        steps[step]()


def plan(pilots: Pilots, pilot_id: UUID, actor: UUID) -> int:
    receipt = pilots.execute(
        PlanCycle(pilot_id, objective="Try it", predictions=PREDICTIONS), actor
    )
    number: int = receipt.events[-1].number  # type: ignore[attr-defined]
    return number


def pilot_with_cycle_at(pilots: Pilots, stage: Stage) -> tuple[UUID, UUID]:
    """A pilot whose cycle 1 has reached `stage`; returns its id and its lead."""
    pilot_id, lead = new_pilot(pilots)
    run_cycle_to(pilots, pilot_id, lead, plan(pilots, pilot_id, lead), stage)
    return pilot_id, lead


def record_question_set(
    pilots: Pilots,
    pilot_id: UUID,
    actor: UUID,
    questions: tuple[str, ...] = (OPEN_QUESTION,),
    actions: tuple[str, ...] = (),
) -> tuple[list[UUID], list[UUID]]:
    """Records a set meeting; returns the ids of its questions and of its actions."""
    receipt = pilots.execute(
        RecordQuestionSet(
            pilot_id,
            held_on=date(2026, 5, 1),
            questions=questions,
            actions=[NewAction(text, actor) for text in actions],
        ),
        actor,
    )
    question_set = receipt.pilot.question_sets[receipt.events[-1].set_id]  # type: ignore[attr-defined]
    return list(question_set.question_ids), [a.id for a in question_set.actions]


def recorded(pilots: Pilots, pilot_id: UUID) -> tuple[int, int, int | None]:
    """The pilot's version, its stored event count, and the application's last position."""
    version = pilots.pilot(pilot_id).version
    return version, len(pilots.history(pilot_id)), pilots.recorder.max_notification_id()


@contextmanager
def refused(
    pilots: Pilots,
    pilot_id: UUID,
    error: type[DomainError] | tuple[type[DomainError], ...],
    match: str | None = None,
) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Expects the command in the block to raise `error` and to record nothing."""
    before = recorded(pilots, pilot_id)
    with pytest.raises(error, match=match) as info:
        yield info
    assert recorded(pilots, pilot_id) == before
