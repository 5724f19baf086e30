"""How each event changes the facts the method checks read, folded over one batch in memory."""

from __future__ import annotations

from datetime import timedelta

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from domain.values import Decision, QuestionStatus
from projections.method_checks.prompts import REVISIT_DAYS, CycleFacts

CARRIED_BY_NEXT_CYCLE = frozenset({Decision.ADOPT.value, Decision.ADAPT.value})


class ChecksFold:
    def __init__(self, cycles: dict[tuple[str, int], CycleFacts]) -> None:
        self.cycles = cycles
        self.touched: set[tuple[str, int]] = set()
        self.last_on: dict[str, str] = {}
        self.questions: dict[tuple[str, str], list[object]] = {}
        self.settled: list[tuple[str, str]] = []
        self.reflections: list[tuple[str, str, int]] = []  # (pilot, reflection, cycle)
        # Decided cycles not yet carried forward, by pilot: what `carry` looks at.
        self.waiting: dict[str, set[int]] = {}
        for (pilot, number), facts in cycles.items():
            if facts.decision is not None and not facts.followed:
                self.waiting.setdefault(pilot, set()).add(number)

    def cycle(self, pilot: str, number: int) -> CycleFacts:
        self.touched.add((pilot, number))
        return self.cycles.setdefault((pilot, number), CycleFacts(pilot, number))

    def carry(self, pilot: str, decisions: frozenset[str]) -> None:
        """Marks the pilot's decided cycles that this event carries forward."""
        waiting = self.waiting.get(pilot, set())
        for number in [n for n in waiting if self.cycles[(pilot, n)].decision in decisions]:
            self.cycle(pilot, number).followed = 1
            waiting.discard(number)

    @singledispatchmethod
    def event(self, event: events.Event, pilot: str) -> None:
        """Other events bear on no check."""

    @event.register
    def _(self, event: events.CyclePlanned, pilot: str) -> None:
        self.carry(pilot, CARRIED_BY_NEXT_CYCLE)
        self.cycle(pilot, event.number)

    @event.register
    def _(self, event: events.PredictionsRevised, pilot: str) -> None:
        facts = self.cycle(pilot, event.number)
        facts.locked = int(facts.locked and not facts.started)

    @event.register
    def _(self, event: events.CycleStarted, pilot: str) -> None:
        self.cycle(pilot, event.number).started = 1

    @event.register
    def _(self, event: events.DoRecorded, pilot: str) -> None:
        facts = self.cycle(pilot, event.number)
        facts.reached_do, facts.locked = 1, int(facts.locked and facts.started)

    @event.register
    def _(self, event: events.CycleDecided, pilot: str) -> None:
        facts = self.cycle(pilot, event.number)
        facts.decision, facts.rationale = str(event.decision), int(bool(event.rationale.strip()))
        if not facts.followed:
            self.waiting.setdefault(pilot, set()).add(event.number)

    @event.register
    def _(self, event: events.IdeaRevised, pilot: str) -> None:
        self.carry(pilot, frozenset(Decision))

    @event.register
    def _(self, event: events.Concluded, pilot: str) -> None:
        self.carry(pilot, frozenset(Decision))

    @event.register
    def _(self, event: events.ReflectionRecorded, pilot: str) -> None:
        """Kept by its id, not as a flag on the cycle: whether a cycle has a reflection is
        judged for each reader, from the reflections they may read."""
        if event.cycle is not None:
            self.reflections.append((pilot, str(event.reflection_id), event.cycle))

    @event.register
    def _(self, event: events.QuestionSetRecorded, pilot: str) -> None:
        due = (event.held_on + timedelta(days=REVISIT_DAYS)).isoformat()
        for asked in event.questions:
            key = (pilot, str(asked.id))
            self.questions[key] = [*key, event.held_on.isoformat(), due, 1]

    @event.register
    def _(self, event: events.QuestionStatusChanged, pilot: str) -> None:
        key = (pilot, str(event.question_id))
        if event.status == QuestionStatus.OPEN:
            return
        if key in self.questions:
            self.questions[key][4] = 0
        else:
            self.settled.append(key)
