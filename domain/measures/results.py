"""What the chart rules give: the rule sets, named and versioned, a phase's points, and its
analysis with each signal. The rules themselves are in `rules`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol


class Improvement(StrEnum):
    """The way a measure gets better."""

    UP = "up"
    DOWN = "down"


class Direction(StrEnum):
    """What a signal means for the measure. NEITHER when the measure names no better way."""

    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEITHER = "neither"


class Side(StrEnum):
    """Where a signal lies: above the centre line, or rising, is HIGH."""

    HIGH = "high"
    LOW = "low"


@dataclass(frozen=True)
class RuleSet:
    """A named, versioned rule set. The version changes whenever a figure it gives could."""

    name: str
    version: int
    chart: str
    centre: str
    follows: str


ANHOEJ = RuleSet("anhoej", 1, "run", "median", "qicharts2 0.8.1 (Anhøj)")
IHI = RuleSet("ihi", 1, "run", "median", "IHI run chart rules (Perla, Provost and Murray 2011)")
MDC = RuleSet("mdc", 1, "xmr", "mean", "NHSRplotthedots 0.2.2, default options")
RULE_SETS = {rules.name: rules for rules in (ANHOEJ, IHI, MDC)}


class Dated(Protocol):
    """What the rules read of a point: its day and its value. A recorded point
    (`domain.values.DataPoint`) is one, and so is each point a chart holds."""

    @property
    def on(self) -> date: ...

    @property
    def value(self) -> float: ...


@dataclass(frozen=True)
class Signal:
    """One run of points that breaks a rule, from its first point to its last.

    `side` and `direction` are None for a signal without a side (too few crossings).
    """

    rule: str
    rules: RuleSet
    first: date
    last: date
    side: Side | None
    direction: Direction | None


@dataclass(frozen=True)
class Analysis:
    """A phase as a rule set reads it. `useful` counts the points the rules can use."""

    rules: RuleSet
    useful: int
    centre: float | None
    lower: float | None
    upper: float | None
    trial: bool
    too_few_points: bool
    signals: tuple[Signal, ...]
