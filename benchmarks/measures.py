"""Measures for generated pilots (`python -m benchmarks generate SIZE --measures 12x30`).

Each pilot gets `count` measures of `points` values each, drawn from a stream seeded by the
data set's seed and the pilot's number, so the rest of the data set is the same draw for draw
as without them. A measure is defined in round 0 and its values are entered a tenth at a time,
one batch a round, so the log interleaves them with the cycles as a team's entries would. The
values are weekly, up to the week before the programme's first event, so that none is in the
future whichever round enters it.

About a third of the measures shift by two and a half standard deviations part of the way
through, so that the chart rules find signals; half of those have a new phase started on the
day of the shift. About one measure in ten has a value corrected.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count
from uuid import UUID

from domain.pilot import By, Pilot
from domain.pilot.commands import CorrectPoint, DefineMeasure, RecordPoints, StartPhase
from domain.pilot.measures import MEASURES_MAX, POINTS_MAX
from domain.values import DataPoint

NAMES = (
    ("People at each session", "outcome", "people"),
    ("Members who come back", "outcome", "%"),
    ("Stories shared per session", "process", "stories"),
    ("Facilitator hours per session", "balancing", "hours"),
    ("Days from sign-up to first session", "process", "days"),
    ("New members a week", "outcome", "people"),
)


@dataclass(frozen=True)
class Shape:
    """How many measures each pilot gets, and how many values each: `12x30`."""

    count: int
    points: int

    @classmethod
    def parse(cls, text: str) -> Shape:
        found = re.fullmatch(r"(\d+)x(\d+)", text.strip())
        if not found:
            raise ValueError(f"{text!r} is not MEASURESxPOINTS, such as 12x30")
        shape = cls(int(found[1]), int(found[2]))
        if not 1 <= shape.count <= MEASURES_MAX or not 1 <= shape.points <= POINTS_MAX:
            raise ValueError(
                f"{text!r}: at most {MEASURES_MAX} measures of at most {POINTS_MAX:,} points"
            )
        return shape


@dataclass
class _Series:
    name: str
    kind: str
    unit: str
    improvement: str
    target: float | None
    points: list[DataPoint]
    phase: int | None  # the index of the point a new phase starts at
    correction: tuple[int, float] | None  # a point entered wrongly, and its right value


@dataclass
class PilotMeasures:
    """One pilot's measures, entered a round at a time through the aggregate's commands."""

    key: str
    series: list[_Series] = field(default_factory=list)
    ids: list[UUID] = field(default_factory=list)

    def enter(self, pilot: Pilot, round_number: int, rounds: int) -> None:
        lead = next(iter(pilot.team))
        s = (f"bench/{self.key}/measures/{round_number}/{i}" for i in count())
        for one in self.series if round_number == 0 else ():
            pilot.execute(DefineMeasure(pilot.id, name=one.name, kind=one.kind,
                                        definition="Counted at each session by its host.",
                                        improvement=one.improvement, unit=one.unit,
                                        target=one.target), By(lead, next(s)))  # fmt: skip
            self.ids.append(list(pilot.measures)[-1])
        for measure_id, one in zip(self.ids, self.series, strict=True):
            total = len(one.points)
            first, last = total * round_number // rounds, total * (round_number + 1) // rounds
            if first == last:
                continue
            batch = one.points[first:last]
            pilot.execute(RecordPoints(pilot.id, measure_id=measure_id, points=batch),
                          By(lead, next(s)))  # fmt: skip
            if one.correction is not None and first <= one.correction[0] < last:
                at, value = one.correction
                pilot.execute(CorrectPoint(pilot.id, measure_id=measure_id, on=one.points[at].on,
                                           value=value, reason="A digit too many on the sheet."),
                              By(lead, next(s)))  # fmt: skip
            if one.phase is not None and first <= one.phase < last:
                pilot.execute(StartPhase(pilot.id, measure_id=measure_id,
                                         starts=one.points[one.phase].on,
                                         reason="The change was adopted; a new baseline."),
                              By(lead, next(s)))  # fmt: skip


def planned(shape: Shape, seed: int, n: int, before: date) -> PilotMeasures:
    """Pilot `n`'s measures, their values weekly up to the week before `before`."""
    rng = random.Random(f"{seed}/{n}/measures")  # noqa: S311 - test data, not secrets
    last = before - timedelta(days=7)
    days = [last - timedelta(weeks=shape.points - 1 - i) for i in range(shape.points)]
    plan = PilotMeasures(str(n))
    for i in range(shape.count):
        name, kind, unit = NAMES[i % len(NAMES)]
        lower = kind == "balancing" or unit == "days"
        improvement = "down" if lower else rng.choice(("up", "up", "down"))
        level, spread = rng.uniform(5, 60), rng.uniform(0.08, 0.2)
        sd = level * spread
        shifted = shape.points >= 12 and rng.random() < 1 / 3
        at = rng.randrange(shape.points // 3, 2 * shape.points // 3) if shifted else None
        step = 2.5 * sd * rng.choice((1, 1, -1))
        values = [
            max(
                0.0,
                round(level + rng.gauss(0, sd) + (step if at is not None and k >= at else 0), 1),
            )
            for k in range(shape.points)
        ]
        wrong = rng.randrange(shape.points) if rng.random() < 0.1 else None
        correction = None if wrong is None else (wrong, values[wrong])
        if wrong is not None:
            values[wrong] = round(values[wrong] * 10, 1) or 100.0  # entered wrongly
        plan.series.append(
            _Series(
                name=f"{name} ({i + 1})", kind=kind, unit=unit, improvement=improvement,
                target=round(level * 1.2) if rng.random() < 0.5 else None,
                points=[DataPoint(on, value) for on, value in zip(days, values, strict=True)],
                phase=at if at is not None and at > 0 and rng.random() < 0.5 else None,
                correction=correction,
            )
        )  # fmt: skip
    return plan
