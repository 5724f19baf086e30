"""A measure's chart in plain English: the words the SVG's description, the measure page and
the reports use for what the chart shows and what each signal means.

Dates are written by hand ("3 Mar 2026"), so the words never depend on the server's locale.
"""

from __future__ import annotations

import math
from datetime import date

from domain.measures.results import Improvement, RuleSet
from domain.measures.rules import FEWEST_POINTS, FIRM_LIMITS_FROM, analyse, runs_about
from projections.measures.view import Annotation, MeasureView, Phase, SignalView

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RULES = {
    "anhoej": "Anhøj rules",
    "ihi": "IHI run chart rules",
    "mdc": "Making Data Count rules",
}
KINDS = {
    "cycle-start": "Cycle start",
    "decision": "Decision",
    "idea": "Idea",
    "pause": "Pause",
    "resume": "Resume",
    "phase": "New phase",
}
# The fewest points in a row that make a shift or a trend, by rule set.
SHIFT_FROM = {"ihi": 6, "mdc": 7}
TREND_FROM = {"ihi": 5, "mdc": 7}


def day(on: date) -> str:
    """ "3 Mar 2026"."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def span(first: date, last: date) -> str:
    """ "on 3 Mar 2026", "from 3 Mar to 28 Apr 2026" or "from 3 Dec 2025 to 2 Jan 2026"."""
    if first == last:
        return f"on {day(first)}"
    start = day(first) if first.year != last.year else f"{first.day} {MONTHS[first.month - 1]}"
    return f"from {start} to {day(last)}"


def figure(value: float, digits: int = 3) -> str:
    """A value for reading: `digits` significant figures, but never rounded into its whole part
    (1,235 rather than 1,230), with thousands separated and no trailing zeros."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    places = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    shown = f"{value:,.{places}f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return "0" if shown.strip("-0.,") == "" else shown


def value(amount: float, unit: str) -> str:
    """A point's value with the measure's unit: "12.5 minutes"."""
    return f"{figure(amount, 6)} {unit}".rstrip()


def rules_name(rules: RuleSet) -> str:
    """ "Anhøj rules (version 1)"."""
    return f"{RULES.get(rules.name, rules.name)} (version {rules.version})"


def chart_name(view: MeasureView) -> str:
    return "XmR chart" if view.chart == "xmr" else "run chart"


def annotation_label(annotation: Annotation) -> str:
    """ "Cycle start, cycle 2", "Decision", "Idea"."""
    label = KINDS.get(annotation.kind, annotation.kind.replace("-", " ").capitalize())
    return label if annotation.cycle is None else f"{label}, cycle {annotation.cycle}"


def dates_shown(view: MeasureView) -> tuple[date, date] | None:
    """The chart's dates: from the first point to the last point or the latest phase start,
    whichever is later. None without points."""
    if not view.points:
        return None
    last = max([view.points[-1].on, *(phase.starts for phase in view.phases)])
    return view.points[0].on, last


def marked(view: MeasureView) -> list[tuple[int, Annotation]]:
    """The annotations the chart marks, with their numbers. An annotation is numbered by its
    place in `view.annotations` (from 1), so a list of them all beside the chart matches; one
    outside the chart's dates is not marked."""
    shown = dates_shown(view)
    return [
        (number, annotation)
        for number, annotation in enumerate(view.annotations, 1)
        if shown and shown[0] <= annotation.on <= shown[1]
    ]


def explain(signal: SignalView, view: MeasureView) -> str:
    """One sentence for one signal: the rule in words, its dates, and what it means."""
    phase = _phase(signal, view)
    members = [p for p in phase.points if signal.first <= p.on <= signal.last] if phase else []
    centre, when, verdict = view.rules.centre, span(signal.first, signal.last), _verdict(signal)
    where = "above" if signal.side == "high" else "below"
    # A point on the centre line neither breaks nor counts toward a run.
    off = len([p for p in members if phase is None or p.value != phase.centre])
    runs = _runs(phase)
    if signal.rule == "long-run":
        expected = f" (longer than the {runs[0]} expected by chance)" if runs else ""
        return f"A run of {off} points {where} the {centre} {when}{expected}: {verdict}."
    if signal.rule == "shift":
        least = SHIFT_FROM.get(view.rules.name, 7)
        in_a_row = f"({least} or more in a row)"
        return f"A shift of {off} points {where} the {centre} {when} {in_a_row}: {verdict}."
    if signal.rule == "few-crossings":
        counts = (
            f": the line crosses the {centre} {_times(runs[1])}, fewer than the {runs[2]}"
            " expected by chance"
            if runs
            else ""
        )
        return f"Too few crossings of the {centre} {when}{counts}: a signal with no side."
    if signal.rule == "trend":
        rising = "rising" if signal.side == "high" else "falling"
        in_a_row = f"({TREND_FROM.get(view.rules.name, 7)} or more in a row)"
        return f"A trend of {len(members)} points {rising} {when} {in_a_row}: {verdict}."
    limit = "upper" if signal.side == "high" else "lower"
    if signal.rule == "outside" and phase and members:
        bound = phase.upper if signal.side == "high" else phase.lower
        read = f"{figure(members[0].value, 6)}, {where} the {limit} limit"
        read += "" if bound is None else f" of {figure(bound)}"
        return f"A point outside the limits {when} ({read}): {verdict}."
    if signal.rule == "two-of-three":
        return (
            f"Two of three points close to the {limit} limit {when} (within it, but more than"
            f" two thirds of the way from the {centre}): {verdict}."
        )
    return f"A signal ({signal.rule}) {when}: {verdict}."


def summary(view: MeasureView) -> str:
    """What the chart is and what it shows, for its `<desc>` and for a reader without the
    picture: the chart and its rules, the points and phases, the latest value, the target, and
    then too few points, no signals, or each signal in words."""
    measure = view.measure
    kind = "XmR chart" if view.chart == "xmr" else "Run chart"
    lines = f"the {view.rules.centre}" + (" and process limits" if view.chart == "xmr" else "")
    better = "higher" if measure.improvement == "up" else "lower"
    said = [
        f"{kind} of {measure.name} with {lines}, read by {rules_name(view.rules)};"
        f" {better} is better."
    ]
    if view.at is not None:
        said.append(f"Shown as it stood on {day(view.at.date())}.")
    target = "" if measure.target is None else f"Target: {value(measure.target, measure.unit)}."
    if not view.points:
        said += [f"No points yet: the rules need at least {FEWEST_POINTS}.", target]
        return " ".join(part for part in said if part)
    latest = view.points[-1]
    phases = len(view.phases)
    said += [
        f"{_count(len(view.points), 'point')} in {_count(phases, 'phase')}, "
        f"{span(view.points[0].on, latest.on)}.",
        f"Latest value: {value(latest.value, measure.unit)} on {day(latest.on)}.",
        target,
        _lines(view.phases[-1], view, latest=phases > 1),
        _trial(view),
    ]
    if view.too_few_points:
        useful = _useful(view.phases[-1], view)
        said.append(
            f"Too few points for the rules: {useful} of the {FEWEST_POINTS} needed, so the chart"
            " cannot yet tell a change from noise."
        )
        earlier = [explain(signal, view) for signal in view.signals]
        said += ["Earlier phases:", *earlier] if earlier else []
    elif not view.signals:
        said.append("No signals: the variation looks like noise (common cause).")
    else:
        said += [explain(signal, view) for signal in view.signals]
    said.append(_notes(view))
    return " ".join(part for part in said if part)


def _times(amount: int) -> str:
    return {0: "not once", 1: "once", 2: "twice"}.get(amount, f"{amount} times")


def _count(amount: int, thing: str) -> str:
    return f"{amount} {thing}" + ("" if amount == 1 else "s")


def _lines(phase: Phase, view: MeasureView, *, latest: bool) -> str:
    if phase.centre is None:
        return ""
    which = f"In the latest phase, from {day(phase.starts)}, the" if latest else "The"
    said = f"{which} {view.rules.centre} is {figure(phase.centre)}"
    if phase.lower is not None and phase.upper is not None:
        said += f", with limits {figure(phase.lower)} and {figure(phase.upper)}"
    return said + "."


def _trial(view: MeasureView) -> str:
    trial = [phase for phase in view.phases if phase.trial]
    if not trial:
        return ""
    starts = ", ".join(day(phase.starts) for phase in trial)
    which = "the phase" if len(trial) == 1 else "the phases"
    return (
        f"Trial limits in {which} from {starts}: from fewer than {FIRM_LIMITS_FROM}"
        " points, they may move as points are added."
    )


def _notes(view: MeasureView) -> str:
    shown = [number for number, _ in marked(view)]
    said = []
    if len(shown) == 1:
        said.append(f"Note {shown[0]} from the pilot's log is marked on the chart.")
    elif shown:
        which = "and" if len(shown) == 2 else "to"
        said.append(f"Notes {shown[0]} {which} {shown[-1]} from the pilot's log are marked on it.")
    left = len(view.annotations) - len(shown)
    if left:
        falls = "falls" if left == 1 else "fall"
        said.append(f"{_count(left, 'note')} from the log {falls} outside the chart's dates.")
    return " ".join(said)


def _phase(signal: SignalView, view: MeasureView) -> Phase | None:
    return next((phase for phase in view.phases if phase.starts == signal.phase), None)


def _runs(phase: Phase | None) -> tuple[int, int, int] | None:
    """The longest run expected, the crossings and the fewest expected, about the centre."""
    if phase is None or phase.centre is None:
        return None
    runs = runs_about([p.value for p in phase.points], phase.centre)
    return (runs.longest_run_max, runs.crossings, runs.crossings_min) if runs else None


def _useful(phase: Phase, view: MeasureView) -> int:
    """The points the rules can use: for Anhøj, those off the median."""
    return analyse(phase.points, view.rules, Improvement(view.measure.improvement)).useful


def _verdict(signal: SignalView) -> str:
    if signal.direction == "improvement":
        return "an improvement"
    if signal.direction == "concern":
        return "a concern"
    return "neither an improvement nor a concern"
