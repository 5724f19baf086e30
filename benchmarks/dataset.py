"""Generated, deterministic data sets: `small` (100 pilots), `large` (1,000) and `huge` (10,000),
about 100 events a pilot.

Pilots are built in memory through the aggregate's own commands, with a clock that moves one
minute per event, and saved fifty at a time: one transaction carries about 500 events, which
is what makes a million events quick to write. The log interleaves pilots round by round, as a
programme's log does.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any, ClassVar
from uuid import UUID

from adapters.settings import Settings
from adapters.store import event_store_env
from domain import clock
from domain.pilot import Pilot, derived_id
from domain.service import Pilots
from domain.values import AskedQuestion, Prediction, Result

SIZES = {"small": 100, "large": 1_000, "huge": 10_000}
ROUNDS = 10
PILOTS_PER_SAVE = 50
THEMES = ("loneliness", "walks", "food", "digital", "carers", "youth", "housing", "art")
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


class BenchPilots(Pilots):
    """The application without automatic snapshots: each would reload a pilot while saving,
    which measures nothing here and triples the time to generate."""

    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}


def open_bench_pilots(settings: Settings) -> Pilots:
    return BenchPilots(env=event_store_env(settings))


def generate(pilots: Pilots, size: str, seed: int = 7) -> int:
    """Writes the data set; the number of events written."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    ticks = count()
    written = 0
    with clock.clock_set_to(lambda: START + timedelta(minutes=next(ticks))):
        pilots_now: list[Pilot] = []
        for n in range(SIZES[size]):
            pilots_now.append(_registered(rng, n))
        for round_number in range(ROUNDS):
            for n, pilot in enumerate(pilots_now):
                if round_number:
                    _a_round(rng, pilot, f"{n}/{round_number}", round_number)
            for start in range(0, len(pilots_now), PILOTS_PER_SAVE):
                chunk = pilots_now[start : start + PILOTS_PER_SAVE]
                written += len(pilots.save(*chunk))
    return written


def _person(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128))


def _registered(rng: random.Random, n: int) -> Pilot:
    lead = _person(rng)
    pilot = Pilot.register(
        title=f"Pilot {n}: {rng.choice(THEMES)} circles",
        question="How might we help people feel less alone?",
        idea="Weekly story circles in the library, run by volunteers.",
        lead=lead,
        submission=f"bench/{n}/register",
        themes=rng.sample(THEMES, rng.randint(1, 3)),
    )
    for i in range(rng.randint(1, 3)):
        role = rng.choice(("member", "member", "facilitator"))
        pilot.assign_role(_person(rng), role, actor=lead, submission=f"bench/{n}/team/{i}")
    return pilot


def _a_round(rng: random.Random, pilot: Pilot, key: str, round_number: int) -> None:
    """About ten events: a whole cycle, reflections, and now and then a set meeting."""
    lead = next(iter(pilot.team))
    s = (f"bench/{key}/{i}" for i in count())
    if pilot.status.value == "concluded":
        pilot.record_reflection(derived_id(next(s), "r"), "meaning", "Looking back, it worked.",
                                actor=lead, submission=next(s))  # fmt: skip
        return
    number = pilot.plan_cycle("Try a shorter session", [Prediction("Will people come?", "Ten")],
                              actor=lead, submission=next(s))  # fmt: skip
    pilot.start_cycle(number, actor=lead, submission=next(s))
    pilot.record_do(number, "Twelve people came.", actor=lead, submission=next(s))
    pilot.record_study(number, [Result("Will people come?", "Twelve came")], "Short works.",
                       actor=lead, submission=next(s))  # fmt: skip
    pilot.decide(number, rng.choice(("adopt", "adapt", "abandon")), "Keep what worked.",
                 actor=lead, submission=next(s))  # fmt: skip
    for _ in range(rng.randint(2, 5)):
        kind = rng.choice(("experience", "observation", "meaning", "next_step", "appreciation"))
        pilot.record_reflection(derived_id(next(s), "r"), kind, "People stayed to talk after.",
                                actor=lead, submission=next(s), cycle=number)  # fmt: skip
    if round_number % 2 == 1:
        _set_meeting(rng, pilot, lead, s)
    if round_number == ROUNDS - 1 and rng.random() < 0.3:
        pilot.conclude(rng.choice(("adopted", "adapted", "abandoned")), "It ran its course.",
                       actor=lead, submission=next(s))  # fmt: skip


def _set_meeting(rng: random.Random, pilot: Pilot, lead: UUID, s: Any) -> None:
    key = next(s)
    asked = [AskedQuestion(derived_id(key, f"q/{i}"), f"What made week {i} different?", None,
                           False) for i in range(3)]  # fmt: skip
    pilot.record_question_set(derived_id(key, "set"), date(2025, 3, 1), asked, actor=lead,
                              submission=key)  # fmt: skip
    question = rng.choice(asked).id
    for i in range(2):
        pilot.add_insight(question, derived_id(key, f"i/{i}"), "The tea mattered.", actor=lead,
                          submission=next(s))  # fmt: skip
    pilot.set_question_status(question, rng.choice(("explored", "answered", "closed")),
                              actor=lead, submission=next(s))  # fmt: skip
