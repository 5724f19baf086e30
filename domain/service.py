"""The application service: one method per command, each a get, a call and one `save`.

Writers to one pilot race; a conflict means someone else saved first, so the command is run
again on the fresh pilot (its rules checked again) unless the caller pinned a version. Every
command carries a submission id. A submission already in the pilot's log is not recorded again,
which makes form resubmissions, `Idempotency-Key` repeats and retries after a lost
acknowledgement all record exactly once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Recording

from domain.errors import InvalidEntry, NotFound, RuleViolated, VersionMismatch
from domain.pilot import SUBMISSIONS_KEPT, Pilot, derived_id
from domain.values import (
    AskedQuestion,
    CommittedAction,
    Decision,
    Outcome,
    Prediction,
    QuestionStatus,
    ReflectionKind,
    Result,
    Role,
)

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
    events: tuple[Pilot.Event, ...]
    position: int | None
    replayed: bool = False


Command = Callable[[Pilot, str], object]


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
        for domain_event in cast("Iterator[Pilot.Event]", self.events.get(pilot_id)):
            if domain_event.timestamp > at:
                break
            version = domain_event.originator_version
        if version == 0:
            self.pilot(pilot_id)
            raise NotFound("the pilot had not been registered by then")
        return self.pilot(pilot_id, version=version)

    def history(self, pilot_id: UUID) -> list[Pilot.Event]:
        events = cast("list[Pilot.Event]", list(self.events.get(pilot_id)))
        if not events:
            raise NotFound("no such pilot")
        return events

    # -- commands -------------------------------------------------------------------------------

    def register_pilot(
        self,
        *,
        lead: UUID,
        title: str,
        question: str,
        idea: str,
        origin: str = "",
        themes: Sequence[str] = (),
        submission: str | None = None,
    ) -> Receipt:
        submission = _submission(submission, lead)
        pilot = Pilot.register(
            title=title,
            question=question,
            idea=idea,
            lead=lead,
            origin=origin,
            themes=themes,
            submission=submission,
        )
        try:
            recordings = self.save(pilot)
        except IntegrityError:
            return self._replayed(self.pilot(pilot.id), submission)
        return _receipt(pilot, recordings)

    def revise_idea(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        idea: str,
        rationale: str,
        prompted_by: str = "",
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.revise_idea(
                idea, rationale, prompted_by=prompted_by, actor=actor, submission=s
            ),
            expected_version,
            submission,
        )

    def assign_role(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        user: UUID,
        role: Role | str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.assign_role(user, role, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def remove_member(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        user: UUID,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.remove_member(user, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def plan_cycle(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        objective: str,
        predictions: Sequence[Prediction],
        plan: str = "",
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.plan_cycle(objective, predictions, plan=plan, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def revise_predictions(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        predictions: Sequence[Prediction],
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.revise_predictions(number, predictions, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def start_cycle(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.start_cycle(number, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def record_do(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        what_happened: str,
        as_planned: bool = True,
        deviations: str = "",
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.record_do(
                number,
                what_happened,
                as_planned=as_planned,
                deviations=deviations,
                actor=actor,
                submission=s,
            ),
            expected_version,
            submission,
        )

    def record_study(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        results: Sequence[Result],
        learning: str,
        surprises: str = "",
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.record_study(
                number, results, learning, surprises=surprises, actor=actor, submission=s
            ),
            expected_version,
            submission,
        )

    def decide(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        decision: Decision | str,
        rationale: str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.decide(number, decision, rationale, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def record_reflection(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        kind: ReflectionKind | str,
        text: str,
        cycle: int | None = None,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.record_reflection(
                derived_id(s, "reflection"), kind, text, cycle=cycle, actor=actor, submission=s
            ),
            expected_version,
            submission,
        )

    def record_question_set(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        held_on: date,
        questions: Sequence[str],
        facilitator: UUID | None = None,
        issue_holder: UUID | None = None,
        actions: Sequence[tuple[str, UUID | None]] = (),
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        def command(pilot: Pilot, s: str) -> None:
            asked = [
                AskedQuestion(derived_id(s, f"question/{i}"), text, None, False)
                for i, text in enumerate(questions)
            ]
            committed = [
                CommittedAction(derived_id(s, f"action/{i}"), text, owner)
                for i, (text, owner) in enumerate(actions)
            ]
            pilot.record_question_set(
                derived_id(s, "question-set"),
                held_on,
                asked,
                actor=actor,
                submission=s,
                facilitator=facilitator,
                issue_holder=issue_holder,
                actions=committed,
            )

        return self._change(pilot_id, actor, command, expected_version, submission)

    def add_insight(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        question_id: UUID,
        text: str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.add_insight(
                question_id, derived_id(s, "insight"), text, actor=actor, submission=s
            ),
            expected_version,
            submission,
        )

    def set_question_status(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        question_id: UUID,
        status: QuestionStatus | str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.set_question_status(question_id, status, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def report_action(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        action_id: UUID,
        report: str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.report_action(action_id, report, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def pause(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        reason: str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.pause(reason, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def resume(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.resume(actor=actor, submission=s),
            expected_version,
            submission,
        )

    def conclude(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        outcome: Outcome | str,
        summary: str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.conclude(outcome, summary, actor=actor, submission=s),
            expected_version,
            submission,
        )

    def correct(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        entry: str,
        text: str,
        reason: str,
        expected_version: int | None = None,
        submission: str | None = None,
    ) -> Receipt:
        return self._change(
            pilot_id,
            actor,
            lambda p, s: p.correct(entry, text, reason, actor=actor, submission=s),
            expected_version,
            submission,
        )

    # -- the unit of work -----------------------------------------------------------------------

    def _change(
        self,
        pilot_id: UUID,
        actor: UUID,
        command: Command,
        expected_version: int | None,
        submission: str | None,
    ) -> Receipt:
        submission = _submission(submission, actor)
        for attempt in range(MAX_ATTEMPTS):
            pilot = self.pilot(pilot_id)
            if submission in pilot.submissions:
                return self._replayed(pilot, submission)
            if expected_version is not None and pilot.version != expected_version:
                raise VersionMismatch(expected_version, pilot.version)
            command(pilot, submission)
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
    stored = cast("Iterator[Pilot.Event]", app.events.get(pilot_id, gt=after))
    return tuple(e for e in stored if e.submission == submission)


def _receipt(pilot: Pilot, recordings: Sequence[Recording[UUID]]) -> Receipt:
    events = tuple(r.domain_event for r in recordings)
    position = recordings[-1].notification.id if recordings else None
    return Receipt(pilot, events, position)  # type: ignore[arg-type]
