"""Programmes of pilots built through the application service, with the domain clock set so
each entry happens on a chosen day of the programme (day 0 is Monday 2 March 2026, 09:00 UTC).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID, uuid4

from domain.clock import clock_set_to
from domain.pilot.commands import (
    AddInsight,
    Decide,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    SetQuestionStatus,
    StartCycle,
)
from domain.service import Pilots
from domain.values import Prediction, Result

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
QUESTION = "Will people come?"
PREDICTIONS = (Prediction(QUESTION, "About ten"),)


def moment(day: float, offset_hours: int = 0) -> datetime:
    return (START + timedelta(days=day)).astimezone(timezone(timedelta(hours=offset_hours)))


@contextmanager
def on(day: float, offset_hours: int = 0) -> Iterator[None]:
    """Every entry in the block is recorded at that moment of the programme."""
    at = moment(day, offset_hours)
    with clock_set_to(lambda: at):
        yield


def day_of_programme(day: int) -> date:
    return (START + timedelta(days=day)).date()


@dataclass
class Programme:
    pilots: Pilots
    lead: UUID = field(default_factory=uuid4)

    def register(self, day: float, title: str, idea: str, themes: tuple[str, ...] = ()) -> UUID:
        with on(day):
            receipt = self.pilots.execute(
                RegisterPilot(
                    title=title,
                    question="How might we connect?",
                    idea=idea,
                    origin="Stories from the understanding phase",
                    themes=themes,
                ),
                self.lead,
            )
        return receipt.pilot.id

    def cycle(
        self,
        pilot: UUID,
        planned: float,
        decided: float | None = None,
        decision: str = "adopt",
        *,
        surprises: str = "",
        learning: str = "People came",
    ) -> int:
        """A cycle planned (started and done) on day `planned`, studied and decided on day
        `decided`; left undecided when `decided` is None."""
        p, lead = self.pilots, self.lead
        with on(planned):
            receipt = p.execute(PlanCycle(pilot, objective="Try", predictions=PREDICTIONS), lead)
            number = len(receipt.pilot.cycles)
            p.execute(StartCycle(pilot, number=number), lead)
            p.execute(RecordDo(pilot, number=number, what_happened="It ran"), lead)
        if decided is not None:
            with on(decided):
                results = [Result(QUESTION, "Twelve came")]
                p.execute(
                    RecordStudy(
                        pilot,
                        number=number,
                        results=results,
                        learning=learning,
                        surprises=surprises,
                    ),
                    lead,
                )
                p.execute(
                    Decide(pilot, number=number, decision=decision, rationale="Because"), lead
                )
        return number

    def ask(self, pilot: UUID, day: float, held_on: date, *texts: str) -> list[UUID]:
        """A set meeting that agreed to share with the community, so every report reads it."""
        with on(day):
            meeting = RecordQuestionSet(
                pilot, held_on=held_on, questions=texts, visibility="community"
            )
            receipt = self.pilots.execute(meeting, self.lead)
        meeting = receipt.pilot.question_sets[receipt.events[-1].set_id]  # type: ignore[attr-defined]
        return list(meeting.question_ids)

    def settle(self, pilot: UUID, day: float, question: UUID, status: str) -> None:
        with on(day):
            self.pilots.execute(
                SetQuestionStatus(pilot, question_id=question, status=status), self.lead
            )

    def insight(self, pilot: UUID, day: float, question: UUID, text: str) -> None:
        with on(day):
            self.pilots.execute(AddInsight(pilot, question_id=question, text=text), self.lead)


@dataclass(frozen=True)
class Small:
    """Three pilots: two story circles under the theme "groups" that reached different
    decisions, and a walking group; five cycles, three questions, one insight."""

    a: UUID
    b: UUID
    c: UUID
    questions: dict[str, UUID]


def small_programme(pilots: Pilots) -> Small:
    p = Programme(pilots)
    a = p.register(0, "Story circles", "Story circles on Tuesdays", ("groups", "stories"))
    b = p.register(1, "Library circles", "Story circles on Fridays", ("groups",))
    c = p.register(2, "Walking groups", "Walking groups at lunchtime", ("walking",))
    p.cycle(a, 0, 7, "adapt", surprises="More came than expected")  # 7 days
    p.cycle(b, 2, 12, "abandon")  # 10 days, decided 14 March
    p.cycle(a, 8, 22, "adopt")  # 14 days
    p.cycle(c, 3, 24, "adopt")  # 21 days
    p.cycle(c, 25)  # not decided
    waits, answered = p.ask(a, 3, date(2026, 3, 5), "What helped?", "Who else could host?")
    (walking,) = p.ask(c, 18, date(2026, 3, 20), "What would make lunchtime easier?")
    p.insight(a, 9, answered, "A personal invitation matters")
    p.settle(a, 10, answered, "answered")
    p.settle(c, 19, walking, "explored")
    with on(30):  # the last entry: the summary is as of 1 April 2026
        pilots.execute(RecordReflection(c, kind="appreciation", text="Sunny days help"), p.lead)
    return Small(a, b, c, {"waits": waits, "answered": answered, "walking": walking})
