"""The application service: every command takes one path, a get, a call and one `save`.

Writers to one pilot race; a conflict means someone else saved first, so the command is run
again on the fresh pilot (its rules checked again) unless the caller pinned a version. Every
command carries a submission id. A submission already in the pilot's log is not recorded again,
which makes form resubmissions, `Idempotency-Key` repeats and retries after a lost
acknowledgement all record exactly once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Recording

from domain.errors import InvalidEntry, NotFound, RuleViolated, VersionMismatch
from domain.pilot import SUBMISSIONS_KEPT, By, Pilot
from domain.pilot.commands import Command, PilotCommand, RegisterPilot
from domain.pilot.events import Event

# Conflicts are retried with exponential backoff and full jitter, so writers that collided
# spread out instead of colliding again; the cap keeps one request's total wait to seconds.
MAX_ATTEMPTS = 40
BACKOFF_BASE_SECONDS = 0.002
BACKOFF_CAP_SECONDS = 0.1


@dataclass(frozen=True)
class Receipt:
    """What a command did: the pilot after it, the events of the submission, and the log
    position of the last one (for reading one's own writes). `replayed` is true when the
    submission had been recorded before, and nothing new was written."""

    pilot: Pilot
    events: tuple[Event, ...]
    position: int | None
    replayed: bool = False


class Pilots(Application[UUID]):
    name = "Pilots"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Pilot: 100}

    # -- queries --------------------------------------------------------------------------------

    def pilot(self, pilot_id: UUID, *, version: int | None = None) -> Pilot:
        if version is not None and version < 1:
            raise InvalidEntry("version", "must be 1 or more")
        try:
            pilot: Pilot = self.repository.get(pilot_id, version=version)
        except AggregateNotFoundError:
            raise NotFound("no such pilot") from None
        if version is not None and pilot.version < version:
            raise NotFound(f"the pilot has no version {version} yet")
        return pilot

    def pilot_as_of(self, pilot_id: UUID, at: datetime) -> Pilot:
        """The pilot as it stood at a moment: every event up to and including `at`."""
        if at.tzinfo is None:
            raise InvalidEntry("at", "needs a time zone, for example 2026-05-01T09:00:00Z")
        version = 0
        for domain_event in cast("Iterator[Event]", self.events.get(pilot_id)):
            if domain_event.timestamp > at:
                break
            version = domain_event.originator_version
        if version == 0:
            self.pilot(pilot_id)
            raise NotFound("the pilot had not been registered by then")
        return self.pilot(pilot_id, version=version)

    def history(self, pilot_id: UUID) -> list[Event]:
        found = cast("list[Event]", list(self.events.get(pilot_id)))
        if not found:
            raise NotFound("no such pilot")
        return found

    # -- commands -------------------------------------------------------------------------------

    def execute(
        self,
        command: Command,
        actor: UUID,
        *,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        """Runs a command for `actor`: registers a pilot, or gets the pilot, runs the command
        on it and saves it in one transaction, again on a conflict (unless `expected_version`
        pins the version the sender saw). `submission` names the sender's submission: a
        submission already recorded is answered from the log and recorded nothing new."""
        by = By(actor, _submission(submission, actor))
        if isinstance(command, RegisterPilot):
            return self._register(command, by)
        if not isinstance(command, PilotCommand):
            raise TypeError(f"{type(command).__name__} is not a command to a pilot")
        return self._change(command, by, expected_version)

    def _register(self, command: RegisterPilot, by: By) -> Receipt:
        pilot = Pilot.register(command, by)
        try:
            recordings = self.save(pilot)
        except IntegrityError:
            return self._replayed(self.pilot(pilot.id), by.submission)
        return _receipt(pilot, recordings)

    # -- the unit of work -----------------------------------------------------------------------

    def _change(self, command: PilotCommand, by: By, expected_version: int | None) -> Receipt:
        for attempt in range(MAX_ATTEMPTS):
            pilot = self.pilot(command.pilot_id)
            if by.submission in pilot.submissions:
                return self._replayed(pilot, by.submission)
            if expected_version is not None and pilot.version != expected_version:
                raise VersionMismatch(expected_version, pilot.version)
            pilot.execute(command, by)
            try:
                recordings = self.save(pilot)
            except IntegrityError:
                # Either someone else saved first, or our own commit landed and only its
                # acknowledgement was lost. The next pass tells them apart by the submission.
                ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
                time.sleep(random.uniform(0, ceiling))  # noqa: S311
                continue
            return _receipt(pilot, recordings)
        raise RuleViolated("the pilot is busy with other writers; try again in a moment")

    def _replayed(self, pilot: Pilot, submission: str) -> Receipt:
        since = max(0, pilot.version - SUBMISSIONS_KEPT)
        return Receipt(pilot, _events_of(self, pilot.id, submission, since), None, replayed=True)


def submitted(pilot: Pilot, actor: UUID, submission: str) -> bool:
    """Whether this sender's submission is among the pilot's recent ones, so that a command
    need not even be built to know it would record nothing."""
    return _submission(submission, actor) in pilot.submissions


def _submission(submission: str | None, actor: UUID) -> str:
    """A client's key is scoped to its sender, so two people who happen to choose the same key
    never see each other's entries replayed, and an outsider replaying a key is refused."""
    if submission is None:
        return uuid4().hex
    cleaned = submission.strip()
    if not 1 <= len(cleaned) <= 200:
        raise InvalidEntry("submission", "must be 1 to 200 characters")
    return f"{actor.hex}/{cleaned}"


def _events_of(app: Pilots, pilot_id: UUID, submission: str, after: int) -> tuple[Any, ...]:
    stored = cast("Iterator[Event]", app.events.get(pilot_id, gt=after))
    return tuple(e for e in stored if e.submission == submission)


def _receipt(pilot: Pilot, recordings: Sequence[Recording[UUID]]) -> Receipt:
    events = tuple(r.domain_event for r in recordings)
    position = recordings[-1].notification.id if recordings else None
    return Receipt(pilot, events, position)  # type: ignore[arg-type]
