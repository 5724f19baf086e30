"""The base of every event of a story or a workshop: `domain.records.Recorded`, whose `evolve`
changes the story or workshop it belongs to."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from domain.records import Recorded


class Event(Recorded):
    def evolve(self, record: Any) -> None:
        """What the event changes in its story or workshop."""


class Created(Event, Aggregate.Created):
    """The base of creation events, which the library needs each aggregate to name; only
    `StoryRecorded` and `WorkshopCreated` are ever recorded."""

    TOPIC = "origins:Created"
