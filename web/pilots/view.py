"""The pilot as its page shows it: entries joined up with people's names, and the next steps
that make sense for the pilot's state and for the person looking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.pilot import QUESTION_MOVES, Pilot
from domain.pilot.entries import CYCLE_FIELDS
from domain.pilot.state import Action, Correction, Cycle, Reflection
from domain.pilot.visibility import Seen
from domain.values import QuestionStatus, ReflectionKind, Role, Visibility
from web.people import People
from web.pilots.steps import Step, cycle_form, next_steps

# Kolb's cycle, and appreciative inquiry beside it, as the prompt each kind of reflection answers.
REFLECTION_KINDS: dict[ReflectionKind, tuple[str, str]] = {
    ReflectionKind.EXPERIENCE: ("Experience", "What happened?"),
    ReflectionKind.OBSERVATION: ("Observation", "What did you notice?"),
    ReflectionKind.MEANING: ("Meaning", "What does it mean?"),
    ReflectionKind.NEXT_STEP: ("Next step", "What will you try next?"),
    ReflectionKind.APPRECIATION: ("Appreciation", "What went well? Tell me about a time when…"),
}
QUESTION_STATUSES = {status: status.value.replace("_", " ") for status in QuestionStatus}
# Who reads an entry, in the words a form offers.
VISIBILITIES: dict[Visibility, tuple[str, str]] = {
    Visibility.COMMUNITY: ("Community", "everyone who signs in"),
    Visibility.TEAM: ("Team", "this pilot's lead, members and facilitators"),
    Visibility.PRIVATE: ("Private", "you alone"),
}


@dataclass(frozen=True)
class Row:
    """One prediction of a cycle, with the result set against it once studied."""

    number: int
    question: str
    prediction: str
    result: str | None


@dataclass(frozen=True)
class QuestionView:
    id: UUID
    number: int
    text: str
    status: QuestionStatus
    looks_closed: bool
    insights: tuple[tuple[str, str], ...]
    moves: tuple[QuestionStatus, ...]


@dataclass(frozen=True)
class ReflectionView:
    """A reflection, its author's name, and whether the viewer may share or withdraw it."""

    reflection: Reflection
    author: str
    owned: bool


@dataclass(frozen=True)
class SetView:
    id: UUID
    held_on: date
    facilitator: str
    issue_holder: str
    questions: tuple[QuestionView, ...]
    actions: tuple[Action, ...]
    visibility: Visibility
    owned: bool  # the viewer recorded it, or leads the pilot: they may change who reads it


@dataclass(frozen=True)
class PilotView:
    pilot: Pilot
    cycles: tuple[tuple[Cycle, tuple[Row, ...]], ...]
    current: tuple[Cycle, tuple[Row, ...]] | None
    reflections: tuple[ReflectionView, ...]
    sets: tuple[SetView, ...]
    team: tuple[tuple[UUID, str, Role], ...]
    emails: dict[UUID, str]
    corrections: tuple[tuple[Correction, str, str], ...]
    correctable: tuple[tuple[str, str], ...]
    can_write: bool
    is_lead: bool
    steps: tuple[Step, ...]
    cycle_form: str | None
    hidden: int


def pilot_view(seen: Seen, viewer: UUID | None, people: People) -> PilotView:
    """The pilot as one reader may see it (`seen`); `viewer` is None for a read-only page,
    such as the pilot as it stood at a version."""
    pilot = seen.pilot
    role = None if viewer is None else pilot.role_of(viewer)
    cycles = tuple((cycle, rows(cycle)) for cycle in pilot.cycles.values())
    undecided = pilot.undecided_cycle
    team = sorted(pilot.team.items(), key=lambda item: (item[1] != Role.LEAD, people.name(item[0])))
    return PilotView(
        pilot=pilot,
        cycles=cycles,
        current=None if undecided is None else (undecided, rows(undecided)),
        reflections=tuple(
            ReflectionView(r, people.name(r.author), _owned(r, viewer, role))
            for r in pilot.reflections.values()
        ),
        sets=tuple(_set_view(pilot, s.id, people, viewer) for s in pilot.question_sets.values()),
        team=tuple((user, people.name(user), r) for user, r in team),
        emails={user: people.email(user) for user in pilot.team} if role is not None else {},
        corrections=tuple(
            (c, entry_label(c.entry), people.name(c.actor)) for c in pilot.corrections
        ),
        correctable=correctable(pilot) if role is not None else (),
        can_write=role is not None,
        is_lead=role == Role.LEAD,
        steps=next_steps(pilot, role),
        cycle_form=None if role is None else cycle_form(pilot),
        hidden=seen.hidden,
    )


def _owned(reflection: Reflection, viewer: UUID | None, role: Role | None) -> bool:
    """Its author or a lead may share or withdraw a reflection, until it is withdrawn."""
    if viewer is None or reflection.withdrawn_on is not None:
        return False
    return viewer == reflection.author or role == Role.LEAD


def rows(cycle: Cycle) -> tuple[Row, ...]:
    return tuple(
        Row(i, p.question, p.prediction, cycle.result_for(p.question))
        for i, p in enumerate(cycle.predictions, start=1)
    )


def _set_view(pilot: Pilot, set_id: UUID, people: People, viewer: UUID | None) -> SetView:
    meeting = pilot.question_sets[set_id]
    questions = tuple(
        QuestionView(
            q.id, number, q.text, q.status, q.looks_closed,
            tuple((i.text, people.name(i.author)) for i in q.insights),
            tuple(s for s in QuestionStatus if s in QUESTION_MOVES[q.status]),
        )
        for number, q in enumerate((pilot.questions[i] for i in meeting.question_ids), start=1)
    )  # fmt: skip
    return SetView(
        meeting.id, meeting.held_on, people.named(meeting.facilitator, meeting.facilitator_name),
        people.named(meeting.issue_holder, meeting.issue_holder_name), questions,
        tuple(meeting.actions), meeting.visibility,
        viewer is not None and (viewer == meeting.author or pilot.role_of(viewer) == Role.LEAD),
    )  # fmt: skip


def correctable(pilot: Pilot) -> tuple[tuple[str, str], ...]:
    """The entries that can be corrected now, as (entry, label) pairs: every one that has been
    filled in, named as a correction names it."""
    found = [(name, name.capitalize()) for name in ("title", "question", "origin", "summary")]
    for number, cycle in sorted(pilot.cycles.items()):
        found += [
            (f"cycle:{number}:{field}", f"Cycle {number}: {field.replace('_', ' ')}")
            for field in sorted(CYCLE_FIELDS)
            if getattr(cycle, field)
        ]
    found += [
        (f"reflection:{r.id}", f"Reflection: {_short(r.text or '')}")
        for r in pilot.reflections.values()
    ]
    found += [
        (f"insight:{i.id}", f"Insight: {_short(i.text)}")
        for q in pilot.questions.values()
        for i in q.insights
    ]
    return tuple((entry, label) for entry, label in found if pilot.entry_text(entry))


def entry_label(entry: str) -> str:
    """`cycle:1:what_happened` reads "Cycle 1: what happened"."""
    kind, _, rest = entry.partition(":")
    if kind == "cycle":
        number, _, field = rest.partition(":")
        return f"Cycle {number}: {field.replace('_', ' ')}"
    return {"reflection": "A reflection", "insight": "An insight"}.get(kind, kind.capitalize())


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
