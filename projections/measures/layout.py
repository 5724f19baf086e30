"""Where things go on a measure's chart: the value axis with round ticks, the date axis with
month ticks, and labels moved apart so that none covers another. Plain arithmetic in the
chart's own units; every coordinate it gives is a finite number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

DAYS_A_MONTH = 30.44


@dataclass(frozen=True)
class Values:
    """The value axis: `low` at the foot of the plot, `high` at its top, round ticks between."""

    low: float
    high: float
    ticks: tuple[float, ...]
    places: int  # decimals in a tick's label
    top: float
    height: float

    def y(self, amount: float) -> float:
        return self.top + (self.high - amount) / (self.high - self.low) * self.height

    def label(self, amount: float) -> str:
        shown = f"{amount:,.{self.places}f}"
        return "0" if shown.strip("-0.,") == "" else shown


def values_axis(amounts: Iterable[float], top: float, height: float, ticks: int) -> Values:
    """An axis from round number to round number that holds every finite amount given.
    A flat series (or none) gets room around it, so the axis always has a height."""
    finite = [amount for amount in amounts if math.isfinite(amount)] or [0.0]
    low, high = min(finite), max(finite)
    size = max(abs(low), abs(high), 1.0)
    if high - low < size * 1e-9:
        low, high = low - size / 10, high + size / 10
    step = _round_step((high - low) / ticks)
    first, last = math.floor(low / step), math.ceil(high / step)
    places = max(0, -math.floor(math.log10(step) + 1e-9))
    marks = tuple(i * step for i in range(first, last + 1))
    return Values(first * step, last * step, marks, places, top, height)


def _round_step(rough: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough * (1 - 1e-12))


@dataclass(frozen=True)
class Dates:
    """The date axis, in proportion to time; a single day sits in the middle."""

    first: date
    last: date
    left: float
    width: float

    def x(self, on: date) -> float:
        days = (self.last - self.first).days
        if days <= 0:
            return self.left + self.width / 2
        return self.left + (on - self.first).days / days * self.width

    def months(self, gap: float) -> list[date]:
        """First days of months inside the axis, every 1, 2, 3, 6 or 12 months or more, so that
        ticks are at least `gap` apart."""
        days = (self.last - self.first).days
        if days <= 0:
            return []
        month = DAYS_A_MONTH / days * self.width
        every = next((k for k in (1, 2, 3, 6, 12, 24, 60, 120) if k * month >= gap), 0)
        if not every:
            return []
        found, at = [], self.first.year * 12 + self.first.month - 1 + (self.first.day > 1)
        while (on := date(at // 12, at % 12 + 1, 1)) <= self.last:
            if at % every == 0:
                found.append(on)
            at += 1
        return found


def spread(wanted: list[float], gap: float, lowest: float) -> list[float]:
    """Heights for labels wanted at `wanted`, in the same order top to bottom, each at least
    `gap` below the one above; moved up together if the lowest would fall below `lowest`."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    placed = list(wanted)
    above = -math.inf
    for i in order:
        placed[i] = max(wanted[i], above + gap)
        above = placed[i]
    over = above - lowest
    return [y - over for y in placed] if order and over > 0 else placed


def rows(xs: list[float], gap: float, most: int) -> list[int]:
    """A row for each mark at `xs` (in order), the first row where it keeps `gap` from the mark
    before it; when all `most` rows are taken, the row that has room soonest."""
    ends: list[float] = []
    found = []
    for x in xs:
        row = next((r for r, end in enumerate(ends) if x - end >= gap), None)
        if row is None and len(ends) < most:
            row = len(ends)
            ends.append(x)
        elif row is None:
            row = min(range(len(ends)), key=lambda r: (ends[r], r))
        ends[row] = x
        found.append(row)
    return found
