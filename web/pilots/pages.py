"""The pilot pages: the dashboard, registering a pilot, the pilot page (now, or read-only as it
stood at a version or a date), and the forms of `web.pilots.commands`."""

from __future__ import annotations

from uuid import UUID

from litestar import Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Redirect, Template

from domain.errors import InvalidEntry
from domain.pilot.commands import RegisterPilot
from domain.pilot.visibility import Reader
from projections.pilot_index.queries import pilots_for, status_counts, titles_of
from projections.timeline.queries import recent
from web.access import may_register, registrars_only
from web.commands import page_routes
from web.etags import not_modified, position_of, tag_for, unchanged
from web.forms import Form, FormData
from web.origins.choices import origin_choices
from web.pages import PAGE, WRITE, PageRequest, end_of, projector_of, services_of
from web.people import People
from web.pilots.commands import COMMANDS
from web.pilots.page import MIN_ROWS, render
from web.pilots.schemas import PilotCreate
from web.typed import REFUSED, Forms, Typed
from web.writes import command

# How many of the latest entries across pilots the dashboard shows.
RECENT_ENTRIES = 10
# How many of a person's own pilots, and of the others, the dashboard shows; `/pilots` pages
# through all of them.
SHOWN = 20


@get("/", **PAGE)
def dashboard(request: PageRequest) -> Template | Response[bytes]:
    """How many pilots there are in each status, the latest pilots the person leads or
    follows, the other pilots most recently active, and recent activity. Answered 304 to
    `If-None-Match` while the log has not moved."""
    people = People(services_of(request).accounts)
    reader = Reader.person(request.user.id)
    projector = projector_of(request)
    with projector.reader() as sql:
        tag = tag_for(position_of(sql, projector), reader, request)
        if unchanged(request, tag):
            return not_modified(tag)
        mine = pilots_for(sql, team_of=request.user.id, limit=SHOWN + 1)
        others = pilots_for(sql, outside=request.user.id, limit=SHOWN + 1)
        counts = status_counts(sql)
        activity = recent(sql, people.name, reader=reader, limit=RECENT_ENTRIES)
        titles = titles_of(sql, {pilot_id for pilot_id, _ in activity})
    context = {
        "user": request.user,
        "mine": mine[:SHOWN],
        "more_mine": len(mine) > SHOWN,
        "others": others[:SHOWN],
        "more_others": len(others) > SHOWN,
        "counts": counts,
        "total": sum(counts.values()),
        "activity": [(pilot_id, titles[pilot_id], e) for pilot_id, e in activity
                     if pilot_id in titles],  # not so only while the index is being rebuilt
        "name": people.name,
        "may_register": may_register(request.user),
    }  # fmt: skip
    return Template("dashboard.html.j2", context=context, headers={"ETag": tag})


@get("/pilots/new", **PAGE, guards=[registrars_only])
def new_pilot(request: PageRequest) -> Template:
    """The form to register a pilot: its title, the question it serves, the idea to test, and
    the workshop's idea and framing question it comes from, if it does."""
    return _registration(request, Forms())


def _registration(request: PageRequest, forms: Forms, status: int = 200) -> Template:
    context = {"user": request.user, "forms": forms, **origin_choices(services_of(request).pilots)}
    return Template("pilot_new.html.j2", context=context, status_code=status)


@post("/pilots/new", **{**WRITE, "guards": [registrars_only]})
def register_pilot(request: PageRequest, data: FormData) -> Template | Redirect:
    """Registers the pilot, with the person who registers it as its lead."""
    form = Form(data)
    try:
        registration = command(RegisterPilot, form.read(PilotCreate))
        receipt = services_of(request).pilots.execute(
            registration, request.user.id, submission=form.submission
        )
    except REFUSED as error:
        typed = Typed.refused("pilot", form.values, error)
        htmx = bool(HTMXDetails(request))
        return _registration(request, Forms(typed, htmx=htmx), 200 if htmx else typed.status)
    return Redirect(f"/pilots/{receipt.pilot.id}", status_code=303)


@get("/pilots/{pilot_id:uuid}", **PAGE)
def pilot_page(
    request: PageRequest,
    pilot_id: FromPath[UUID],
    version: FromQuery[str] = "",
    at: FromQuery[str] = "",
    rows: FromQuery[str] = "",
) -> Template:
    """The pilot now, with a form for each next step; with `version` or `at`, the pilot as it
    stood then, read-only. `rows` asks for more question and prediction rows when planning."""
    pilots = services_of(request).pilots
    if version.strip():
        if not version.strip().isdigit():
            raise InvalidEntry("version", "must be a whole number, such as 3")
        then = pilots.pilot(pilot_id, version=int(version))
        return render(request, then, latest=pilots.pilot(pilot_id))
    if at.strip():
        then = pilots.pilot_as_of(pilot_id, end_of(at))
        return render(request, then, latest=pilots.pilot(pilot_id))
    wanted = int(rows) if rows.strip().isdigit() else MIN_ROWS
    return render(request, pilots.pilot(pilot_id), rows=wanted)


HANDLERS = [dashboard, new_pilot, register_pilot, pilot_page, *page_routes(COMMANDS)]
