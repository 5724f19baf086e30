"""The one mapping from the domain's `Pilot` to what the API answers (domain objects never
leave as JSON), and the answers to writes that return the pilot."""

from __future__ import annotations

from litestar import Response

from domain.pilot import Pilot
from domain.pilot.visibility import seen_by
from domain.service import Receipt
from projections.reads import struct_from
from web.corrections.schemas import correction_read
from web.cycles.schemas import cycle_read
from web.measures.schemas import measure_item
from web.people import Viewer
from web.pilots.schemas import PilotRead, TeamMemberRead
from web.question_sets.schemas import set_read
from web.reflections.schemas import reflection_read
from web.writes import Reply

API_PILOTS = "/api/v1/pilots"


def pilot_read(pilot: Pilot, viewer: Viewer, latest: Pilot | None = None) -> PilotRead:
    """The pilot as the viewer may see it; who may read an entry is decided by the `latest`
    state (the pilot itself by default), so an earlier version shows nothing since narrowed.
    The fields not computed here are the pilot's own."""
    seen = seen_by(pilot, viewer.reader, latest)
    pilot, people = seen.pilot, viewer.people
    return struct_from(
        PilotRead,
        pilot,
        themes=list(pilot.themes),
        status=pilot.status.value,
        outcome=None if pilot.outcome is None else pilot.outcome.value,
        team=[TeamMemberRead(user, role.value) for user, role in pilot.team.items()],
        cycles=[cycle_read(pilot.cycles[n]) for n in sorted(pilot.cycles)],
        reflections=[reflection_read(r) for r in pilot.reflections.values()],
        question_sets=[set_read(pilot, s, people) for s in pilot.question_sets.values()],
        corrections=[correction_read(c) for c in pilot.corrections],
        measures=[measure_item(m) for m in pilot.measures.values()],
        hidden=seen.hidden,
    )


def pilot_response(read: PilotRead) -> Response[PilotRead]:
    """A pilot read: every pilot response carries its version as the ETag."""
    return Response(read, headers={"ETag": f'"{read.version}"'})


def the_pilot(receipt: Receipt, viewer: Viewer) -> Reply:
    return Reply(pilot_read(receipt.pilot, viewer))


def new_pilot(receipt: Receipt, viewer: Viewer) -> Reply:
    pilot = receipt.pilot
    return Reply(pilot_read(pilot, viewer), f"{API_PILOTS}/{pilot.id}")
