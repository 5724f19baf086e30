"""One pilot's row of the pilot index, folded from its events in memory.

The pilot index applies a batch by loading the rows of the pilots it touches, folding every
event into them here, and writing each row back once: a pilot with forty events in a batch
costs one upsert, not forty updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import singledispatch

from domain.pilot import QUESTION_MOVES, Pilot
from domain.values import PilotStatus, QuestionStatus, Role

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Settled questions; every other status is still being worked on in the set.
SETTLED = frozenset({QuestionStatus.ANSWERED.value, QuestionStatus.CLOSED.value})
if any(QUESTION_MOVES[QuestionStatus(status)] for status in SETTLED):
    # The index keeps no row per question because no rule lets a settled question move on.
    raise ImportError("a settled question may change status now: the pilot index must track them")


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

    def fold(self, event: Pilot.Event) -> None:
        self.last_activity, self.version = event.timestamp, event.originator_version
        _apply(event, self)


# A plain `singledispatch` on the event: a dispatch-table lookup per event, where a
# `singledispatchmethod` would also build a bound wrapper for every call (a rebuild folds
# millions of events).
@singledispatch
def _apply(event: Pilot.Event, draft: Draft) -> None:
    """Events that change nothing the index shows."""


@_apply.register
def _(event: Pilot.RoleAssigned, draft: Draft) -> None:
    user = str(event.user)
    member = draft.team.get(user)
    if member is None:
        draft.team[user] = Member(event.role.value, event.originator_version)
    else:
        member.role = event.role.value
    draft.team_changed = True


@_apply.register
def _(event: Pilot.MemberRemoved, draft: Draft) -> None:
    draft.team.pop(str(event.user), None)
    draft.team_changed = True


@_apply.register
def _(event: Pilot.CyclePlanned, draft: Draft) -> None:
    draft.cycles = max(draft.cycles, event.number)


@_apply.register
def _(event: Pilot.QuestionSetRecorded, draft: Draft) -> None:
    draft.open_questions += len(event.questions)  # every question is asked open


@_apply.register
def _(event: Pilot.QuestionStatusChanged, draft: Draft) -> None:
    # Only a question still being worked on changes status (see the check above), so a change
    # to a settled status settles a question that was counted as open.
    draft.open_questions -= event.status.value in SETTLED


@_apply.register
def _(_: Pilot.Paused, draft: Draft) -> None:
    draft.status = PilotStatus.PAUSED.value


@_apply.register
def _(_: Pilot.Resumed, draft: Draft) -> None:
    draft.status = PilotStatus.ACTIVE.value


@_apply.register
def _(_: Pilot.Concluded, draft: Draft) -> None:
    draft.status = PilotStatus.CONCLUDED.value


@_apply.register
def _(event: Pilot.EntryCorrected, draft: Draft) -> None:
    if event.entry == "title":
        draft.title = event.text


def registered(event: Pilot.Registered) -> Draft:
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
