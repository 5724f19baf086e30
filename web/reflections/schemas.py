"""What the API takes and gives for reflections."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

import msgspec

from domain.pilot.state import Reflection
from web.schemas import CycleNumber, Entry, Input

ReflectionKindName = Literal["experience", "observation", "meaning", "next_step", "appreciation"]
VisibilityName = Literal["private", "team", "community"]


class ReflectionCreate(Input):
    text: Entry
    kind: ReflectionKindName
    cycle: CycleNumber | None = None
    visibility: VisibilityName = "community"


class VisibilityUpdate(Input):
    """Who reads an entry: `private` (its author alone), `team` (the pilot's lead, members and
    facilitators) or `community` (every signed-in account)."""

    visibility: VisibilityName


class WithdrawalCreate(Input):
    reason: Entry


class ReflectionRef(msgspec.Struct):
    id: UUID


class ReflectionRead(msgspec.Struct):
    """`text` is null, and `withdrawn_on` the day, once the reflection is withdrawn."""

    id: UUID
    kind: str
    text: str | None
    author: UUID
    cycle: int | None
    visibility: str
    withdrawn_on: date | None


def reflection_read(reflection: Reflection) -> ReflectionRead:
    r = reflection
    return ReflectionRead(
        r.id, r.kind.value, r.text, r.author, r.cycle, r.visibility.value, r.withdrawn_on
    )
