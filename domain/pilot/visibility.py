"""Who may read what. Reflections and set meetings have a visibility: `private` (their author
alone), `team` (the pilot's lead, members and facilitators) or `community` (every signed-in
account). The pilot's own record (its framing, idea, cycles and decisions) is `community`.

A reader is a person, known by their account, or an audience that no one person is: the
`community`, or the `team` (what a report for a pilot's team may hold: never anyone's private
entries, not even the reader's own). Admins get no more than anyone else.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from domain.consent import entry_key
from domain.pilot import events
from domain.values import Visibility

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot

T = TypeVar("T")

# The events after which someone may read less, or more, of what was written before them: a
# narrowing or widening, a withdrawal, someone leaving a team. Whatever was kept for a reader
# from before one of them (a read model behind the log, a kept report) may be stale.
JUDGED_ANEW: tuple[type[events.Event], ...] = (
    events.ReflectionVisibilityChanged,
    events.QuestionSetVisibilityChanged,
    events.ReflectionWithdrawn,
    events.MemberRemoved,
)


@dataclass(frozen=True)
class Reader:
    account: UUID | None = None
    as_team: bool = False

    @classmethod
    def person(cls, account: UUID) -> Reader:
        return cls(account)

    @classmethod
    def community(cls) -> Reader:
        return cls()

    @classmethod
    def team(cls) -> Reader:
        return cls(as_team=True)

    @property
    def audience(self) -> str:
        """The word a report's stamp names its audience by."""
        return "team" if self.as_team else "community"

    def may_read(self, visibility: Visibility, author: UUID | None, team: Collection[UUID]) -> bool:
        """An author always reads what they wrote, also after leaving the team, so they can
        still take it back."""
        if visibility == Visibility.COMMUNITY or (self.account and self.account == author):
            return True
        return visibility == Visibility.TEAM and (
            self.as_team or (self.account is not None and self.account in team)
        )


def audience_for(pilot: Pilot, account: UUID) -> Reader:
    """What a report for this person may hold: the team's report if they are on the pilot's
    team, the community's otherwise. Never a person: reports hold no private entries."""
    return Reader.team() if account in pilot.team else Reader.community()


@dataclass(frozen=True)
class Seen:
    """A pilot as one reader may see it, and how many of its entries they cannot see."""

    pilot: Pilot
    hidden: int


def seen_by(pilot: Pilot, reader: Reader, latest: Pilot | None = None) -> Seen:
    """`pilot` without the entries `reader` may not read. Who may read an entry is decided by
    the `latest` state of the pilot (the pilot itself by default), so an earlier version never
    shows what has since been narrowed.

    The answer is a shallow copy with fresh collections of entries: `pilot` itself is left as
    it was, while the entries are shared, since nothing that reads what a reader sees changes
    them (copying every entry deeply took most of the time of reading a pilot)."""
    now = pilot if latest is None else latest

    def readable(kind: str, entry: UUID) -> bool:
        found = (now.reflections if kind == "reflection" else now.question_sets).get(entry)
        if found is None:  # not yet recorded at `latest`: judged as it stands in `pilot`
            found = (pilot.reflections if kind == "reflection" else pilot.question_sets)[entry]
        return reader.may_read(found.visibility, found.author, now.team)

    hidden_reflections = {r for r in pilot.reflections if not readable("reflection", r)}
    hidden_sets = {s for s in pilot.question_sets if not readable("question-set", s)}
    hidden_questions = {q for s in hidden_sets for q in pilot.question_sets[s].question_ids}
    hidden_insights = {str(i.id) for q in hidden_questions for i in pilot.questions[q].insights}
    seen = copy.copy(pilot)
    seen.reflections = _without(pilot.reflections, hidden_reflections)
    seen.question_sets = _without(pilot.question_sets, hidden_sets)
    seen.questions = _without(pilot.questions, hidden_questions)
    seen.corrections = [
        c for c in pilot.corrections
        if entry_key(c.entry) not in hidden_reflections
        and c.entry.partition(":")[2] not in hidden_insights
    ]  # fmt: skip
    return Seen(seen, len(hidden_reflections) + len(hidden_sets))


def _without(entries: dict[UUID, T], hidden: Collection[UUID]) -> dict[UUID, T]:
    return {key: entry for key, entry in entries.items() if key not in hidden}


def events_seen_by(
    stored: Sequence[events.Event], reader: Reader, latest: Pilot
) -> list[events.Event]:
    """The events `reader` may read: none about an entry they may not (recording it, its
    insights, statuses, reports back, corrections, sharing and withdrawal)."""
    found = []
    for event in stored:
        about = entry_of(event, latest)
        if about is None or _may_read(latest, reader, *about):
            found.append(event)
    return found


def _may_read(pilot: Pilot, reader: Reader, kind: str, entry: UUID) -> bool:
    found = (pilot.reflections if kind == "reflection" else pilot.question_sets).get(entry)
    return found is not None and reader.may_read(found.visibility, found.author, pilot.team)


@singledispatch
def entry_of(event: events.Event, pilot: Pilot) -> tuple[str, UUID] | None:
    """The reflection or set meeting an event is about, as `pilot` knows it; None for the
    pilot's own record, which everyone reads."""
    return None


@entry_of.register(events.ReflectionRecorded)
@entry_of.register(events.ReflectionVisibilityChanged)
@entry_of.register(events.ReflectionWithdrawn)
def _(event: events.ReflectionRecorded | events.ReflectionVisibilityChanged
      | events.ReflectionWithdrawn, pilot: Pilot) -> tuple[str, UUID]:  # fmt: skip
    return ("reflection", event.reflection_id)


@entry_of.register(events.QuestionSetRecorded)
@entry_of.register(events.QuestionSetVisibilityChanged)
def _(event: events.QuestionSetRecorded | events.QuestionSetVisibilityChanged,
      pilot: Pilot) -> tuple[str, UUID]:  # fmt: skip
    return ("question-set", event.set_id)


@entry_of.register(events.InsightAdded)
@entry_of.register(events.QuestionStatusChanged)
def _(event: events.InsightAdded | events.QuestionStatusChanged, pilot: Pilot) -> tuple[str, UUID]:
    return ("question-set", pilot.questions[event.question_id].set_id)


@entry_of.register(events.ActionReported)
def _(event: events.ActionReported, pilot: Pilot) -> tuple[str, UUID]:
    meeting = next(s for s in pilot.question_sets.values()
                   if any(a.id == event.action_id for a in s.actions))  # fmt: skip
    return ("question-set", meeting.id)


@entry_of.register(events.EntryCorrected)
def _(event: events.EntryCorrected, pilot: Pilot) -> tuple[str, UUID] | None:
    kind, _, rest = event.entry.partition(":")
    if kind == "reflection":
        return ("reflection", UUID(rest))
    if kind == "insight":
        insight = UUID(rest)
        question = next(q for q in pilot.questions.values()
                        if any(i.id == insight for i in q.insights))  # fmt: skip
        return ("question-set", question.set_id)
    return None
