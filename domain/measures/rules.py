"""The rules that tell a signal from noise on a measure's chart, within one phase.

Pure and deterministic: a chart drawn from the log next year shows the signals the team saw.
Each rule set follows a published tool, so its worked examples carry over unchanged: `anhoej`
follows qicharts2 (Anhøj), `ihi` the IHI run chart rules, and `mdc` follows NHSRplotthedots
with its default options (Making Data Count). Values are finite numbers; a new phase is always
the caller's decision, never this module's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from statistics import median

from domain.measures.results import (
    ANHOEJ,
    IHI,
    MDC,
    Analysis,
    Dated,
    Direction,
    Improvement,
    RuleSet,
    Side,
    Signal,
)

FEWEST_POINTS = 10  # below this a phase has "too few points", and no rule is applied
FIRM_LIMITS_FROM = 12  # XmR limits from fewer points are trial limits
XMR_SCALE = 2.66  # 3 / 1.128, rounded as Making Data Count rounds it
SCREEN_SCALE = 3.267  # a moving range this many times the mean or more is left out


@dataclass(frozen=True)
class Streak:
    """Positions `first` to `last` that together break a rule; `count` of them count toward it."""

    first: int
    last: int
    count: int
    sign: int


@dataclass(frozen=True)
class Runs:
    """qicharts2's runs analysis about a centre line, under qicharts2's own names."""

    useful: int
    longest_run: int
    longest_run_max: int
    crossings: int
    crossings_min: int
    runs: tuple[Streak, ...]


@dataclass(frozen=True)
class Limits:
    """XmR process limits, computed as NHSRplotthedots computes them, operation for operation."""

    mean: float
    moving_range: float

    @property
    def lower(self) -> float:
        return self.mean - XMR_SCALE * self.moving_range

    @property
    def upper(self) -> float:
        return self.mean + XMR_SCALE * self.moving_range


def analyse(points: Sequence[Dated], rules: RuleSet, improvement: Improvement | None) -> Analysis:
    """Apply one rule set to the points of one phase, taken in date order."""
    ordered = sorted(points, key=lambda point: point.on)
    dates = [point.on for point in ordered]
    values = [point.value for point in ordered]
    return _READERS[rules.name](dates, values, improvement)


def sides(values: Sequence[float], centre: float) -> list[int]:
    """Whether each value lies above (1), below (-1) or on (0) the centre line."""
    return [(value > centre) - (value < centre) for value in values]


def steps(values: Sequence[float]) -> list[int]:
    """Whether each value rises (1), falls (-1) or stays (0) from the one before."""
    return [(after > before) - (after < before) for before, after in pairwise(values)]


def streaks(signs: Sequence[int], *, least: int, zero_breaks: bool) -> list[Streak]:
    """Maximal streaks of one sign with at least `least` members.

    A zero (a point on the centre line, or an equal value) breaks a streak for Making Data Count;
    for Anhøj and the IHI it neither breaks nor counts.
    """
    found: list[list[int]] = []
    current: list[int] = []
    for at, sign in enumerate(signs):
        if sign == 0 and not zero_breaks:
            continue
        if current and sign != signs[current[0]]:
            found.append(current)
            current = []
        if sign:
            current.append(at)
    found.append(current)
    return [Streak(run[0], run[-1], len(run), signs[run[0]]) for run in found if len(run) >= least]


def trends(values: Sequence[float], *, least_steps: int, ties_break: bool) -> list[Streak]:
    """Rises or falls in a row; a streak of steps from i to j covers the points i to j + 1."""
    found = streaks(steps(values), least=least_steps, zero_breaks=ties_break)
    return [Streak(run.first, run.last + 1, run.count, run.sign) for run in found]


def fewest_crossings(useful: int) -> int:
    """qbinom(0.05, useful - 1, 0.5), in exact integers: no tail of Binomial(m, 1/2) is 5 %."""
    trials = max(useful - 1, 0)
    tail = 0
    for crossings in range(trials + 1):
        tail += math.comb(trials, crossings)
        if 20 * tail >= 2**trials:
            return crossings
    return trials


def runs_about(values: Sequence[float], centre: float) -> Runs | None:
    """The runs analysis of qicharts2; None when no point lies off the centre line."""
    runs = streaks(sides(values, centre), least=1, zero_breaks=False)
    if not runs:
        return None
    useful = sum(run.count for run in runs)
    return Runs(
        useful=useful,
        longest_run=max(run.count for run in runs),
        longest_run_max=round(math.log2(useful)) + 3,
        crossings=len(runs) - 1,
        crossings_min=fewest_crossings(useful),
        runs=tuple(runs),
    )


def xmr_limits(values: Sequence[float]) -> Limits | None:
    """Limits from the mean moving range after screening; None where NHSRplotthedots has NA."""
    ranges = [abs(after - before) for before, after in pairwise(values)]
    if not ranges:
        return None
    average = _mean(ranges)
    kept = [spread for spread in ranges if spread < SCREEN_SCALE * average]
    return Limits(_mean(values), _mean(kept)) if kept else None


def outside(values: Sequence[float], limits: Limits) -> list[Streak]:
    """Each point beyond a limit is a signal of its own."""
    beyond = [(value > limits.upper) - (value < limits.lower) for value in values]
    return [Streak(at, at, 1, sign) for at, sign in enumerate(beyond) if sign]


def two_of_three(values: Sequence[float], limits: Limits) -> list[Streak]:
    """Three in a row on one side of the mean, two or more of them near a limit but not beyond.

    Overlapping windows make one signal, which runs from its first near point to its last.
    """
    signs = sides(values, limits.mean)
    reach = (2 * (XMR_SCALE / 3)) * limits.moving_range  # the 2 sigma line, as NHSRplotthedots
    near = [
        limits.lower <= value <= limits.upper
        and (value < limits.mean - reach or value > limits.mean + reach)
        for value in values
    ]
    groups: list[tuple[int, set[int]]] = []
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        hits = {at for at in window if near[at]}
        if len(hits) < 2 or abs(sum(signs[at] for at in window)) != 3:
            continue
        if groups and start <= groups[-1][0] + 2:
            hits |= groups.pop()[1]
        groups.append((start, hits))
    return [Streak(min(hits), max(hits), len(hits), signs[min(hits)]) for _, hits in groups]


def _mean(values: Sequence[float]) -> float:
    """The mean as R takes it, in two passes, so that a constant series is its own mean."""
    first = math.fsum(values) / len(values)
    return first + math.fsum(value - first for value in values) / len(values)


def _anhoej(dates: list[date], values: list[float], improvement: Improvement | None) -> Analysis:
    centre = median(values) if values else None
    runs = runs_about(values, centre) if centre is not None else None
    useful = runs.useful if runs else 0
    found = []
    if runs and useful >= FEWEST_POINTS:
        long = [run for run in runs.runs if run.count > runs.longest_run_max]
        found = [_signal("long-run", ANHOEJ, dates, run, improvement) for run in long]
        if runs.crossings < runs.crossings_min:
            found.append(Signal("few-crossings", ANHOEJ, dates[0], dates[-1], None, None))
    return _analysis(ANHOEJ, useful, centre, None, found)


def _ihi(dates: list[date], values: list[float], improvement: Improvement | None) -> Analysis:
    centre = median(values) if values else None
    found: list[tuple[str, Streak]] = []
    if centre is not None and len(values) >= FEWEST_POINTS:
        found += [
            ("shift", run) for run in streaks(sides(values, centre), least=6, zero_breaks=False)
        ]
        found += [("trend", run) for run in trends(values, least_steps=4, ties_break=False)]
    signals = [_signal(rule, IHI, dates, run, improvement) for rule, run in found]
    return _analysis(IHI, len(values), centre, None, signals)


def _mdc(dates: list[date], values: list[float], improvement: Improvement | None) -> Analysis:
    centre = _mean(values) if values else None
    limits = xmr_limits(values)
    found: list[tuple[str, Streak]] = []
    if centre is not None and len(values) >= FEWEST_POINTS:
        found += [
            ("shift", run) for run in streaks(sides(values, centre), least=7, zero_breaks=True)
        ]
        found += [("trend", run) for run in trends(values, least_steps=6, ties_break=True)]
    if limits and len(values) >= FEWEST_POINTS:
        found += [("outside", run) for run in outside(values, limits)]
        found += [("two-of-three", run) for run in two_of_three(values, limits)]
    signals = [_signal(rule, MDC, dates, run, improvement) for rule, run in found]
    return _analysis(MDC, len(values), centre, limits, signals)


def _analysis(
    rules: RuleSet, useful: int, centre: float | None, limits: Limits | None, found: list[Signal]
) -> Analysis:
    ordered = tuple(sorted(found, key=lambda signal: (signal.first, signal.last, signal.rule)))
    return Analysis(
        rules=rules,
        useful=useful,
        centre=centre,
        lower=limits.lower if limits else None,
        upper=limits.upper if limits else None,
        trial=limits is not None and useful < FIRM_LIMITS_FROM,
        too_few_points=useful < FEWEST_POINTS,
        signals=ordered,
    )


def _signal(
    rule: str, rules: RuleSet, dates: list[date], run: Streak, improvement: Improvement | None
) -> Signal:
    side = Side.HIGH if run.sign > 0 else Side.LOW
    return Signal(rule, rules, dates[run.first], dates[run.last], side, _judge(side, improvement))


def _judge(side: Side, improvement: Improvement | None) -> Direction:
    if improvement is None:
        return Direction.NEITHER
    better = Side.HIGH if improvement is Improvement.UP else Side.LOW
    return Direction.IMPROVEMENT if side is better else Direction.CONCERN


Reader = Callable[[list[date], list[float], Improvement | None], Analysis]
_READERS: dict[str, Reader] = {"anhoej": _anhoej, "ihi": _ihi, "mdc": _mdc}
