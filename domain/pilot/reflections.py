"""Reflections: a stage of Kolb's cycle (experience, observation, meaning, next step) or an
appreciation, optionally about one cycle."""

from __future__ import annotations

from domain import rules
from domain.pilot import events
from domain.pilot.aggregate import By, Pilot, derived_id, handle
from domain.pilot.commands import RecordReflection
from domain.values import ReflectionKind


@handle.register
def _reflect(c: RecordReflection, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    if c.cycle is not None:
        pilot.cycle(c.cycle)
    pilot.record(
        events.ReflectionRecorded, by,
        reflection_id=derived_id(by.submission, "reflection"),
        kind=rules.choice("kind", c.kind, ReflectionKind),
        text=rules.text("text", c.text),
        cycle=c.cycle,
    )  # fmt: skip
