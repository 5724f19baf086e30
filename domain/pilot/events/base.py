"""The base of every pilot event: `domain.records.Recorded`, whose `evolve` changes a pilot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.records import SUBMISSIONS_KEPT, Recorded

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot

__all__ = ["SUBMISSIONS_KEPT", "Created", "Event"]


class Event(Recorded):
    def evolve(self, pilot: Pilot) -> None:
        """What the event changes in the pilot; some events change nothing but the log."""


class Created(Event, Aggregate.Created):
    """The base of creation events, which the library needs the aggregate to name; only
    `Registered` is ever recorded."""

    TOPIC = "pilots:Created"
