"""What the API takes and gives for reflections."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from domain.pilot.state import Reflection
from web.schemas import CycleNumber, Entry, Input

ReflectionKindName = Literal["experience", "observation", "meaning", "next_step", "appreciation"]


class ReflectionCreate(Input):
    text: Entry
    kind: ReflectionKindName
    cycle: CycleNumber | None = None


class ReflectionRef(msgspec.Struct):
    id: UUID


class ReflectionRead(msgspec.Struct):
    id: UUID
    kind: str
    text: str
    author: UUID
    cycle: int | None


def reflection_read(reflection: Reflection) -> ReflectionRead:
    r = reflection
    return ReflectionRead(r.id, r.kind.value, r.text, r.author, r.cycle)
