"""What the measure rule tests share: a clock at noon on 1 June 2026, days of May, values
that are not finite numbers, and a pilot with a measure."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, settings

from domain import clock
from domain.pilot.commands import (
    DefineMeasure,
    RecordPoints,
)
from domain.service import Pilots
from domain.values import DataPoint
from tests.unit.builders import new_pilot

shared_app = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
# Noon UTC on 1 June 2026: the 2nd has begun in Kiribati (UTC+14), the 3rd nowhere yet.
NOON = datetime(2026, 6, 1, 12, tzinfo=UTC)
BEGUN_SOMEWHERE, NOT_YET = date(2026, 6, 2), date(2026, 6, 3)
MAY = [date(2026, 5, day) for day in range(1, 32)]
NON_FINITE = [math.nan, math.inf, -math.inf]
NOT_NUMBERS: list[Any] = ["12", None, True, False, b"1", [1.0], 10**400, -(10**400)]


def short(value: Any) -> str:
    """A test id for a parameter, however long its repr."""
    text = repr(value)
    return text if len(text) <= 20 else f"{text[:8]}...{len(text)}-chars"


@pytest.fixture(autouse=True)
def at_noon() -> Iterator[None]:
    with clock.clock_set_to(lambda: NOON):
        yield


def define(pilots: Pilots, pilot_id: UUID, actor: UUID, **fields: Any) -> UUID:
    given_fields = {
        "name": "Attendance",
        "kind": "outcome",
        "definition": "People at a circle, counted at the door",
        "improvement": "up",
    }
    receipt = pilots.execute(DefineMeasure(pilot_id, **(given_fields | fields)), actor)
    measure_id: UUID = receipt.events[-1].measure_id  # type: ignore[attr-defined]
    return measure_id


def measured(pilots: Pilots, *values: tuple[date, float]) -> tuple[UUID, UUID, UUID]:
    """A pilot with one measure holding `values`; its id, its lead and the measure's id."""
    pilot_id, lead = new_pilot(pilots)
    measure_id = define(pilots, pilot_id, lead)
    if values:
        points = [DataPoint(on, value) for on, value in values]
        pilots.execute(RecordPoints(pilot_id, measure_id=measure_id, points=points), lead)
    return pilot_id, lead, measure_id


def record(pilots: Pilots, pilot_id: UUID, lead: UUID, measure_id: UUID, *points: Any) -> Any:
    return pilots.execute(RecordPoints(pilot_id, measure_id=measure_id, points=points), lead)
