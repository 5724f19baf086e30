"""What the API gives about a pilot's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic

from domain.pilot import events
from projections.audit.compare import Change
from projections.audit.ideas import IdeaVersion

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


class IdeaHistoryPage(msgspec.Struct):
    versions: list[IdeaVersion]
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


class ComparisonRead(msgspec.Struct):
    from_version: int
    to_version: int
    changes: list[Change]
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
