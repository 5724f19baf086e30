"""The one mapping from the domain's `Pilot` to what the API answers (domain objects never
leave as JSON), and the answers to writes that return the pilot."""

from __future__ import annotations

from litestar import Response

from domain.pilot import Pilot
from domain.service import Receipt
from web.corrections.schemas import correction_read
from web.cycles.schemas import cycle_read
from web.people import People
from web.pilots.schemas import PilotRead, TeamMemberRead
from web.question_sets.schemas import set_read
from web.reflections.schemas import reflection_read
from web.writes import Reply

API_PILOTS = "/api/v1/pilots"


def pilot_read(pilot: Pilot, people: People) -> PilotRead:
    return PilotRead(
        id=pilot.id,
        version=pilot.version,
        title=pilot.title,
        question=pilot.question,
        idea=pilot.idea,
        origin=pilot.origin,
        themes=list(pilot.themes),
        status=pilot.status.value,
        outcome=None if pilot.outcome is None else pilot.outcome.value,
        summary=pilot.summary,
        pause_reason=pilot.pause_reason,
        team=[TeamMemberRead(user, role.value) for user, role in pilot.team.items()],
        cycles=[cycle_read(pilot.cycles[n]) for n in sorted(pilot.cycles)],
        reflections=[reflection_read(r) for r in pilot.reflections.values()],
        question_sets=[set_read(pilot, s, people) for s in pilot.question_sets.values()],
        corrections=[correction_read(c) for c in pilot.corrections],
    )


def pilot_response(read: PilotRead) -> Response[PilotRead]:
    """A pilot read: every pilot response carries its version as the ETag."""
    return Response(read, headers={"ETag": f'"{read.version}"'})


def the_pilot(receipt: Receipt, people: People) -> Reply:
    return Reply(200, pilot_read(receipt.pilot, people), receipt.pilot.version)


def new_pilot(receipt: Receipt, people: People) -> Reply:
    pilot = receipt.pilot
    return Reply(201, pilot_read(pilot, people), pilot.version, f"{API_PILOTS}/{pilot.id}")
