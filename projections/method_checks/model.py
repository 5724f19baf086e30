"""Method checks: has each pilot kept to the methods it follows? Computed from the record alone
(never a score someone sets), and shown as gentle prompts, never as a grade.

The model keeps a few facts per cycle (did it start before Do, was it decided, was the
decision carried forward, was it reflected on) and per question (when it is due for a second
look, whether it is still open). A question's age is measured against the pilot's latest event,
never the wall clock, so a rebuild from the log gives the same rows and the same prompts.
The queries are in `projections.method_checks`, the prompts in `projections.method_checks.prompts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, timedelta

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import Pilot
from domain.values import Decision, QuestionStatus
from projections.engine.base import Notice, ReadModel, Sql
from projections.method_checks.prompts import REVISIT_DAYS, CycleFacts

CARRIED_BY_NEXT_CYCLE = frozenset({Decision.ADOPT.value, Decision.ADAPT.value})


CYCLE_COLUMNS = (
    "pilot_id, number, started, reached_do, locked, decision, rationale, followed, reflected"
)
_CYCLE_FIELDS = CYCLE_COLUMNS.split(", ")
_SAVE_CYCLE = (
    f"INSERT INTO rm_method_checks_cycles ({CYCLE_COLUMNS}) "  # noqa: S608 (constants only)
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pilot_id, number) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in CYCLE_COLUMNS.split(", ")[2:])
)


class MethodChecksModel(ReadModel):
    name = "method_checks"
    tables = ("rm_method_checks_pilots", "rm_method_checks_cycles", "rm_method_checks_questions")

    def create(self, sql: Sql) -> None:
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_method_checks_pilots (pilot_id TEXT PRIMARY KEY, "
            "last_on TEXT NOT NULL)"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_method_checks_cycles (pilot_id TEXT NOT NULL, "
            "number INTEGER NOT NULL, started INTEGER NOT NULL, reached_do INTEGER NOT NULL, "
            "locked INTEGER NOT NULL, decision TEXT, rationale INTEGER NOT NULL, "
            "followed INTEGER NOT NULL, reflected INTEGER NOT NULL, "
            "PRIMARY KEY (pilot_id, number))"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_method_checks_questions (pilot_id TEXT NOT NULL, "
            "question_id TEXT NOT NULL, held_on TEXT NOT NULL, due_on TEXT NOT NULL, "
            "open INTEGER NOT NULL, PRIMARY KEY (pilot_id, question_id))"
        )

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        pilots = sorted({n.pilot for n in batch})
        fold = _Fold(_cycles_of(sql, pilots))
        take = fold.event  # bound once: binding a singledispatchmethod costs more than the call
        for notice in batch:
            pilot = notice.pilot
            fold.last_on[pilot] = notice.event.timestamp.astimezone(UTC).date().isoformat()
            take(notice.event, pilot)
        sql.many(
            "INSERT INTO rm_method_checks_pilots (pilot_id, last_on) VALUES (?, ?) "
            "ON CONFLICT (pilot_id) DO UPDATE SET last_on = excluded.last_on",
            fold.last_on.items(),
        )
        sql.many(_SAVE_CYCLE, (_cycle_row(fold.cycles[key]) for key in sorted(fold.touched)))
        sql.insert(
            "rm_method_checks_questions",
            "pilot_id, question_id, held_on, due_on, open",
            fold.questions.values(),
        )
        sql.many(
            "UPDATE rm_method_checks_questions SET open = 0 WHERE pilot_id = ? AND question_id = ?",
            fold.settled,
        )


def _cycle_row(facts: CycleFacts) -> tuple[object, ...]:
    """In CYCLE_COLUMNS' order; `dataclasses.astuple` would deep-copy every field."""
    return tuple(getattr(facts, name) for name in _CYCLE_FIELDS)


def _cycles_of(sql: Sql, pilots: list[str]) -> dict[tuple[str, int], CycleFacts]:
    if not pilots:
        return {}
    marks = ", ".join("?" for _ in pilots)
    rows = sql.rows(
        f"SELECT {CYCLE_COLUMNS} FROM rm_method_checks_cycles WHERE pilot_id IN ({marks})",  # noqa: S608
        pilots,
    )
    return {(row[0], row[1]): CycleFacts(*row) for row in rows}


class _Fold:
    def __init__(self, cycles: dict[tuple[str, int], CycleFacts]) -> None:
        self.cycles = cycles
        self.touched: set[tuple[str, int]] = set()
        self.last_on: dict[str, str] = {}
        self.questions: dict[tuple[str, str], list[object]] = {}
        self.settled: list[tuple[str, str]] = []
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
    def event(self, event: Pilot.Event, pilot: str) -> None:
        """Other events bear on no check."""

    @event.register
    def _(self, event: Pilot.CyclePlanned, pilot: str) -> None:
        self.carry(pilot, CARRIED_BY_NEXT_CYCLE)
        self.cycle(pilot, event.number)

    @event.register
    def _(self, event: Pilot.PredictionsRevised, pilot: str) -> None:
        facts = self.cycle(pilot, event.number)
        facts.locked = int(facts.locked and not facts.started)

    @event.register
    def _(self, event: Pilot.CycleStarted, pilot: str) -> None:
        self.cycle(pilot, event.number).started = 1

    @event.register
    def _(self, event: Pilot.DoRecorded, pilot: str) -> None:
        facts = self.cycle(pilot, event.number)
        facts.reached_do, facts.locked = 1, int(facts.locked and facts.started)

    @event.register
    def _(self, event: Pilot.CycleDecided, pilot: str) -> None:
        facts = self.cycle(pilot, event.number)
        facts.decision, facts.rationale = str(event.decision), int(bool(event.rationale.strip()))
        if not facts.followed:
            self.waiting.setdefault(pilot, set()).add(event.number)

    @event.register
    def _(self, event: Pilot.IdeaRevised, pilot: str) -> None:
        self.carry(pilot, frozenset(Decision))

    @event.register
    def _(self, event: Pilot.Concluded, pilot: str) -> None:
        self.carry(pilot, frozenset(Decision))

    @event.register
    def _(self, event: Pilot.ReflectionRecorded, pilot: str) -> None:
        if event.cycle is not None:
            self.cycle(pilot, event.cycle).reflected = 1

    @event.register
    def _(self, event: Pilot.QuestionSetRecorded, pilot: str) -> None:
        due = (event.held_on + timedelta(days=REVISIT_DAYS)).isoformat()
        for asked in event.questions:
            key = (pilot, str(asked.id))
            self.questions[key] = [*key, event.held_on.isoformat(), due, 1]

    @event.register
    def _(self, event: Pilot.QuestionStatusChanged, pilot: str) -> None:
        key = (pilot, str(event.question_id))
        if event.status == QuestionStatus.OPEN:
            return
        if key in self.questions:
            self.questions[key][4] = 0
        else:
            self.settled.append(key)
