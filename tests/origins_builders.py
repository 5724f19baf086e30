"""Builders of the co-creation phase for the tests, in one module, in three parts:

- small builders: a story, a workshop and its outputs, each recorded by someone with the standing
  to record it (`tell`, `workshop`, `principle`, `framing`, `idea`); a check that a refused
  command recorded nothing anywhere in the log (`refused_anywhere`); and a story and a workshop
  with every kind of event (`every_origin_event`);
- the scene (`tell_scene`): one small programme, told with those builders a day a step, for
  tests that check the map and a story's trail against what a person would expect;
- random programmes (`tell_programme`): stories, workshops and the pilots that test their ideas,
  chosen by hypothesis (`drawn`) or a seeded `random` (`seeded`), for the property tests and the
  rebuild test.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4

import pytest
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain import clock
from domain.errors import DomainError
from domain.origins.commands import (
    AddFacilitator,
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
from tests.unit.builders import plan, run_cycle_to

# -- small builders -------------------------------------------------------------------------------

HELD_ON = date(2026, 3, 12)
STORY = "The porter who stopped to listen, and the ward that changed because of it"
HOW_MIGHT_WE = "How might we make the ways we navigate Q purposeful and participatory?"


def tell(pilots: Pilots, teller: UUID | None = None, **fields: Any) -> UUID:
    """A story recorded by a member; its id. `teller` records it unless `recorder` is given."""
    recorder = fields.pop("recorder", None) or teller or uuid4()
    role = fields.pop("role", "member")
    given = {"text": STORY, "consent": "community", "told_by": teller} | fields
    return pilots.execute(RecordStory(**given), recorder, role=role).story.id


def workshop(pilots: Pilots, lead: UUID, **fields: Any) -> UUID:
    """A workshop recorded by a lead; its id."""
    given: dict[str, Any] = {"title": "Spring co-creation", "held_on": HELD_ON} | fields
    return pilots.execute(CreateWorkshop(**given), lead, role="lead").workshop.id


def principle(pilots: Pilots, workshop_id: UUID, lead: UUID, **fields: Any) -> UUID:
    given = {"text": "People come back when they are listened to"} | fields
    receipt = pilots.execute(RecordPrinciple(workshop_id, **given), lead, role="lead")
    return receipt.events[-1].principle_id  # type: ignore[attr-defined, no-any-return]


def framing(pilots: Pilots, workshop_id: UUID, lead: UUID, **fields: Any) -> UUID:
    given = {"text": HOW_MIGHT_WE} | fields
    receipt = pilots.execute(RecordFraming(workshop_id, **given), lead, role="lead")
    return receipt.events[-1].framing_id  # type: ignore[attr-defined, no-any-return]


def idea(pilots: Pilots, workshop_id: UUID, lead: UUID, **fields: Any) -> UUID:
    given = {"text": "Story-sharing circles"} | fields
    receipt = pilots.execute(RecordIdea(workshop_id, **given), lead, role="lead")
    return receipt.events[-1].idea_id  # type: ignore[attr-defined, no-any-return]


def last_position(pilots: Pilots) -> int | None:
    return pilots.recorder.max_notification_id()


@contextmanager
def refused_anywhere(
    pilots: Pilots, error: type[DomainError], match: str | None = None
) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Expects the command in the block to raise `error` and to record nothing in the log."""
    before = last_position(pilots)
    with pytest.raises(error, match=match) as info:
        yield info
    assert last_position(pilots) == before


