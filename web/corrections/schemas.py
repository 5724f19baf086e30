"""What the API takes and gives for corrections."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from domain.pilot.state import Correction
from web.schemas import Entry, Input

EntryName = Annotated[
    str,
    msgspec.Meta(
        max_length=100,
        description="`title`, `question`, `origin`, `summary`, `cycle:N:FIELD` (objective, "
        "plan, what_happened, deviations, learning, surprises or rationale), `reflection:ID` "
        "or `insight:ID`.",
        examples=["cycle:1:learning"],
    ),
]


class CorrectionCreate(Input):
    entry: EntryName
    text: Entry
    reason: Entry


class CorrectionRead(msgspec.Struct):
    """`previous` is the entry's text before the correction; `at` is when it was made (null
    for corrections kept in a snapshot taken before times were kept). Both texts are null once
    the entry is withdrawn."""

    entry: str
    previous: str | None
    text: str | None
    reason: str
    actor: UUID
    at: datetime | None


def correction_read(c: Correction) -> CorrectionRead:
    return CorrectionRead(c.entry, c.previous, c.text, c.reason, c.actor, c.at)
