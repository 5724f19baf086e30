"""What a chart shows beside its points: the pilot's own log, as annotations.

The read model and the fold of the log (`from_log`) both word them here, so the two cannot
drift. An annotation is placed on the day (UTC) its event was recorded, except a new phase,
which is placed on the day it starts, where the chart draws it.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import NamedTuple
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from projections.measures.view import Annotation


class Noted(NamedTuple):
    """An annotation, with the measure it belongs to; None for one beside every chart."""

    measure: UUID | None
    annotation: Annotation


def day_of(event: events.Event) -> date:
    return event.timestamp.astimezone(UTC).date()


class Annotator:
    """The annotations of one pilot's events, given in order. A cycle's start quotes its
    objective, so it remembers each planned cycle's objective (`objectives`, by number)."""

    def __init__(self, objectives: dict[int, str] | None = None) -> None:
        self.objectives = {} if objectives is None else objectives

    @singledispatchmethod
    def of(self, event: events.Event) -> Noted | None:
        """Every other event puts nothing beside a chart."""
        return None

    @of.register
    def _(self, event: events.CyclePlanned) -> Noted | None:
        self.objectives[event.number] = event.objective
        return None

    @of.register
    def _(self, event: events.CycleStarted) -> Noted | None:
        objective = self.objectives.get(event.number, "")
        text = f"Cycle {event.number} started: {objective}"
        return _noted(event, "cycle-start", text, event.number)

    @of.register
    def _(self, event: events.CycleDecided) -> Noted | None:
        text = f"Cycle {event.number}: {event.decision} — {event.rationale}"
        return _noted(event, "decision", text, event.number)

    @of.register
    def _(self, event: events.IdeaRevised) -> Noted | None:
        return _noted(event, "idea", f"Idea revised: {event.idea}")

    @of.register
    def _(self, event: events.Paused) -> Noted | None:
        return _noted(event, "pause", f"Paused: {event.reason}")

    @of.register
    def _(self, event: events.Resumed) -> Noted | None:
        return _noted(event, "resume", "Resumed")

    @of.register
    def _(self, event: events.PhaseStarted) -> Noted | None:
        phase = Annotation(event.starts, "phase", f"New phase: {event.reason}", None)
        return Noted(event.measure_id, phase)


def _noted(
    event: events.Event, kind: str, text: str, cycle: int | None = None, measure: UUID | None = None
) -> Noted:
    return Noted(measure, Annotation(day_of(event), kind, text, cycle))