def every_origin_event(pilots: Pilots, lead: UUID, teller: UUID) -> dict[str, UUID]:
    """A story of every kind of event (recorded, revised, withdrawn), one kept, and a workshop
    with every kind of output, revised, merged and split; a pilot testing one of its ideas. The
    ids by what they are."""
    withdrawn = tell(pilots, teller, title="Withdrawn", told_by_name="", consent="team")
    kept = tell(pilots, None, recorder=teller, text="Kept story", told_by_name="Sam")
    pilots.execute(
        ReviseStory(withdrawn, text="Revised words", title="Withdrawn", themes=["care"],
                    rationale="Clearer"),
        teller, role="member",
    )  # fmt: skip
    workshop_id = workshop(pilots, lead, facilitators=[teller])
    pilots.execute(AddFacilitator(workshop_id, user=uuid4()), lead, role="lead")
    first = principle(pilots, workshop_id, lead, stories=[withdrawn, kept])
    second = principle(pilots, workshop_id, lead, text="Small is beautiful")
    pilots.execute(
        RevisePrinciple(workshop_id, principle_id=second, text="Small groups", stories=[kept],
                        rationale="Named"),
        teller, role="member",
    )  # fmt: skip
    framing_id = framing(pilots, workshop_id, lead, principles=[first])
    pilots.execute(
        ReviseFraming(workshop_id, framing_id=framing_id, text=HOW_MIGHT_WE + " Together?",
                      principles=[first, second], rationale="Both"),
        lead, role="admin",
    )  # fmt: skip
    ideas = [idea(pilots, workshop_id, lead, text=t, principles=[first], framing=framing_id)
             for t in ("Circles", "Huddles", "Walks")]  # fmt: skip
    pilots.execute(
        ReviseWorkshopIdea(workshop_id, idea_id=ideas[2], text="Walks and talks",
                           principles=[first, second], framing=None, rationale="Outdoors"),
        lead, role="lead",
    )  # fmt: skip
    merged = pilots.execute(
        MergeIdeas(workshop_id, ideas=ideas[:2], text="Short circles", rationale="Alike"),
        lead, role="lead",
    ).events[0].idea_id  # type: ignore[attr-defined]  # fmt: skip
    split = SplitIdea(workshop_id, idea_id=ideas[2], rationale="Two in one", parts=[
        NewPart("Walks", principles=[second]), NewPart("Talks", principles=[first]),
    ])  # fmt: skip
    parts = pilots.execute(split, lead, role="lead").events[0].parts  # type: ignore[attr-defined]
    pilot_id = pilots.execute(
        RegisterPilot(title="Short circles", question="Will they come?", idea="Circles",
                      tests_idea=merged, framing=framing_id),
        lead,
    ).pilot.id  # fmt: skip
    pilots.execute(WithdrawStory(withdrawn, reason="I would rather not"), teller, role="reader")
    return {
        "withdrawn": withdrawn, "kept": kept, "workshop": workshop_id, "framing": framing_id,
        "merged": merged, "part": parts[0].idea_id, "pilot": pilot_id,
    }  # fmt: skip


# -- the scene ------------------------------------------------------------------------------------
#
# A teller (a member) tells two stories: one for the community, one for the programme team only.
# A workshop draws two principles from them, two framing questions and ideas: story circles (from
# the first principle, serving the first question), a navigator questionnaire (serving the first
# question, drawn from no principle), hosted circles (which the circles' adapt decision gave rise
# to) and huddles (split in two). Three pilots: one tests the circles and decides to adapt, one
# tests them too and is paused, and one serves the first question and tests no idea. At the end
# the teller withdraws the first story.

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PORTER = STORY  # the community story, which the teller withdraws
CONFIDENCE = "What I told the facilitator about my own team, in confidence"
SCENE_HELD_ON = date(2026, 3, 3)
NAVIGATE = HOW_MIGHT_WE
FOSTER = "How might we foster purposeful groups that develop connections and confidence?"


def day(n: int) -> datetime:
    return DAY0 + timedelta(days=n)


@dataclass
class Scene:
    """The ids of what was recorded, by a short name each, and the people."""

    ids: dict[str, UUID]
    teller: UUID
    lead: UUID

    def __getitem__(self, name: str) -> UUID:
        return self.ids[name]

    def text(self, name: str) -> str:
        return str(self.ids[name])


@contextmanager
def _days() -> Iterator[list[datetime]]:
    now = [DAY0]
    with clock.clock_set_to(lambda: now[0]):
        yield now


