"""The list of pilots, folded from the whole event log on every call.

This loads every pilot, so nothing on a request path uses it: pages and the API read the pilot
index (`projections.pilot_index.queries.pilots_for`). It stays as the plain statement of what the
index must equal, which the tests compare the index against.
"""

from __future__ import annotations

from uuid import UUID

from domain import rules
from domain.pilot import Pilot, events
from domain.service import Pilots
from domain.values import PilotStatus, Role
from projections.pilot_index.fold import SETTLED
from projections.pilot_index.queries import PilotSummary

__all__ = ["PilotSummary", "list_pilots", "registered_ids", "summary"]

PAGE = 500
REGISTERED = events.Registered.TOPIC


def list_pilots(
    pilots: Pilots, *, status: str | None = None, theme: str | None = None
) -> list[PilotSummary]:
    """Every pilot, newest activity first; `status` and `theme` narrow the list.

    Raises InvalidEntry for a status that is not active, paused or concluded."""
    wanted = None if status is None else rules.choice("status", status, PilotStatus)
    tag = None if theme is None else " ".join(theme.split()).lower()
    found = []
    for pilot_id in registered_ids(pilots):
        pilot = pilots.pilot(pilot_id)
        if wanted is not None and pilot.status != wanted:
            continue
        if tag is not None and tag not in pilot.themes:
            continue
        found.append(summary(pilot))
    return sorted(found, key=lambda s: (s.last_activity, s.id), reverse=True)


def registered_ids(pilots: Pilots) -> list[UUID]:
    """The id of every registered pilot, in the order they were registered."""
    ids: list[UUID] = []
    start = 1
    while True:
        page = pilots.recorder.select_notifications(start, PAGE, topics=[REGISTERED])
        ids.extend(UUID(str(n.originator_id)) for n in page)
        if len(page) < PAGE:
            return ids
        start = page[-1].id + 1


def summary(pilot: Pilot) -> PilotSummary:
    leads = [user for user, role in pilot.team.items() if role == Role.LEAD]
    return PilotSummary(
        id=pilot.id,
        title=pilot.title,
        status=pilot.status.value,
        themes=tuple(pilot.themes),
        cycles=len(pilot.cycles),
        last_activity=pilot.modified_on,
        lead=leads[0] if leads else None,
        team={user: role.value for user, role in pilot.team.items()},
        open_questions=sum(q.status not in SETTLED for q in pilot.questions.values()),
    )
