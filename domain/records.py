"""What every record of the log shares, whether a pilot, a story or a workshop: who sends a
command (`By`), the ids a submission derives, the base of the records themselves
(`BaseRecord`), and the base of every event (`Recorded`), which names its actor and its
submission and keeps the record's recent submissions, so a repeat is recognised and not recorded
twice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.utils import register_topic

from domain import clock
from domain.errors import NotFound
from domain.values import AccountRole

K = TypeVar("K")
V = TypeVar("V")

SUBMISSION_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pilot-tracker:submission")

# A record remembers this many recent submissions; the application service looks further back
# through the log when it must.
SUBMISSIONS_KEPT = 256


def derived_id(submission: str, what: str) -> UUID:
    """An id that a repeat of the same submission gets again, so a replay finds its entry."""
    return uuid5(SUBMISSION_NAMESPACE, f"{submission}/{what}")


@dataclass(frozen=True)
class By:
    """Who sends a command, the submission it belongs to, and the sender's role across the
    programme as the accounts know it (None when the caller did not say: no standing at all).
    A pilot's rules look at its team, not at this role; the origins' rules look at it."""

    actor: UUID
    submission: str
    role: AccountRole | None = None


class Recorded(Aggregate.Event):
    """The base of every event of the log."""

    actor: UUID
    submission: str

    @staticmethod
    def create_timestamp() -> datetime:
        return clock.now()

    def apply(self, aggregate: Any) -> None:
        kept = aggregate.submissions[1 - SUBMISSIONS_KEPT :]
        aggregate.submissions = [*kept, self.submission]
        self.evolve(aggregate)

    def evolve(self, record: Any) -> None:
        """What the event changes in its record; some events change nothing but the log."""


class BaseRecord(Aggregate):
    """What a pilot, a story and a workshop share: an id derived from the submission that makes
    one (`KIND` names the kind), and events that carry the sender and their submission."""

    KIND = "record"

    @classmethod
    def id_for(cls, submission: str) -> UUID:
        """The id of the record a submission makes, so a repeat of it finds the record."""
        return derived_id(submission, cls.KIND)

    @classmethod
    def _made(cls, event: type[Aggregate.Created], by: By, **fields: Any) -> Self:
        """A new record, made by the sender's submission, whose id it derives."""
        return cls._create(
            event, id=cls.id_for(by.submission), actor=by.actor, submission=by.submission, **fields
        )

    def record(self, event: type[Recorded], by: By, **fields: Any) -> None:
        """Records one event of the sender's submission."""
        self.trigger_event(event, actor=by.actor, submission=by.submission, **fields)

    @staticmethod
    def found(held: Mapping[K, V], key: K, missing: str) -> V:
        """What the record holds under `key`; `missing` says that it holds nothing there."""
        try:
            return held[key]
        except KeyError:
            raise NotFound(missing) from None


def register_topics(found: Iterable[object], base: type[Recorded]) -> dict[str, type[Recorded]]:
    """Registers each event class among `found` (a subclass of `base` naming its own `TOPIC`)
    under that topic, since the library registers only those defined on an aggregate; and
    gives them by topic. Stored events name their class by it."""
    kinds = {
        vars(kind)["TOPIC"]: kind
        for kind in found
        if isinstance(kind, type) and issubclass(kind, base) and "TOPIC" in vars(kind)
    }
    for topic, kind in kinds.items():
        register_topic(topic, kind)
    return kinds
