"""How a pilot came to be as it is: its timeline, and how its idea evolved."""

from __future__ import annotations

from uuid import UUID

from litestar import get
from litestar.params import FromPath
from litestar.response import Template

from projections.audit.ideas import idea_history
from projections.engine.runner import Projector
from projections.timeline.queries import timeline
from web.pages.pilots import PAGE, services_of
from web.pages.session import PageRequest
from web.pages.views import People


@get("/pilots/{pilot_id:uuid}/timeline", **PAGE)
def timeline_page(request: PageRequest, pilot_id: FromPath[UUID]) -> Template:
    """Every entry of the pilot in order, as a sentence, with who made it, when, and the
    version it made, which links to the pilot as it stood then."""
    services = services_of(request)
    pilot = services.pilots.pilot(pilot_id)
    people = People(services.accounts)
    projector: Projector = request.app.state.projector
    with projector.reader() as sql:  # caught up first, so it shows the pilot as loaded above
        entries = timeline(sql, pilot_id, people.name)
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


HANDLERS = [timeline_page, ideas_page]
