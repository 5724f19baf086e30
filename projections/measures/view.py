"""A measure as a chart shows it: its points split into phases, each phase read by one rule set,
and the pilot's log beside it as annotations.

`assemble` is pure: given what the read model kept (the measure, its points and phases as they
stood at some moment, and the pilot's annotations), it applies the rules within each phase.
The page, the SVG, the API answer and the reports all draw from the `MeasureView` it gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.measures.results import ANHOEJ, MDC, RULE_SETS, Improvement, RuleSet
from domain.measures.rules import analyse

CHARTS = ("run", "xmr")
DEFAULT_RULES = {"run": ANHOEJ, "xmr": MDC}


class ChartChoiceError(ValueError):
    """A chart and a rule set that do not go together, or one that does not exist; `field`
    names the query parameter at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def rules_for(chart: str | None, rules: str | None) -> tuple[str, RuleSet]:
    """The chart and rule set a reader asked for (`?chart=`, `?rules=`), with the defaults:
    a run chart reads by Anhøj's rules, an XmR chart by Making Data Count's. Naming only the
    rules picks their chart."""
    if rules is not None and rules not in RULE_SETS:
        raise ChartChoiceError(
            "rules", f"rules must be one of {', '.join(RULE_SETS)}, not {rules!r}"
        )
    if chart is not None and chart not in CHARTS:
        raise ChartChoiceError("chart", f"chart must be run or xmr, not {chart!r}")
    if rules is None:
        kind = chart or "run"
        return kind, DEFAULT_RULES[kind]
    chosen = RULE_SETS[rules]
    if chart is not None and chosen.chart != chart:
        raise ChartChoiceError(
            "rules", f"the {rules} rules are for {chosen.chart} charts, not {chart}"
        )
    return chosen.chart, chosen


@dataclass(frozen=True)
class MeasurePoint:
    on: date
    value: float
    note: str
    corrected: bool = False  # the value shown replaced an earlier one


@dataclass(frozen=True)
class Phase:
    """A baseline phase: from its first day (the first point's, for the first phase) until the
    next phase begins. Run charts have no limits (`lower`, `upper` None)."""

    starts: date
    reason: str  # empty for the first phase, which nobody started
    points: tuple[MeasurePoint, ...]
    centre: float | None
    lower: float | None
    upper: float | None
    trial: bool
    too_few_points: bool


@dataclass(frozen=True)
class SignalView:
    """One run of points that breaks a rule. `direction` is improvement or concern, or None
    for a signal without a side (too few crossings)."""

    rule: str
    first: date
    last: date
    direction: str | None
    side: str | None  # "high" (above the centre, or rising) or "low"; None without a side
    phase: date  # the start of the phase it was found in


@dataclass(frozen=True)
class Annotation:
    """An entry from the pilot's own log, placed at its date. `kind` is cycle-start,
    decision, idea, pause, resume or phase; `cycle` is the cycle's number where there is one."""

    on: date
    kind: str
    text: str
    cycle: int | None


@dataclass(frozen=True)
class Definition:
    """What the measure is, as it was defined."""

    id: UUID
    pilot_id: UUID
    name: str
    kind: str  # outcome, process or balancing
    definition: str
    unit: str
    improvement: str  # up or down
    target: float | None


@dataclass(frozen=True)
class MeasureView:
    measure: Definition
    chart: str  # run or xmr
    rules: RuleSet
    points: tuple[MeasurePoint, ...]
    phases: tuple[Phase, ...]
    signals: tuple[SignalView, ...]
    annotations: tuple[Annotation, ...]
    at: datetime | None  # the moment the chart is shown as it stood; None for now

    @property
    def too_few_points(self) -> bool:
        """That of the latest phase; a measure with no points has too few."""
        return self.phases[-1].too_few_points if self.phases else True


def assemble(
    measure: Definition,
    points: Sequence[MeasurePoint],
    phase_starts: Sequence[tuple[date, str]],
    annotations: Sequence[Annotation],
    *,
    chart: str = "run",
    rules: RuleSet = ANHOEJ,
    at: datetime | None = None,
) -> MeasureView:
    """The measure's chart. `phase_starts` are the recorded new phases (day, reason); each
    point belongs to the latest phase that starts on or before its day."""
    ordered = tuple(sorted(points, key=lambda point: point.on))
    starts = sorted(phase_starts)
    bounds: list[tuple[date, str]] = []
    if ordered:
        bounds.append((ordered[0].on, ""))
    bounds += [(day, reason) for day, reason in starts if not ordered or day > ordered[0].on]
    phases: list[Phase] = []
    signals: list[SignalView] = []
    improvement = Improvement(measure.improvement)
    for i, (day, reason) in enumerate(bounds):
        until = bounds[i + 1][0] if i + 1 < len(bounds) else None
        members = tuple(p for p in ordered if p.on >= day and (until is None or p.on < until))
        analysis = analyse(members, rules, improvement)
        phases.append(
            Phase(
                starts=day, reason=reason, points=members, centre=analysis.centre,
                lower=analysis.lower, upper=analysis.upper, trial=analysis.trial,
                too_few_points=analysis.too_few_points,
            )
        )  # fmt: skip
        signals += [
            SignalView(
                rule=s.rule, first=s.first, last=s.last, phase=day,
                direction=None if s.direction is None else s.direction.value,
                side=None if s.side is None else s.side.value,
            )
            for s in analysis.signals
        ]  # fmt: skip
    return MeasureView(
        measure=measure, chart=chart, rules=rules, points=ordered, phases=tuple(phases),
        signals=tuple(signals), annotations=tuple(sorted(annotations, key=_annotation_order)),
        at=at,
    )  # fmt: skip


def _annotation_order(annotation: Annotation) -> date:
    """By day; within a day, in the order they were logged (the sort is stable)."""
    return annotation.on
