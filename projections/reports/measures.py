"""A pilot's measures as its reports tell them: each measure's chart as it stood at the report's
stamp, in words and in data (`MeasureStory`), and the line each measure takes in the programme
report (`MeasureLine`).

A story holds all that drew its chart, so the chart is drawn again from the story alone
(`view_of`), and a reader of the JSON has what the chart shows. Nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import cast
from uuid import UUID

import msgspec
from eventsourcing.persistence import Notification

from domain.measures.results import RULE_SETS
from domain.pilot import events
from domain.service import Pilots
from projections.learning.from_log import PAGE
from projections.measures import wording
from projections.measures.from_log import views_from_events
from projections.measures.view import (
    Annotation,
    Definition,
    MeasurePoint,
    MeasureView,
    assemble,
)
from projections.reads import struct_from

# The latest phase's state, as the programme report names it.
STATES = {
    "too-few-points": "Too few points",
    "no-signals": "No signals",
    "improvement": "Improvement signals",
    "concern": "Concern signals",
    "improvement-and-concern": "Improvement and concern signals",
    "no-side": "Signals with no side",
}
# The events a measure's chart is drawn from: the measure's own, and those of the pilot's log
# that `projections.measures.annotations` puts beside it (with the plans whose objectives a
# cycle's start quotes). The programme report reads only these from the log.
CHART_TOPICS = (
    events.MeasureDefined.TOPIC,
    events.PointsRecorded.TOPIC,
    events.PointCorrected.TOPIC,
    events.PhaseStarted.TOPIC,
    events.CyclePlanned.TOPIC,
    events.CycleStarted.TOPIC,
    events.CycleDecided.TOPIC,
    events.IdeaRevised.TOPIC,
    events.Paused.TOPIC,
    events.Resumed.TOPIC,
)


class PointLine(msgspec.Struct):
    """A value on a day; `corrected` when it replaced an earlier value."""

    on: date
    value: float
    note: str
    corrected: bool = False


class PhaseLine(msgspec.Struct):
    """A baseline phase from `starts`: its centre line and, on an XmR chart, its limits."""

    starts: date
    reason: str
    points: int
    centre: float | None
    lower: float | None
    upper: float | None
    trial: bool
    too_few_points: bool


class SignalLine(msgspec.Struct):
    """A signal in the phase that starts on `phase`, with what it means in words."""

    rule: str
    first: date
    last: date
    direction: str | None
    side: str | None
    phase: date
    explanation: str


class AnnotationLine(msgspec.Struct):
    """An entry from the pilot's log beside the chart; `number` is the one the chart marks."""

    number: int
    on: date
    kind: str
    label: str
    text: str
    cycle: int | None


class MeasureStory(msgspec.Struct):
    """One measure's chart as it stood at `at`, read by `rules` (`rules_name` in words);
    `state` is its latest phase's (a key of `STATES`), `summary` the whole chart in words."""

    measure_id: UUID
    name: str
    kind: str
    definition: str
    unit: str
    improvement: str
    target: float | None
    chart: str
    rules: str
    rules_version: int
    rules_name: str
    at: datetime | None
    summary: str
    state: str
    points: list[PointLine]
    phases: list[PhaseLine]
    signals: list[SignalLine]
    annotations: list[AnnotationLine]


class MeasureLine(msgspec.Struct):
    """A measure's line in the programme report: its pilot, and its chart as a story."""

    pilot_id: UUID
    title: str
    measure: MeasureStory


def state_of(view: MeasureView) -> str:
    """Too few points in the latest phase, no signals in it, or the sides of its signals."""
    if view.too_few_points:
        return "too-few-points"
    latest = view.phases[-1].starts
    sides = {s.direction for s in view.signals if s.phase == latest}
    if not sides:
        return "no-signals"
    if {"improvement", "concern"} <= sides:
        return "improvement-and-concern"
    return next((s for s in ("improvement", "concern") if s in sides), "no-side")


def story_of(view: MeasureView) -> MeasureStory:
    """The story of the chart: the measure's definition as it is, the rules that read it, and
    the chart's points, phases, signals and annotations, each told in words."""
    return struct_from(
        MeasureStory,
        view.measure,
        measure_id=view.measure.id,
        chart=view.chart,
        rules=view.rules.name,
        rules_version=view.rules.version,
        rules_name=wording.rules_name(view.rules),
        at=view.at,
        summary=wording.summary(view),
        state=state_of(view),
        points=[PointLine(p.on, p.value, p.note, p.corrected) for p in view.points],
        phases=[struct_from(PhaseLine, p, points=len(p.points)) for p in view.phases],
        signals=[
            struct_from(SignalLine, s, explanation=wording.explain(s, view)) for s in view.signals
        ],
        annotations=[
            struct_from(AnnotationLine, a, number=number, label=wording.annotation_label(a))
            for number, a in enumerate(view.annotations, 1)
        ],
    )


def view_of(story: MeasureStory, pilot_id: UUID) -> MeasureView:
    """The chart the story was told from, to draw it again: the rules are applied anew to
    the same points and phases, which gives the same view."""
    definition = Definition(
        story.measure_id, pilot_id, story.name, story.kind, story.definition, story.unit,
        story.improvement, story.target,
    )  # fmt: skip
    points = [MeasurePoint(p.on, p.value, p.note, p.corrected) for p in story.points]
    # The first phase starts at the first point, so naming it again changes nothing.
    starts = [(p.starts, p.reason) for p in story.phases]
    notes = [Annotation(a.on, a.kind, a.text, a.cycle) for a in story.annotations]
    rules = RULE_SETS[story.rules]
    return assemble(definition, points, starts, notes, chart=story.chart, rules=rules,
                    at=story.at)  # fmt: skip


def measure_stories(stored: Sequence[events.Event], at: datetime | None) -> list[MeasureStory]:
    """The pilot's measures from its events `stored`, as they stood at `at`, in the order they
    were defined."""
    return [story_of(view) for view in views_from_events(stored, at=at)]


def measure_lines(
    pilots: Pilots, position: int, as_of: datetime | None, titles: dict[UUID, str]
) -> list[MeasureLine]:
    """Every measure of every pilot, from the log up to `position`, by pilot title (then id)
    and in the order each pilot defined them. Only the events of `CHART_TOPICS` are read, and
    only those of pilots with a measure: all of them are the pilot's own record, which every
    reader may read."""
    defined = [events.MeasureDefined.TOPIC]
    measured = {UUID(str(n.originator_id)) for n in _notifications(pilots, position, defined)}
    if not measured:
        return []
    by_pilot: dict[UUID, list[events.Event]] = {pilot_id: [] for pilot_id in measured}
    for notification in _notifications(pilots, position, CHART_TOPICS):
        pilot_id = UUID(str(notification.originator_id))
        if pilot_id in measured:
            event = cast("events.Event", pilots.mapper.to_domain_event(notification))
            by_pilot[pilot_id].append(event)
    order = sorted(measured, key=lambda pilot_id: (titles.get(pilot_id, ""), str(pilot_id)))
    return [
        MeasureLine(pilot_id, titles.get(pilot_id, ""), story)
        for pilot_id in order
        for story in measure_stories(by_pilot[pilot_id], as_of)
    ]


def _notifications(pilots: Pilots, upto: int, topics: Sequence[str]) -> Iterator[Notification]:
    """The notifications of `topics` up to position `upto`, oldest first, a page at a time."""
    position = 0
    while position < upto:
        page = pilots.recorder.select_notifications(
            position, PAGE, stop=upto, topics=topics, inclusive_of_start=False
        )
        if not page:
            return
        yield from page
        position = page[-1].id
