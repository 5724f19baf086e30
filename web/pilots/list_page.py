"""`/pilots`: every pilot, or the person's own, most recently active first, a page at a time;
the dashboard shows the first few of each and links here."""

from __future__ import annotations

from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from projections.pilot_index.queries import PilotSummary, pilots_for
from web.pages import PAGE, PageRequest, projector_of, services_of
from web.paging import page, paging
from web.people import People

PAGE_SIZE = 50


@get("/pilots", **PAGE)
def pilots_page(
    request: PageRequest, team: FromQuery[str] = "", cursor: FromQuery[str] = ""
) -> Template:
    """Every pilot (`?team=mine`: those whose team the person is on), 50 to a page."""
    mine = team == "mine"
    paged = paging("pilots", PAGE_SIZE, cursor or None, (int, str))
    with projector_of(request).reader() as sql:
        found = pilots_for(
            sql,
            team_of=request.user.id if mine else None,
            after=paged.after,
            limit=paged.limit + 1,
        )
    items, next_page = page("pilots", found, paged, _key)
    context = {
        "user": request.user,
        "pilots": items,
        "mine": mine,
        "next": next_page,
        "name": People(services_of(request).accounts).name,
    }
    return Template("pilots.html.j2", context=context)


def _key(pilot: PilotSummary) -> tuple[int, str]:
    return (pilot.last_activity_us, str(pilot.id))


HANDLERS = [pilots_page]
