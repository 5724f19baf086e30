"""What the API gives about a pilot's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic

from domain.pilot import events

# Plumbing every event carries; `data` holds what the event itself says.
ENVELOPE = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "actor", "submission"}
)


class TimelineEntryRead(msgspec.Struct):
    at: datetime
    version: int
    kind: str
    actor: UUID
    summary: str


class TimelinePage(msgspec.Struct):
    entries: list[TimelineEntryRead]
    next: str | None


class DiffPieceRead(msgspec.Struct):
    op: Literal["same", "added", "removed"]
    text: str


class IdeaVersionRead(msgspec.Struct):
    version: int
    at: datetime
    actor: UUID
    idea: str
    rationale: str
    prompted_by: str
    diff: list[DiffPieceRead]


class IdeaHistoryPage(msgspec.Struct):
    versions: list[IdeaVersionRead]
    next: str | None


class EventRead(msgspec.Struct):
    version: int
    type: str
    at: datetime
    actor: UUID
    data: dict[str, Any]


class EventPage(msgspec.Struct):
    events: list[EventRead]
    next: str | None


class ChangeRead(msgspec.Struct):
    part: str
    before: str
    after: str
    diff: list[DiffPieceRead]


class ComparisonRead(msgspec.Struct):
    from_version: int
    to_version: int
    changes: list[ChangeRead]
    events: list[EventRead]


def event_read(event: events.Event) -> EventRead:
    data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
    return EventRead(
        version=event.originator_version,
        type=get_topic(type(event)),
        at=event.timestamp,
        actor=event.actor,
        data=msgspec.to_builtins(data),
    )
