"""The base of every pilot event: it names its actor and its submission, and keeps the pilot's
list of recent submissions, so a repeat is recognised and not recorded twice."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import clock

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot

# A pilot remembers this many recent submissions; the application service looks further back
# through the log when it must.
SUBMISSIONS_KEPT = 256


class Event(Aggregate.Event):
    actor: UUID
    submission: str

    @staticmethod
    def create_timestamp() -> datetime:
        return clock.now()

    def apply(self, aggregate: Any) -> None:
        kept = aggregate.submissions[1 - SUBMISSIONS_KEPT :]
        aggregate.submissions = [*kept, self.submission]
        self.evolve(aggregate)

    def evolve(self, pilot: Pilot) -> None:
        """What the event changes in the pilot; some events change nothing but the log."""


class Created(Event, Aggregate.Created):
    """The base of creation events, which the library needs the aggregate to name; only
    `Registered` is ever recorded."""

    TOPIC = "pilots:Created"
