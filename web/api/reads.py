"""What the API answers about a pilot: Read Structs, and the one mapping from the domain's
`Pilot` to them (domain objects never leave as JSON)."""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.pilot import Pilot
from domain.state import Cycle
from web.api.question_reads import QuestionSetRead, set_read


class TeamMemberRead(msgspec.Struct):
    user_id: UUID
    role: str


class PredictionRead(msgspec.Struct):
    question: str
    prediction: str
    result: str | None


class CycleRead(msgspec.Struct):
    number: int
    stage: str
    objective: str
    plan: str
    predictions: list[PredictionRead]
    what_happened: str
    as_planned: bool | None
    deviations: str
    learning: str
    surprises: str
    decision: str | None
    rationale: str


class ReflectionRead(msgspec.Struct):
    id: UUID
    kind: str
    text: str
    author: UUID
    cycle: int | None


class CorrectionRead(msgspec.Struct):
    entry: str
    previous: str
    text: str
    reason: str
    actor: UUID


class PilotRead(msgspec.Struct):
    """The pilot as CONTRACT.md describes it, plus the plan, study and status details."""

    id: UUID
    version: int
    title: str
    question: str
    idea: str
    origin: str
    themes: list[str]
    status: str
    outcome: str | None
    summary: str
    pause_reason: str
    team: list[TeamMemberRead]
    cycles: list[CycleRead]
    reflections: list[ReflectionRead]
    question_sets: list[QuestionSetRead]
    corrections: list[CorrectionRead]


def pilot_read(pilot: Pilot) -> PilotRead:
    return PilotRead(
        id=pilot.id,
        version=pilot.version,
        title=pilot.title,
        question=pilot.question,
        idea=pilot.idea,
        origin=pilot.origin,
        themes=list(pilot.themes),
        status=pilot.status.value,
        outcome=None if pilot.outcome is None else pilot.outcome.value,
        summary=pilot.summary,
        pause_reason=pilot.pause_reason,
        team=[TeamMemberRead(user, role.value) for user, role in pilot.team.items()],
        cycles=[cycle_read(pilot.cycles[n]) for n in sorted(pilot.cycles)],
        reflections=[
            ReflectionRead(r.id, r.kind.value, r.text, r.author, r.cycle)
            for r in pilot.reflections.values()
        ],
        question_sets=[set_read(pilot, s) for s in pilot.question_sets.values()],
        corrections=[
            CorrectionRead(c.entry, c.previous, c.text, c.reason, c.actor)
            for c in pilot.corrections
        ],
    )


def cycle_read(cycle: Cycle) -> CycleRead:
    return CycleRead(
        number=cycle.number,
        stage=cycle.stage.value,
        objective=cycle.objective,
        plan=cycle.plan,
        predictions=[
            PredictionRead(p.question, p.prediction, cycle.result_for(p.question))
            for p in cycle.predictions
        ],
        what_happened=cycle.what_happened,
        as_planned=cycle.as_planned,
        deviations=cycle.deviations,
        learning=cycle.learning,
        surprises=cycle.surprises,
        decision=None if cycle.decision is None else cycle.decision.value,
        rationale=cycle.rationale,
    )
