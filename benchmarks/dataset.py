"""Generated, deterministic data sets: `small` (100 pilots), `large` (1,000) and `huge` (10,000),
about 100 events a pilot.

Pilots are built in memory through the aggregate's own commands, with a clock that moves one
minute per event, and saved fifty at a time: one transaction carries about 500 events, which
is what makes a million events quick to write. The log interleaves pilots round by round, as a
programme's log does. `measures` (`--measures 12x30`) adds that many measures of that many
values to every pilot (`measures.py`); without it the data set is as it always was.
Before the pilots come the stories and workshops their ideas came from (`origins.py`): most
pilots test an idea of a workshop and serve its framing question; `origins=False` leaves them
out, giving the data set as it was before the product had them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any, ClassVar
from uuid import UUID

from adapters.accounts.database import open_database
from adapters.settings import Settings
from adapters.store import SealedPilots, event_store_env
from benchmarks.measures import Shape, planned
from benchmarks.origins import Origins
from domain import clock
from domain.origins import Story, Workshop
from domain.pilot import By, Pilot
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Conclude,
    Decide,
    PilotCommand,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    SetQuestionStatus,
    StartCycle,
    WithdrawReflection,
)
from domain.service import Pilots
from domain.values import Prediction, Result, Visibility

SIZES = {"small": 100, "large": 1_000, "huge": 10_000}
ROUNDS = 10
PILOTS_PER_SAVE = 50
THEMES = ("loneliness", "walks", "food", "digital", "carers", "youth", "housing", "art")
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
VISIBILITIES = (Visibility.COMMUNITY, Visibility.TEAM, Visibility.PRIVATE)


class BenchPilots(SealedPilots):
    """The application without automatic snapshots: each would reload a pilot while saving,
    which measures nothing here and triples the time to generate. It keeps the product's name,
    which names its tables on PostgreSQL, so the product reads what it writes."""

    name = Pilots.name
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}


def open_bench_pilots(settings: Settings, *, sealed: bool = True) -> Pilots:
    """`sealed=False` stores withdrawable text plain, without keys: only to measure what
    sealing costs (`benchmarks/sealing.py`)."""
    database = open_database(settings) if sealed else None
    return BenchPilots(event_store_env(settings), database, owned=True)


def generate(
    pilots: Pilots,
    size: str,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
    measures: Shape | None = None,
    origins: bool = True,
) -> int:
    """Writes the data set; the number of events written. `progress` hears each round's end
    and the events written so far; `measures` gives each pilot measures with their values;
    `origins` (the default) the stories and workshops its ideas came from."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    ticks = count()
    written = 0
    with clock.clock_set_to(lambda: START + timedelta(minutes=next(ticks))):
        made = Origins(seed, SIZES[size]) if origins else None
        if made is not None:
            written += _save(pilots, made.records())
        pilots_now: list[Pilot] = []
        for n in range(SIZES[size]):
            pilots_now.append(_registered(rng, n, made))
        plans = [planned(measures, seed, n, START.date()) for n in range(SIZES[size])
                 if measures is not None]  # fmt: skip
        for round_number in range(ROUNDS):
            for n, pilot in enumerate(pilots_now):
                if round_number:
                    _a_round(rng, pilot, f"{n}/{round_number}", round_number)
                if plans:
                    plans[n].enter(pilot, round_number, ROUNDS)
            written += _save(pilots, pilots_now)
            if made is not None and round_number == ROUNDS // 2:
                written += _save(pilots, made.withdraw_some())
            if progress is not None:
                progress(round_number + 1, written)
    return written


def _save(pilots: Pilots, records: Sequence[Pilot | Story | Workshop]) -> int:
    """Saves the records' new events, fifty records a transaction; how many there were."""
    written = 0
    for start in range(0, len(records), PILOTS_PER_SAVE):
        written += len(pilots.save(*records[start : start + PILOTS_PER_SAVE]))
    return written


def _person(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128))


