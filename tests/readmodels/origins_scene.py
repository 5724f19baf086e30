"""One small programme of the co-creation phase, told through the service layer, a day a step,
for tests that check the map and a story's trail against what a person would expect.

A teller (a member) tells two stories: one for the community, one for the programme team only.
A workshop draws two principles from them, two framing questions and ideas: story circles (from
the first principle, serving the first question), a navigator questionnaire (serving the first
question, drawn from no principle), hosted circles (which the circles' adapt decision gave rise
to) and huddles (split in two). Three pilots: one tests the circles and decides to adapt, one
tests them too and is paused, and one serves the first question and tests no idea. At the end
the teller withdraws the first story.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain import clock
from domain.origins.commands import (
    CreateWorkshop,
    NewPart,
    RecordFraming,
    RecordIdea,
    RecordPrinciple,
    RecordStory,
    SplitIdea,
    WithdrawStory,
)
from domain.pilot.commands import Pause, RegisterPilot
from domain.service import Pilots
from domain.values import Stage
from tests.unit.builders import plan, run_cycle_to

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PORTER = "The porter who stopped to listen, and the ward that changed because of it"
CONFIDENCE = "What I told the facilitator about my own team, in confidence"
HELD_ON = date(2026, 3, 3)
NAVIGATE = "How might we make the ways we navigate Q purposeful and participatory?"
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
    """The programme above on `pilots`; the teller's role is member, the lead's lead."""
    ids: dict[str, UUID] = {}

    def run(n: int, command: Any, sender: UUID = lead, role: str = "lead") -> Any:
        now[0] = day(n)
        return pilots.execute(command, sender, role=role)

    def record(n: int, name: str, command: Any, sender: UUID = lead, role: str = "lead") -> UUID:
        ids[name] = run(n, command, sender, role).record.id
        return ids[name]

    def output(n: int, name: str, command: Any) -> UUID:
        event = run(n, command).events[-1]
        ids[name] = getattr(event, "principle_id", None) or getattr(event, "framing_id", None) \
            or event.idea_id  # fmt: skip
        return ids[name]

    with _days() as now:
        porter = RecordStory(text=PORTER, consent="community", title="The porter", told_by=teller)
        record(0, "porter", porter, teller, "member")
        confidence = RecordStory(text=CONFIDENCE, consent="team", told_by=teller)
        record(0, "confidence", confidence, teller, "member")
        w = record(1, "workshop", CreateWorkshop(title="Spring co-creation", held_on=HELD_ON))
        listened = "People come back when they are listened to"
        output(
            1,
            "listened",
            RecordPrinciple(w, text=listened, stories=[ids["porter"], ids["confidence"]]),
        )
        output(
            1,
            "small",
            RecordPrinciple(w, text="Small groups build confidence", stories=[ids["porter"]]),
        )
        output(1, "navigate", RecordFraming(w, text=NAVIGATE, principles=[ids["listened"]]))
        output(1, "foster", RecordFraming(w, text=FOSTER, principles=[ids["small"]]))
        circles = RecordIdea(w, text="Story-sharing circles", principles=[ids["listened"]],
                             framing=ids["navigate"])  # fmt: skip
        output(1, "circles", circles)
        output(
            1,
            "questionnaire",
            RecordIdea(w, text="A navigator questionnaire", framing=ids["navigate"]),
        )
        output(
            1,
            "huddles",
            RecordIdea(w, text="Huddles", principles=[ids["small"]], framing=ids["foster"]),
        )
        library = RegisterPilot(title="Story circles at the library", question=NAVIGATE,
                                idea="Circles", tests_idea=ids["circles"])  # fmt: skip
        record(2, "library", library)
        navigator = RegisterPilot(title="Navigator questionnaire", question=NAVIGATE, idea="Ask",
                                  framing=ids["navigate"])  # fmt: skip
        record(2, "navigator", navigator)
        now[0] = day(3)
        number = plan(pilots, ids["library"], lead)
        run_cycle_to(pilots, ids["library"], lead, number, Stage.DECIDED)  # decides to adapt
        hosted = RecordIdea(w, text="Hosted circles", principles=[ids["listened"]],
                            framing=ids["navigate"], from_pilot=ids["library"])  # fmt: skip
        output(4, "hosted", hosted)
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