def tell_scene(pilots: Pilots, teller: UUID, lead: UUID, *, withdraw: bool = True) -> Scene:
    """The scene above on `pilots`; the teller's role is member, the lead's lead."""
    ids: dict[str, UUID] = {}

    def on(n: int) -> None:
        now[0] = day(n)

    def run(n: int, command: Any, sender: UUID = lead, role: str = "lead") -> Any:
        on(n)
        return pilots.execute(command, sender, role=role)

    def record(n: int, name: str, command: Any) -> UUID:
        ids[name] = run(n, command).record.id
        return ids[name]

    with _days() as now:
        ids["porter"] = tell(pilots, teller, title="The porter")
        ids["confidence"] = tell(pilots, teller, text=CONFIDENCE, consent="team")
        on(1)
        w = ids["workshop"] = workshop(pilots, lead, held_on=SCENE_HELD_ON)
        ids["listened"] = principle(pilots, w, lead, stories=[ids["porter"], ids["confidence"]])
        ids["small"] = principle(pilots, w, lead, text="Small groups build confidence",
                                 stories=[ids["porter"]])  # fmt: skip
        ids["navigate"] = framing(pilots, w, lead, principles=[ids["listened"]])
        ids["foster"] = framing(pilots, w, lead, text=FOSTER, principles=[ids["small"]])
        ids["circles"] = idea(pilots, w, lead, principles=[ids["listened"]],
                              framing=ids["navigate"])  # fmt: skip
        ids["questionnaire"] = idea(pilots, w, lead, text="A navigator questionnaire",
                                    framing=ids["navigate"])  # fmt: skip
        ids["huddles"] = idea(pilots, w, lead, text="Huddles", principles=[ids["small"]],
                              framing=ids["foster"])  # fmt: skip
        library = RegisterPilot(title="Story circles at the library", question=NAVIGATE,
                                idea="Circles", tests_idea=ids["circles"])  # fmt: skip
        record(2, "library", library)
        navigator = RegisterPilot(title="Navigator questionnaire", question=NAVIGATE, idea="Ask",
                                  framing=ids["navigate"])  # fmt: skip
        record(2, "navigator", navigator)
        on(3)
        number = plan(pilots, ids["library"], lead)
        run_cycle_to(pilots, ids["library"], lead, number, Stage.DECIDED)  # decides to adapt
        on(4)
        ids["hosted"] = idea(pilots, w, lead, text="Hosted circles", principles=[ids["listened"]],
                             framing=ids["navigate"], from_pilot=ids["library"])  # fmt: skip
        carers = RegisterPilot(title="Carers' story circles", question=NAVIGATE,
                               idea="Circles for carers", tests_idea=ids["circles"])  # fmt: skip
        record(5, "carers", carers)
        run(5, Pause(ids["carers"], reason="Winter pressures"))
        parts = [NewPart("Ten-minute huddles", [ids["small"]], ids["foster"]),
                 NewPart("Walking huddles", [], ids["foster"])]  # fmt: skip
        split = run(6, SplitIdea(w, idea_id=ids["huddles"], parts=parts, rationale="Two ideas"))
        ids["ten-minute"], ids["walking"] = (p.idea_id for p in split.events[-1].parts)
        if withdraw:
            run(7, WithdrawStory(ids["porter"], reason="Changed my mind"), teller, "member")
    return Scene(ids, teller, lead)


# -- random programmes ----------------------------------------------------------------------------
#
# Stories told with either consent (by tellers with and without accounts), revised and withdrawn;
# workshops whose principles, framing questions and ideas are recorded, revised, merged and
# split; pilots registered to test an idea or serve a question, run through cycles to decisions,
# paused, resumed, concluded and renamed, told through the `Pilots` service in memory. Time moves
# on by 0 to 72 hours before each step, so several steps may share a moment. A step the domain
# refuses records nothing and the story goes on. The choices are made through the same two calls
# by hypothesis in the property tests (`drawn`) and by a seeded `random` in the rebuild test
# (`seeded`).

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
            by_kind: dict[str, dict[UUID, Any]] = {
                "principle": workshop.principles,
                "framing": workshop.framings,
                "idea": {k: i for k, i in workshop.ideas.items() if not i.superseded},
            }
            found += [(workshop_id, output) for output in by_kind[kind]]  # fmt: skip
        return found


def tell_programme(
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