def _registered(rng: random.Random, n: int, made: Origins | None) -> Pilot:
    lead = _person(rng)
    registration = RegisterPilot(
        title=f"Pilot {n}: {rng.choice(THEMES)} circles",
        question="How might we help people feel less alone?",
        idea="Weekly story circles in the library, run by volunteers.",
        themes=rng.sample(THEMES, rng.randint(1, 3)),
    )
    by = By(lead, f"bench/{n}/register")
    if made is not None:
        registration = made.tie(registration, by)
    pilot = Pilot.register(registration, by)
    for i in range(rng.randint(1, 3)):
        role = rng.choice(("member", "member", "facilitator"))
        team = AssignRole(pilot.id, user=_person(rng), role=role)
        pilot.execute(team, By(lead, f"bench/{n}/team/{i}"))
    return pilot


def _a_round(rng: random.Random, pilot: Pilot, key: str, round_number: int) -> None:
    """About ten events: a whole cycle, reflections, and now and then a set meeting."""
    lead = next(iter(pilot.team))
    s = (f"bench/{key}/{i}" for i in count())
    # Who may read each entry draws from its own seeded stream, so the rest of the data set is
    # the same draw for draw as before visibility existed.
    mix = random.Random(f"{key}/visibility")  # noqa: S311 - test data, not secrets

    def run(command: PilotCommand) -> None:
        pilot.execute(command, By(lead, next(s)))

    if pilot.status.value == "concluded":
        run(RecordReflection(pilot.id, kind="meaning", text="Looking back, it worked."))
        return
    run(PlanCycle(pilot.id, objective="Try a shorter session",
                  predictions=[Prediction("Will people come?", "Ten")]))  # fmt: skip
    number = len(pilot.cycles)
    run(StartCycle(pilot.id, number=number))
    run(RecordDo(pilot.id, number=number, what_happened="Twelve people came."))
    run(RecordStudy(pilot.id, number=number, results=[Result("Will people come?", "Twelve came")],
                    learning="Short works."))  # fmt: skip
    run(Decide(pilot.id, number=number, decision=rng.choice(("adopt", "adapt", "abandon")),
               rationale="Keep what worked."))  # fmt: skip
    for _ in range(rng.randint(2, 5)):
        kind = rng.choice(("experience", "observation", "meaning", "next_step", "appreciation"))
        run(RecordReflection(pilot.id, kind=kind, text="People stayed to talk after.",
                             cycle=number, visibility=_reflection_visibility(mix)))  # fmt: skip
    if mix.random() < 0.05:  # now and then the author takes one back
        written = list(pilot.reflections)[-1]
        run(WithdrawReflection(pilot.id, reflection_id=written, reason="Asked to take it back."))
    if round_number % 2 == 1:
        _set_meeting(rng, pilot, run, _set_visibility(mix))
    if round_number == ROUNDS - 1 and rng.random() < 0.3:
        run(Conclude(pilot.id, outcome=rng.choice(("adopted", "adapted", "abandoned")),
                     summary="It ran its course."))  # fmt: skip


def _reflection_visibility(mix: random.Random) -> Visibility:
    """Most reflections are for the community; a fifth stay with the team, a tenth private."""
    return mix.choices(VISIBILITIES, weights=(7, 2, 1))[0]


def _set_visibility(mix: random.Random) -> Visibility:
    """A third of set meetings are shared with the community; the rest stay with the team."""
    return Visibility.COMMUNITY if mix.random() < 1 / 3 else Visibility.TEAM


def _set_meeting(
    rng: random.Random,
    pilot: Pilot,
    run: Callable[[PilotCommand], None],
    visibility: Visibility,
) -> None:
    questions = [f"What made week {i} different?" for i in range(3)]
    run(RecordQuestionSet(pilot.id, held_on=date(2025, 3, 1), questions=questions,
                          visibility=visibility))  # fmt: skip
    asked = list(pilot.question_sets.values())[-1].question_ids
    question = rng.choice(asked)
    for _ in range(2):
        run(AddInsight(pilot.id, question_id=question, text="The tea mattered."))
    run(SetQuestionStatus(pilot.id, question_id=question,
                          status=rng.choice(("explored", "answered", "closed"))))  # fmt: skip
