"""The application service: every command takes one path, a get, a call and one `save`.

Pilots, stories and workshops are each a stream of their own in this one application, so the
read models see one log. Writers to one record race; a conflict means someone else saved first,
so the command is run again on the fresh record (its rules checked again) unless the caller
pinned a version. Every command carries a submission id. A submission already in the record's
log is not recorded again, which makes form resubmissions, `Idempotency-Key` repeats and retries
after a lost acknowledgement all record exactly once. Links from one record to another are
checked once the command has passed its own record's rules, before the save
(`domain.origins.links`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Recording

from domain.errors import DomainError, InvalidEntry, NotFound, RuleViolated, VersionMismatch
from domain.kept import Kept, replay
from domain.origins import Story, Workshop, links
from domain.origins.access import standing
from domain.origins.commands import (
    CreateWorkshop,
    OriginCommand,
    RecordStory,
    StoryCommand,
    WorkshopCommand,
)
from domain.origins.locator import Locator
from domain.pilot import SUBMISSIONS_KEPT, By, Pilot
from domain.pilot.commands import Command, PilotCommand, RegisterPilot
from domain.pilot.events import Event, Registered
from domain.records import Recorded
from domain.values import AccountRole

Record = Pilot | Story | Workshop
R = TypeVar("R", Pilot, Story, Workshop)

# Conflicts are retried with exponential backoff and full jitter, so writers that collided
# spread out instead of colliding again; the cap keeps one request's total wait to seconds.
MAX_ATTEMPTS = 40
BACKOFF_BASE_SECONDS = 0.002
BACKOFF_CAP_SECONDS = 0.1


@dataclass(frozen=True)
class Receipt:
    """What a command did: the record after it (a pilot, a story or a workshop), the events of
    the submission, and the log position of the last one (for reading one's own writes).
    `replayed` is true when the submission had been recorded before, and nothing new was
    written."""

    record: Record
    events: tuple[Recorded, ...]
    position: int | None
    replayed: bool = False

    @property
    def pilot(self) -> Pilot:
        return _of(Pilot, self.record)

    @property
    def story(self) -> Story:
        return _of(Story, self.record)

    @property
    def workshop(self) -> Workshop:
        return _of(Workshop, self.record)


class Pilots(Application[UUID]):
    name = "Pilots"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Pilot: 100, Workshop: 100}

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env=env)
        self.locator = Locator()
        self.kept = Kept()

    # -- queries --------------------------------------------------------------------------------

    def pilot(self, pilot_id: UUID, *, version: int | None = None) -> Pilot:
        return self._get(Pilot, "pilot", pilot_id, version)

    def story(self, story_id: UUID, *, version: int | None = None) -> Story:
        """The story, whoever asks: `domain.origins.may_read_story` says who may read it."""
        return self._get(Story, "story", story_id, version)

    def workshop(self, workshop_id: UUID, *, version: int | None = None) -> Workshop:
        return self._get(Workshop, "workshop", workshop_id, version)

    def workshop_holding(self, output_id: UUID) -> Workshop | None:
        """The workshop that holds the idea or framing question with this id, if one does."""
        workshop_id = self.locator.workshop_of(self, output_id)
        return None if workshop_id is None else self.workshop(workshop_id)

    def _get(
        self, kind: type[R], word: str, record_id: UUID, version: int | None, *, own: bool = False
    ) -> R:
        """The record at `version`, or its latest: the one kept from the last read while the
        store holds nothing newer (`domain.kept`), or a copy of it when the caller will change
        it (`own`)."""
        if version is not None and version < 1:
            raise InvalidEntry("version", "must be 1 or more")
        try:
            if version is None:
                found: object = (self.kept.own if own else self.kept.latest)(self, record_id)
            else:
                found = self.repository.get(record_id, version=version, projector_func=replay)
        except AggregateNotFoundError:
            raise NotFound(f"no such {word}") from None
        if not isinstance(found, kind):
            raise NotFound(f"no such {word}")
        if version is not None and found.version < version:
            raise NotFound(f"the {word} has no version {version} yet")
        return found

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
        if not found or not isinstance(found[0], Registered):
            raise NotFound("no such pilot")
        return found

    def record_history(self, record_id: UUID) -> list[Recorded]:
        """Every event of a pilot, story or workshop, oldest first. A story's words are in
        them: whoever shows them checks `may_read_story` first."""
        found = cast("list[Recorded]", list(self.events.get(record_id)))
        if not found:
            raise NotFound("no such record")
        return found

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Saves as the library does, and drops what it saved from the records kept for readers,
        whether or not the save succeeds: whoever saves a record may go on changing it, so
        only the unit of work below, which never does, keeps what it saved (`_saved`)."""
        try:
            return super().save(*objs, **kwargs)
        finally:
            for record in objs:
                if isinstance(record, Pilot | Story | Workshop):
                    self.kept.drop(record.id)

    # -- commands -------------------------------------------------------------------------------

    def execute(
        self,
        command: Command,
        actor: UUID,
        *,
        expected_version: int | None = None,
        submission: str | None = None,
        role: AccountRole | str | None = None,
    ) -> Receipt:
        """Runs a command for `actor`: makes a pilot, story or workshop, or gets the record
        the command names, runs the command on it and saves it in one transaction, again on a
        conflict (unless `expected_version` pins the version the sender saw). `submission`
        names the sender's submission: a submission already recorded is answered from the log
        and recorded nothing new. `role` is the sender's role across the programme (the
        account's), which the rules of stories and workshops look at; none means no standing."""
        by = By(actor, _submission(submission, actor), _role(role))
        if isinstance(command, RegisterPilot):
            return self._create(Pilot, lambda: Pilot.register(command, by), command, by)
        if isinstance(command, RecordStory):
            return self._create(Story, lambda: Story.new(command, by), command, by)
        if isinstance(command, CreateWorkshop):
            return self._create(Workshop, lambda: Workshop.new(command, by), command, by)
        if isinstance(command, PilotCommand):
            return self._change(Pilot, "pilot", command.pilot_id, command, by, expected_version)
        if isinstance(command, StoryCommand):
            return self._change(Story, "story", command.story_id, command, by, expected_version)
        if isinstance(command, WorkshopCommand):
            workshop_id = command.workshop_id
            return self._change(Workshop, "workshop", workshop_id, command, by, expected_version)
        kind = "an origin" if isinstance(command, OriginCommand) else "a"
        raise TypeError(f"{type(command).__name__} is not {kind} command this service runs")

    # -- the unit of work -----------------------------------------------------------------------

    def _create(self, kind: type[R], make: Callable[[], R], command: Command, by: By) -> Receipt:
        """A new record, whose id the submission derives: a repeat of the submission finds it,
        even when the rules would now refuse the command (the links it names have moved on)."""
        try:
            record = make()
            links.check(command, record, self, by)
        except DomainError:
            earlier = self._earlier(kind, by)
            if earlier is None:
                raise
            return self._replayed(earlier, by.submission)
        try:
            recordings = self._saved(record)
        except IntegrityError:
            return self._replayed(self._get(kind, "record", record.id, None), by.submission)
        return _receipt(record, recordings)

    def _earlier(self, kind: type[R], by: By) -> R | None:
        try:
            return self._get(kind, "record", kind.id_for(by.submission), None)
        except NotFound:
            return None

    def _change(
        self, kind: type[R], word: str, record_id: UUID, command: Any, by: By,
        expected_version: int | None,
    ) -> Receipt:  # fmt: skip
        for attempt in range(MAX_ATTEMPTS):
            record = self._get(kind, word, record_id, None, own=True)
            if by.submission in record.submissions:
                return self._replayed(record, by.submission)
            if expected_version is not None and record.version != expected_version:
                raise VersionMismatch(expected_version, record.version)
            record.execute(command, by)
            links.check(command, record, self, by)
            try:
                recordings = self._saved(record)
            except IntegrityError:
                # Either someone else saved first, or our own commit landed and only its
                # acknowledgement was lost. The next pass tells them apart by the submission.
                ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
                time.sleep(random.uniform(0, ceiling))  # noqa: S311
                continue
            return _receipt(record, recordings)
        raise RuleViolated("the record is busy with other writers; try again in a moment")

    def _saved(self, record: Record) -> list[Recording[UUID]]:
        """Saves a command's record, then keeps it for readers in place of the one the command
        copied: it is what loading it afresh would give, and nothing changes it after."""
        recordings = self.save(record)
        self.kept.put(record)
        return recordings

    def _replayed(self, record: Record, submission: str) -> Receipt:
        since = max(0, record.version - SUBMISSIONS_KEPT)
        found = _events_of(self, record.id, submission, since)
        return Receipt(record, found, None, replayed=True)


def submitted(record: Record, actor: UUID, submission: str) -> bool:
    """Whether this sender's submission is among the record's recent ones, so that a command
    need not even be built to know it would record nothing."""
    return _submission(submission, actor) in record.submissions


def _role(role: AccountRole | str | None) -> AccountRole | None:
    known = standing(role)
    if known is None and role is not None:
        raise InvalidEntry("role", f"must be one of {', '.join(AccountRole)}")
    return known


def _of(kind: type[R], record: Record) -> R:
    if not isinstance(record, kind):
        raise TypeError(f"the receipt is for a {type(record).__name__}, not a {kind.__name__}")
    return record


def _submission(submission: str | None, actor: UUID) -> str:
    """A client's key is scoped to its sender, so two people who happen to choose the same key
    never see each other's entries replayed, and an outsider replaying a key is refused."""
    if submission is None:
        return uuid4().hex
    cleaned = submission.strip()
    if not 1 <= len(cleaned) <= 200:
        raise InvalidEntry("submission", "must be 1 to 200 characters")
    return f"{actor.hex}/{cleaned}"


def _events_of(app: Pilots, record_id: UUID, submission: str, after: int) -> tuple[Any, ...]:
    stored = cast("Iterator[Recorded]", app.events.get(record_id, gt=after))
    return tuple(e for e in stored if e.submission == submission)


def _receipt(record: Record, recordings: Sequence[Recording[UUID]]) -> Receipt:
    events = tuple(r.domain_event for r in recordings)
    position = recordings[-1].notification.id if recordings else None
    return Receipt(record, events, position)  # type: ignore[arg-type]
