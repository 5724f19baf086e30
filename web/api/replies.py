"""The answers to writes, built from a command's receipt.

A receipt replayed for a repeated submission carries the events of the first attempt, so the
answer names the same cycle, reflection or question set the first answer named.
"""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

import msgspec
from litestar import Response

from domain.pilot import Pilot
from domain.service import Receipt
from web.api.reads import PilotRead, pilot_read
from web.api.writes import Reply

API_PILOTS = "/api/v1/pilots"
E = TypeVar("E", bound=Pilot.Event)


class CycleRef(msgspec.Struct):
    number: int
    stage: str


class ReflectionRef(msgspec.Struct):
    id: UUID


class AskedRef(msgspec.Struct):
    id: UUID
    text: str
    looks_closed: bool


class QuestionSetRef(msgspec.Struct):
    id: UUID
    questions: list[AskedRef]


class InsightRef(msgspec.Struct):
    id: UUID
    question_id: UUID


def pilot_response(read: PilotRead) -> Response[PilotRead]:
    """A pilot read: every pilot response carries its version as the ETag."""
    return Response(read, headers={"ETag": f'"{read.version}"'})


def the_pilot(receipt: Receipt) -> Reply:
    return Reply(200, pilot_read(receipt.pilot), receipt.pilot.version)


def new_pilot(receipt: Receipt) -> Reply:
    pilot = receipt.pilot
    return Reply(201, pilot_read(pilot), pilot.version, f"{API_PILOTS}/{pilot.id}")


def planned_cycle(receipt: Receipt) -> Reply:
    number = recorded(receipt, Pilot.CyclePlanned).number
    stage = receipt.pilot.cycle(number).stage.value
    return Reply(201, CycleRef(number, stage), receipt.pilot.version)


def new_reflection(receipt: Receipt) -> Reply:
    reflection_id = recorded(receipt, Pilot.ReflectionRecorded).reflection_id
    return Reply(201, ReflectionRef(reflection_id), receipt.pilot.version)


def new_question_set(receipt: Receipt) -> Reply:
    event = recorded(receipt, Pilot.QuestionSetRecorded)
    asked = [AskedRef(q.id, q.text, q.looks_closed) for q in event.questions]
    return Reply(201, QuestionSetRef(event.set_id, asked), receipt.pilot.version)


def new_insight(receipt: Receipt) -> Reply:
    event = recorded(receipt, Pilot.InsightAdded)
    return Reply(201, InsightRef(event.insight_id, event.question_id), receipt.pilot.version)


def recorded(receipt: Receipt, kind: type[E]) -> E:
    """The event of this kind that the command recorded (or recorded the first time)."""
    found = [event for event in receipt.events if isinstance(event, kind)]
    if not found:
        raise LookupError(f"the receipt holds no {kind.__name__}")
    return found[-1]
