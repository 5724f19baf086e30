"""Random but valid histories of a few pilots, told through the `Pilots` service in memory.

Each step picks one pilot and one command that its state allows (a cycle's next stage, a
question's next status, a correction of an entry that exists), with text drawn from a small
vocabulary (so searches find something) mixed with arbitrary text (braces, quotes, markup,
any script). Time moves forward by a random amount before each command, so questions age.
Reflections and set meetings take every visibility, are shared and narrowed, and reflections
are withdrawn; the member leaves a team and joins again. A step the domain refuses (the member
writing to a pilot they have left) records nothing and the story goes on.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain import clock
from domain.errors import DomainError
from domain.pilot import QUESTION_MOVES, Pilot
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
    RevisePredictions,
    SetQuestionSetVisibility,
    SetQuestionStatus,
    SetReflectionVisibility,
    StartCycle,
    WithdrawReflection,
)
from domain.pilot.visibility import Reader
from domain.service import Pilots
from domain.values import (
    Decision,
    Outcome,
    PilotStatus,
    Prediction,
    ReflectionKind,
    Result,
    Stage,
    Visibility,
)
from projections.engine.base import Notice

LEAD = UUID("00000000-0000-4000-8000-00000000000a")
MEMBER = UUID("00000000-0000-4000-8000-00000000000b")
OUTSIDER = UUID("00000000-0000-4000-8000-00000000000c")
VISIBILITIES = st.sampled_from(list(Visibility))
AS_LEAD = Reader.person(LEAD)
# Every kind of reader: the lead, a member who may leave, someone on no team, and the two
# audiences of reports.
READERS = (
    AS_LEAD, Reader.person(MEMBER), Reader.person(OUTSIDER), Reader.community(), Reader.team()
)  # fmt: skip
WORDS = ("story", "circles", "walking", "porters", "trust", "{0}", "<script>", "café", "'quote")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Cycles move on more often than pilots pause or conclude, so that many reach Study and Act.
WEIGHTS = {"step": 14, "plan": 6, "correct": 1, "pause": 1, "resume": 2, "conclude": 1}

plain_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
odd_text = st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and "\x00" not in t)
TEXT = st.one_of(plain_words, plain_words, odd_text)
# "no theme" is also what the charts call the pilots with none: the two are drawn together.
THEMES = st.lists(st.sampled_from(("art", "carers", "no theme")), max_size=2, unique=True)


def events(pilots: Pilots) -> list[Notice]:
    """Every event of the log, with its position, oldest first."""
    found = pilots.recorder.select_notifications(1, 1_000_000)
    return [Notice(n.id, pilots.mapper.to_domain_event(n)) for n in found]  # type: ignore[arg-type]


def batches(notices: list[Notice], cuts: set[int]) -> list[list[Notice]]:
    """The events split at the given indexes, in order."""
    edges = [0, *sorted(c for c in cuts if 0 < c < len(notices)), len(notices)]
    return [notices[a:b] for a, b in itertools.pairwise(edges)]


def tell(draw: Callable[[st.SearchStrategy[Any]], Any], steps: int) -> tuple[Pilots, list[UUID]]:
    """A fresh in-memory `Pilots` with two pilots and up to `steps` more commands."""
    pilots = open_pilots(parse_database_url("memory://"))
    now = [START]
    with clock.clock_set_to(lambda: now[0]):
        ids = [
            pilots.execute(
                RegisterPilot(
                    title=draw(TEXT), question="How?", idea=draw(TEXT), themes=draw(THEMES)
                ),
                LEAD,
            ).pilot.id
            for _ in range(2)
        ]
        for pilot_id in ids:
            pilots.execute(AssignRole(pilot_id, user=MEMBER, role="member"), LEAD)
        for _ in range(steps):
            now[0] += timedelta(hours=draw(st.integers(1, 24 * 9)))
            pilot_id = draw(st.sampled_from(ids))
            pilot = pilots.pilot(pilot_id)
            options = _options(pilot)
            name = draw(
                st.sampled_from([n for n in sorted(options) for _ in range(WEIGHTS.get(n, 2))])
            )
            actor = draw(st.sampled_from([LEAD, MEMBER]))
            with contextlib.suppress(DomainError):  # refused, so nothing was recorded
                options[name](pilots, pilot_id, actor, draw, pilot)
    return pilots, ids


Option = Callable[[Pilots, UUID, UUID, Callable[..., Any], Pilot], object]


def _options(pilot: Pilot) -> dict[str, Option]:
    found: dict[str, Option] = {"reflect": _reflect, "question_set": _question_set}
    cycle = pilot.undecided_cycle
    active = pilot.status == PilotStatus.ACTIVE
    if cycle is None and active:
        found["plan"] = _plan
    elif cycle is not None and (cycle.stage != Stage.PLANNED or active):
        found["step"] = _step
        if cycle.stage == Stage.PLANNED:
            found["revise_predictions"] = _revise_predictions
    if pilot.questions:
        found["insight"] = _insight
        if any(QUESTION_MOVES[q.status] for q in pilot.questions.values()):
            found["status"] = _status
    if _correctable(pilot):
        found["correct"] = _correct
    found["revise_idea"] = _revise_idea
    if pilot.reflections or pilot.question_sets:
        found["share"] = _share
    if any(r.withdrawn_on is None for r in pilot.reflections.values()):
        found["withdraw"] = _withdraw
    found["leave" if MEMBER in pilot.team else "join"] = _leave_or_join
    if pilot.status == PilotStatus.ACTIVE:
        found["pause"] = lambda p, i, a, d, _: p.execute(Pause(i, reason="A break"), a)
    elif pilot.status == PilotStatus.PAUSED:
        found["resume"] = lambda p, i, a, d, _: p.execute(Resume(i), a)
    if pilot.status != PilotStatus.CONCLUDED:
        found["conclude"] = lambda p, i, a, d, _: p.execute(
            Conclude(i, outcome=d(st.sampled_from(list(Outcome))), summary=d(TEXT)), a
        )
    return found


def _predictions(draw: Callable[..., Any]) -> list[Prediction]:
    count = draw(st.integers(1, 3))
    return [Prediction(f"Question {n}?", draw(TEXT)) for n in range(count)]


def _plan(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    p.execute(PlanCycle(i, objective=draw(TEXT), predictions=_predictions(draw)), a)


def _revise_predictions(
    p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot
) -> None:
    cycle = pilot.undecided_cycle
    assert cycle is not None
    p.execute(RevisePredictions(i, number=cycle.number, predictions=_predictions(draw)), a)


def _step(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    cycle = pilot.undecided_cycle
    assert cycle is not None
    n = cycle.number
    if cycle.stage == Stage.PLANNED:
        p.execute(StartCycle(i, number=n), a)
    elif cycle.stage == Stage.STARTED:
        p.execute(
            RecordDo(i, number=n, what_happened=draw(TEXT), as_planned=draw(st.booleans())), a
        )
    elif cycle.stage == Stage.DONE:
        results = [Result(x.question, draw(TEXT)) for x in cycle.predictions]
        surprises = draw(st.one_of(st.just(""), TEXT))
        p.execute(
            RecordStudy(i, number=n, results=results, learning=draw(TEXT), surprises=surprises), a
        )
    else:
        p.execute(
            Decide(i, number=n, decision=draw(st.sampled_from(list(Decision))), rationale="Why"), a
        )


def _reflect(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    cycle = draw(st.sampled_from([None, *pilot.cycles]))
    kind = draw(st.sampled_from(list(ReflectionKind)))
    visibility = draw(VISIBILITIES)
    p.execute(
        RecordReflection(i, kind=kind, text=draw(TEXT), cycle=cycle, visibility=visibility), a
    )


def _question_set(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    asked = draw(
        st.lists(TEXT, min_size=1, max_size=3, unique_by=lambda t: " ".join(t.split()).casefold())
    )
    held_on = date(2026, 3, 1) + timedelta(days=draw(st.integers(0, 60)))
    actions = draw(st.lists(TEXT, max_size=1))
    visibility = draw(VISIBILITIES)
    p.execute(
        RecordQuestionSet(
            i, held_on=held_on, questions=asked, actions=actions, visibility=visibility
        ),
        a,
    )


def _share(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    """A reflection or a set meeting made visible to more people, or to fewer."""
    entries = [*pilot.reflections, *pilot.question_sets]
    entry, visibility = draw(st.sampled_from(entries)), draw(VISIBILITIES)
    if entry in pilot.reflections:
        p.execute(SetReflectionVisibility(i, reflection_id=entry, visibility=visibility), a)
    else:
        p.execute(SetQuestionSetVisibility(i, set_id=entry, visibility=visibility), a)


def _withdraw(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    kept = [r for r, found in pilot.reflections.items() if found.withdrawn_on is None]
    p.execute(WithdrawReflection(i, reflection_id=draw(st.sampled_from(kept)), reason="Mine"), a)


def _leave_or_join(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    if MEMBER in pilot.team:
        p.execute(RemoveMember(i, user=MEMBER), LEAD)
    else:
        p.execute(AssignRole(i, user=MEMBER, role="member"), LEAD)


def _insight(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    question = draw(st.sampled_from(list(pilot.questions)))
    p.execute(AddInsight(i, question_id=question, text=draw(TEXT)), a)


def _status(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    movable = [q for q, x in pilot.questions.items() if QUESTION_MOVES[x.status]]
    question = draw(st.sampled_from(movable))
    moves = sorted(QUESTION_MOVES[pilot.questions[question].status])
    p.execute(SetQuestionStatus(i, question_id=question, status=draw(st.sampled_from(moves))), a)


def _correctable(pilot: Pilot) -> list[str]:
    entries = ["title"]
    for n, cycle in pilot.cycles.items():
        entries += [f"cycle:{n}:learning"] if cycle.learning else []
        entries += [f"cycle:{n}:surprises"] if cycle.surprises else []
    entries += [f"reflection:{r}" for r, x in pilot.reflections.items() if x.text is not None]
    entries += [f"insight:{x.id}" for q in pilot.questions.values() for x in q.insights]
    return entries


def _correct(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    entry = draw(st.sampled_from(_correctable(pilot)))
    text = draw(TEXT)
    if " ".join(text.split()) != " ".join(pilot.entry_text(entry).split()):
        p.execute(Correct(i, entry=entry, text=text, reason="It was wrong"), a)


def _revise_idea(p: Pilots, i: UUID, a: UUID, draw: Callable[..., Any], pilot: Pilot) -> None:
    idea = draw(TEXT)
    if " ".join(idea.split()).casefold() != " ".join(pilot.idea.split()).casefold():
        p.execute(ReviseIdea(i, idea=idea, rationale="Learned something"), a)
