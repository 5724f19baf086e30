"""Recording a reflection on the web."""

from __future__ import annotations

from domain.pilot import events
from domain.pilot.commands import RecordReflection, SetReflectionVisibility, WithdrawReflection
from web.commands import Exposed
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.reflections.schemas import (
    ReflectionCreate,
    ReflectionRef,
    VisibilityUpdate,
    WithdrawalCreate,
)
from web.writes import reply_from

new_reflection = reply_from(events.ReflectionRecorded, lambda e: ReflectionRef(e.reflection_id))

REFLECTION = "/reflections/{reflection_id:uuid}"

COMMANDS = [
    Exposed("reflections", "/reflections", RecordReflection, ReflectionCreate, "reflections",
            ReflectionRef, new_reflection, status=201, form="reflection"),
    Exposed("reflection-visibility", f"{REFLECTION}/visibility", SetReflectionVisibility,
            VisibilityUpdate, "reflections", PilotRead, the_pilot, form="share-{reflection_id}"),
    Exposed("withdrawal", f"{REFLECTION}/withdraw", WithdrawReflection, WithdrawalCreate,
            "reflections", PilotRead, the_pilot, form="withdraw-{reflection_id}",
            doc="Withdraws a reflection for good (its author or a lead; anyone else 403): it stays "
            "in the pilot with `text: null` and `withdrawn_on`, and its text becomes unreadable "
            "everywhere, the database included."),
]  # fmt: skip
