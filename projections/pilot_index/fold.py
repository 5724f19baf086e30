"""How each event changes a pilot's row of the pilot index, folded over one batch in memory.

The pilot index applies a batch by loading the rows of the pilots it touches, folding every
event into them here, and writing each row back once: a pilot with forty events in a batch
costs one upsert, not forty updates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import QUESTION_MOVES, events
from domain.values import PilotStatus, QuestionStatus, Role

LOG = logging.getLogger("projections.pilot_index")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Settled questions; every other status is still being worked on in the set.
SETTLED = frozenset({QuestionStatus.ANSWERED.value, QuestionStatus.CLOSED.value})
if any(QUESTION_MOVES[QuestionStatus(status)] for status in SETTLED):
    # The index keeps no row per question because no rule lets a settled question move on.
    raise ImportError("a settled question may change status now: the pilot index must track them")


# The status each of these events leaves a pilot in.
STATUS_AFTER: dict[type[events.Event], PilotStatus] = {
    events.Paused: PilotStatus.PAUSED,
    events.Resumed: PilotStatus.ACTIVE,
    events.Concluded: PilotStatus.CONCLUDED,
}


def microseconds(at: datetime) -> int:
    """An instant as an integer that sorts the same way on both databases."""
    return (at - EPOCH) // timedelta(microseconds=1)


@dataclass
class Member:
    role: str
    joined: int  # the pilot's version when the person joined: the team's order


@dataclass
class Draft:
    """The index row of one pilot while a batch is applied."""

    pilot_id: str
    title: str
    status: str
    themes: tuple[str, ...]
    cycles: int
    open_questions: int
    last_activity: datetime
    version: int
    team: dict[str, Member]
    team_changed: bool = False
    registered: bool = False

    @property
    def lead(self) -> str | None:
        leads = [(m.joined, user) for user, m in self.team.items() if m.role == Role.LEAD.value]
        return min(leads)[1] if leads else None


class IndexFold:
    """The rows of the pilots one batch touches, each moved on by every event of its pilot."""

    def __init__(self, drafts: dict[str, Draft]) -> None:
        self.drafts = drafts
        self._strays: set[str] = set()

    def draft(self, event: events.Event, pilot: str) -> Draft | None:
        """The pilot's row, moved on to this event; None for a pilot never registered."""
        draft = self.drafts.get(pilot)
        if draft is None:
            if pilot not in self._strays:  # said once a batch
                self._strays.add(pilot)
                LOG.warning("pilot index: events of pilot %s, which was never registered", pilot)
            return None
        draft.last_activity, draft.version = event.timestamp, event.originator_version
        return draft

    @singledispatchmethod
    def event(self, event: events.Event, pilot: str) -> None:
        """Events that change nothing the index shows but the pilot's last activity."""
        self.draft(event, pilot)

    @event.register
    def _(self, event: events.Registered, pilot: str) -> None:
        self.drafts[pilot] = registered(event)

    @event.register
    def _(self, event: events.RoleAssigned, pilot: str) -> None:
        if draft := self.draft(event, pilot):
            user = str(event.user)
            member = draft.team.get(user)
            if member is None:
                draft.team[user] = Member(event.role.value, event.originator_version)
            else:
                member.role = event.role.value
            draft.team_changed = True

    @event.register
    def _(self, event: events.MemberRemoved, pilot: str) -> None:
        if draft := self.draft(event, pilot):
            draft.team.pop(str(event.user), None)
            draft.team_changed = True

    @event.register
    def _(self, event: events.CyclePlanned, pilot: str) -> None:
        if draft := self.draft(event, pilot):
            draft.cycles = max(draft.cycles, event.number)

    @event.register
    def _(self, event: events.QuestionSetRecorded, pilot: str) -> None:
        if draft := self.draft(event, pilot):
            draft.open_questions += len(event.questions)  # every question is asked open

    @event.register
    def _(self, event: events.QuestionStatusChanged, pilot: str) -> None:
        # Only a question still being worked on changes status (see the check above), so a
        # change to a settled status settles a question that was counted as open.
        if draft := self.draft(event, pilot):
            draft.open_questions -= event.status.value in SETTLED

    @event.register
    def _(self, event: events.Paused | events.Resumed | events.Concluded, pilot: str) -> None:
        if draft := self.draft(event, pilot):
            draft.status = STATUS_AFTER[type(event)].value

    @event.register
    def _(self, event: events.EntryCorrected, pilot: str) -> None:
        # Only withdrawable text reads as None, and a title is not.
        if (draft := self.draft(event, pilot)) and event.entry == "title" and event.text:
            draft.title = event.text


def registered(event: events.Registered) -> Draft:
    """The first row of a pilot."""
    actor = str(event.actor)
    return Draft(
        pilot_id=str(event.originator_id),
        title=event.title,
        status=PilotStatus.ACTIVE.value,
        themes=tuple(event.themes),
        cycles=0,
        open_questions=0,
        last_activity=event.timestamp,
        version=event.originator_version,
        team={actor: Member(Role.LEAD.value, event.originator_version)},
        team_changed=True,
        registered=True,
    )
