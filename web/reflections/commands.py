"""Recording a reflection on the web."""

from __future__ import annotations

from domain.pilot import events
from domain.pilot.commands import RecordReflection
from domain.service import Receipt
from web.commands import Exposed
from web.people import People
from web.reflections.schemas import ReflectionCreate, ReflectionRef
from web.writes import Reply, recorded


def new_reflection(receipt: Receipt, _: People) -> Reply:
    reflection_id = recorded(receipt, events.ReflectionRecorded).reflection_id
    return Reply(201, ReflectionRef(reflection_id), receipt.pilot.version)


COMMANDS = [
    Exposed("reflections", "/reflections", RecordReflection, ReflectionCreate, "reflections",
            ReflectionRef, new_reflection, status=201, form="reflection"),
]  # fmt: skip
