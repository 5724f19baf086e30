"""Random programmes of the co-creation phase and the pilots that test its ideas, told through the
`Pilots` service in memory: stories told with either consent (by tellers with and without
accounts), revised and withdrawn; workshops whose principles, framing questions and ideas are
recorded, revised, merged and split; pilots registered to test an idea or serve a question, run
through cycles to decisions, paused, resumed, concluded and renamed. Time moves on by 0 to 72
hours before each step, so several steps may share a moment. A step the domain refuses records
nothing and the story goes on.

The choices are made by hypothesis in the property tests (`drawn`) and by a seeded `random` in
the rebuild test (`seeded`), through the same two calls.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain import clock
from domain.errors import DomainError
from domain.origins.commands import (
    CreateWorkshop,
    MergeIdeas,
    NewPart,
    RecordFraming,
    RecordIdea,
    RecordPrinciple,
    RecordStory,
    ReviseFraming,
    RevisePrinciple,
    ReviseStory,
    ReviseWorkshopIdea,
    SplitIdea,
    WithdrawStory,
)
from domain.pilot.commands import (
    Command,
    Conclude,
    Correct,
    Decide,
    Pause,
    PlanCycle,
    RecordDo,
    RecordStudy,
    RegisterPilot,
    Resume,
    StartCycle,
)
from domain.service import Pilots
from domain.values import Prediction, Result, Stage

# Accounts by their role across the programme.
ADMIN = UUID("00000000-0000-4000-8000-0000000000a1")
LEAD = UUID("00000000-0000-4000-8000-0000000000a2")
TELLER = UUID("00000000-0000-4000-8000-0000000000a3")
MEMBER = UUID("00000000-0000-4000-8000-0000000000a4")
READER = UUID("00000000-0000-4000-8000-0000000000a5")
ROLES = {ADMIN: "admin", LEAD: "lead", TELLER: "member", MEMBER: "member", READER: "reader"}
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WORDS = ("Listen first", "Walks", "Circles", "Huddles", "<b>tea</b> & café")
T = TypeVar("T")
ACTIONS = {
    "story": 3, "revise story": 1, "withdraw": 1, "workshop": 1, "principle": 3,
    "revise principle": 1, "framing": 2, "revise framing": 1, "idea": 3, "revise idea": 1,
    "merge": 1, "split": 1, "pilot": 3, "cycle": 12, "pause": 1, "conclude": 1, "rename": 1,
}  # fmt: skip


@dataclass(frozen=True)
class Choices:
    """`pick` one of some options; `some` of them, between `low` and `high`, none twice."""

    pick: Callable[[Sequence[Any]], Any]
    some: Callable[[Sequence[Any], int, int], list[Any]]


def drawn(draw: Callable[..., Any]) -> Choices:
    return Choices(
        lambda options: draw(st.sampled_from(options)),
        lambda options, low, high: draw(st.lists(st.sampled_from(options), min_size=low,
                                                 max_size=high, unique=True)) if options else [],
    )  # fmt: skip


def seeded(rng: random.Random) -> Choices:
    return Choices(
        lambda options: rng.choice(list(options)),
        lambda options, low, high: rng.sample(list(options), min(len(options),
                                                                 rng.randint(low, high))),
    )  # fmt: skip


class Programme:
    """What has been made so far, by kind, for the next step to name."""

    def __init__(self, app: Pilots | None = None) -> None:
        self.app = app or open_pilots(parse_database_url("memory://"))
        self.made: dict[str, list[UUID]] = {kind: [] for kind in
                                            ("story", "workshop", "pilot")}  # fmt: skip

    def outputs(self, kind: str) -> list[tuple[UUID, UUID]]:
        """(workshop, output) for every principle, framing question or live idea."""
        found = []
        for workshop_id in self.made["workshop"]:
            workshop = self.app.workshop(workshop_id)
            held = {
                "principle": workshop.principles,
                "framing": workshop.framings,
                "idea": {k: i for k, i in workshop.ideas.items() if not i.superseded},
            }[kind]
            found += [(workshop_id, output) for output in held]  # fmt: skip
        return found


def tell(
    choose: Choices, steps: int, app: Pilots | None = None,
    after_each: Callable[[], object] | None = None, *, own_clock: bool = True,
) -> Programme:  # fmt: skip
    """`steps` steps on `app` (a new one in memory if none), on a clock of the programme's own
    (`own_clock`) or the real one; `after_each` is called after every step."""
    programme = Programme(app)
    with _clock(choose, own_clock) as tick:
        for _ in range(steps):
            tick()
            action = choose.pick([a for a, w in ACTIONS.items() for _ in range(w)])
            step = _step(choose, programme, action)
            if step is not None:
                _run(programme, *step)
            if after_each is not None:
                after_each()
    return programme


@contextmanager
def _clock(choose: Choices, own: bool) -> Iterator[Callable[[], None]]:
    now = [START]

    def tick() -> None:
        now[0] += timedelta(hours=choose.pick([0, 0, 1, 5, 24, 72]))

    if not own:
        yield lambda: None
        return
    with clock.clock_set_to(lambda: now[0]):
        yield tick


def _run(programme: Programme, command: Command, sender: UUID) -> None:
    with contextlib.suppress(DomainError):
        receipt = programme.app.execute(command, sender, role=ROLES[sender])
        if isinstance(command, RecordStory):
            programme.made["story"].append(receipt.record.id)
        elif isinstance(command, CreateWorkshop):
            programme.made["workshop"].append(receipt.record.id)
        elif isinstance(command, RegisterPilot):
            programme.made["pilot"].append(receipt.record.id)


def _step(choose: Choices, programme: Programme, action: str) -> tuple[Command, UUID] | None:
    made = programme.made
    if action == "story":
        teller = choose.pick([TELLER, MEMBER, None])
        name = "" if teller is not None else choose.pick(["", "Ann from Leeds"])
        command = RecordStory(text=choose.pick(WORDS), consent=choose.pick(["team", "community"]),
                              title=choose.pick(["", "Tea"]), told_by=teller,
                              told_by_name=name)  # fmt: skip
        return command, choose.pick([TELLER, MEMBER, LEAD])
    if action in ("revise story", "withdraw"):
        if not made["story"]:
            return None
        story = choose.pick(made["story"])
        sender = programme.app.story(story).recorded_by
        if action == "withdraw":
            return WithdrawStory(story, reason="Asked"), sender
        return ReviseStory(
            story, text=choose.pick(WORDS), title="", themes=(), rationale="Why"
        ), sender
    if action == "workshop":
        return CreateWorkshop(title="Spring", held_on=START.date()), choose.pick([LEAD, ADMIN])
    if action == "pilot":
        return _pilot(choose, programme), LEAD
    if action in ("cycle", "pause", "conclude", "rename"):
        if not made["pilot"]:
            return None
        # Cycles mostly of the first two pilots, so that many reach a decision.
        tied = [p for p in made["pilot"] if _tied(programme, p)]
        pilots = (tied or made["pilot"])[:2] if action == "cycle" else made["pilot"]
        return _pilot_step(choose, programme, action, choose.pick(pilots)), LEAD
    return _workshop_step(choose, programme, action)


def _workshop_step(
    choose: Choices, programme: Programme, action: str
) -> tuple[Command, UUID] | None:
    kind = action.removeprefix("revise ")
    if action in ("principle", "framing", "idea", "merge", "split") and programme.made["workshop"]:
        workshop_id = choose.pick(programme.made["workshop"])
    elif action.startswith("revise") and (outputs := programme.outputs(kind)):
        workshop_id, output = choose.pick(outputs)
    else:
        return None
    principles = [p for w, p in programme.outputs("principle") if w == workshop_id]
    framings = [None, *(f for w, f in programme.outputs("framing") if w == workshop_id)]
    ideas = [i for w, i in programme.outputs("idea") if w == workshop_id]
    stories = choose.some(programme.made["story"], 0, 3)
    drawn_from = choose.some(principles, 0, 3)
    text, w = choose.pick(WORDS), workshop_id
    command: Command
    if action == "principle":
        command = RecordPrinciple(w, text=text, stories=stories)
    elif action == "revise principle":
        command = RevisePrinciple(w, principle_id=output, text=text, stories=stories,
                                  rationale="Why")  # fmt: skip
    elif action == "framing":
        command = RecordFraming(w, text=text, principles=drawn_from)
    elif action == "revise framing":
        command = ReviseFraming(w, framing_id=output, text=text, principles=drawn_from,
                                rationale="Why")  # fmt: skip
    elif action == "idea":
        from_pilot = choose.pick([None, *_adapted(programme), *programme.made["pilot"]])
        command = RecordIdea(w, text=text, principles=drawn_from,
                             framing=choose.pick(framings), from_pilot=from_pilot)  # fmt: skip
    elif action == "revise idea":
        command = ReviseWorkshopIdea(w, idea_id=output, text=text, principles=drawn_from,
                                     framing=choose.pick(framings), rationale="Why")  # fmt: skip
    elif action == "merge" and len(ideas) >= 2:
        merged = choose.some(ideas, 2, 3)
        command = MergeIdeas(w, ideas=merged, text=text, rationale="Why",
                             framing=choose.pick(framings))  # fmt: skip
    elif action == "split" and ideas:
        idea = programme.app.workshop(w).ideas[choose.pick(ideas)]
        parts = [NewPart(f"{text} {n}", idea.principles[n:], choose.pick([None, idea.framing]))
                 for n in range(2)]  # fmt: skip
        command = SplitIdea(w, idea_id=idea.id, parts=parts, rationale="Why")
    else:
        return None
    return command, choose.pick([LEAD, ADMIN])


def _tied(programme: Programme, pilot_id: UUID) -> bool:
    pilot = programme.app.pilot(pilot_id)
    return pilot.tests_idea is not None or pilot.framing is not None


def _adapted(programme: Programme) -> list[UUID]:
    """The pilots that decided to adapt in some cycle, which may give rise to ideas."""
    pilots = [programme.app.pilot(pilot_id) for pilot_id in programme.made["pilot"]]
    return [p.id for p in pilots if any(c.decision == "adapt" for c in p.cycles.values())]


def _pilot(choose: Choices, programme: Programme) -> Command:
    """A pilot that tests an idea (and serves its framing question, or says none), serves a
    framing question alone, or names neither."""
    ideas = [(w, i) for w, i in programme.outputs("idea")]
    framings = [None, *(f for _, f in programme.outputs("framing"))]
    tests_idea = framing = None
    if ideas and choose.pick([True, True, False]):
        workshop_id, tests_idea = choose.pick(ideas)
        framing = choose.pick([None, programme.app.workshop(workshop_id).ideas[tests_idea].framing])
    else:
        framing = choose.pick(framings)
    return RegisterPilot(title=choose.pick(WORDS), question="How?", idea="An idea",
                         tests_idea=tests_idea, framing=framing)  # fmt: skip


def _pilot_step(choose: Choices, programme: Programme, action: str, pilot_id: UUID) -> Command:
    pilot = programme.app.pilot(pilot_id)
    if action == "pause":
        return Pause(pilot_id, reason="Winter") if pilot.status == "active" else Resume(pilot_id)
    if action == "conclude":
        return Conclude(pilot_id, outcome=choose.pick(["adopted", "adapted"]),
                        summary="Done")  # fmt: skip
    if action == "rename":
        return Correct(pilot_id, entry="title", text=choose.pick(WORDS), reason="Renamed")
    cycle = pilot.undecided_cycle
    if cycle is None:
        return PlanCycle(pilot_id, objective="Try", predictions=[Prediction("How?", "Well")])
    n = cycle.number
    if cycle.stage == Stage.PLANNED:
        return StartCycle(pilot_id, number=n)
    if cycle.stage == Stage.STARTED:
        return RecordDo(pilot_id, number=n, what_happened="Ran")
    if cycle.stage == Stage.DONE:
        return RecordStudy(pilot_id, number=n, results=[Result("How?", "Yes")], learning="Yes")
    decision = choose.pick(["adopt", "adapt", "abandon"])
    return Decide(pilot_id, number=n, decision=decision, rationale="Because")
