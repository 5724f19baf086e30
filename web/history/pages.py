"""How a pilot came to be as it is: its timeline, how its idea evolved, and two of its
versions side by side."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from domain.errors import DomainError
from domain.pilot.visibility import Reader, seen_by
from projections.audit.compare import compare
from projections.audit.ideas import idea_history
from projections.timeline.queries import timeline
from web.pages import PAGE, PageRequest, projector_of, services_of
from web.people import People


@get("/pilots/{pilot_id:uuid}/timeline", **PAGE)
def timeline_page(request: PageRequest, pilot_id: FromPath[UUID]) -> Template:
    """Every entry of the pilot in order, as a sentence, with who made it, when, and the
    version it made, which links to the pilot as it stood then."""
    services = services_of(request)
    pilot = services.pilots.pilot(pilot_id)
    people = People(services.accounts)
    with projector_of(request).reader() as sql:  # caught up first: it shows the pilot above
        entries = timeline(sql, pilot_id, people.name, reader=Reader.person(request.user.id))
    context = {"user": request.user, "pilot": pilot, "entries": entries, "name": people.name}
    return Template("timeline.html.j2", context=context)


@get("/pilots/{pilot_id:uuid}/ideas", **PAGE)
def ideas_page(request: PageRequest, pilot_id: FromPath[UUID]) -> Template:
    """Every version of the idea, oldest first, with its diff, rationale, author and time."""
    services = services_of(request)
    pilot = services.pilots.pilot(pilot_id)
    people = People(services.accounts)
    versions = idea_history(services.pilots.history(pilot_id))
    context = {"user": request.user, "pilot": pilot, "versions": versions, "name": people.name}
    return Template("ideas.html.j2", context=context)


@get("/pilots/{pilot_id:uuid}/compare", **PAGE)
def compare_page(
    request: PageRequest,
    pilot_id: FromPath[UUID],
    from_version: Annotated[int | None, QueryParameter(name="from")] = None,
    to_version: Annotated[int | None, QueryParameter(name="to")] = None,
) -> Template:
    """Pick two versions; see every part of the pilot that changed between them."""
    pilots = services_of(request).pilots
    now = pilots.pilot(pilot_id)
    context: dict[str, object] = {
        "user": request.user, "pilot": now, "from_version": from_version or 1,
        "to_version": to_version or now.version, "changes": None, "error": "",
    }  # fmt: skip
    status = 200
    if from_version is not None:
        try:
            after = pilots.pilot(pilot_id, version=to_version)
            if not 1 <= from_version <= after.version:
                raise DomainError(f"Compare from a version between 1 and {after.version}.")
            reader = Reader.person(request.user.id)
            before = seen_by(pilots.pilot(pilot_id, version=from_version), reader, now).pilot
            context["changes"] = compare(before, seen_by(after, reader, now).pilot)
        except DomainError as error:
            context["error"], status = error.message, 400
    return Template("compare.html.j2", context=context, status_code=status)


HANDLERS = [timeline_page, ideas_page, compare_page]
