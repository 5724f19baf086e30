"""The pilots API: register one, list them, read one (now, or as it was); and, from
`web.pilots.commands`, revise its idea, pause, resume and conclude it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from adapters.accounts import Account
from adapters.bootstrap import Services
from domain.errors import InvalidEntry
from domain.pilot.commands import RegisterPilot
from domain.values import PilotStatus
from projections.engine.runner import Projector
from projections.pilot_index.queries import pilots_for
from web import openapi
from web.access import READS, SERVICES, registrars_only
from web.commands import api_routes
from web.paging import Cursor, Limit, page, paging
from web.parameters import absent_or
from web.people import Viewer
from web.pilots.commands import COMMANDS
from web.pilots.reads import new_pilot, pilot_read, pilot_response
from web.pilots.schemas import PilotCreate, PilotItem, PilotPage, PilotRead
from web.writes import Write, command, provide_registration

# Far beyond any pilot's history, and within what every store's integer column holds.
VERSION_MAX = 2**53 - 1
# `?status=` as the list takes it: empty (or left out) for every pilot.
STATUS_WORDS = ["", *(status.value for status in PilotStatus)]
Id = FromPath[UUID]
Writing = NamedDependency[Write]


class PilotController(Controller):
    path = "/pilots"
    tags = ["Pilots"]
    dependencies = {**SERVICES, **READS}

    @get("/", sync_to_thread=True, responses=openapi.problems(400, 401, 503))
    def list_pilots(
        self,
        projector: NamedDependency[Projector],
        status: Annotated[
            str | None,
            QueryParameter(
                description="active, paused or concluded; empty for all",
                schema_extra=absent_or(enum=STATUS_WORDS),
            ),
        ] = None,
        theme: Annotated[
            str | None,
            QueryParameter(description="one theme; empty for all", schema_extra=absent_or()),
        ] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PilotPage:
        """Every pilot, newest activity first, a page at a time."""
        paged = paging("pilots", limit, cursor, (int, str))
        with projector.reader() as sql:
            found = pilots_for(
                sql, status=status or None, theme=theme or None,
                after=paged.after, limit=paged.limit + 1,
            )  # fmt: skip
        items, next_page = page("pilots", found, paged, lambda s: (s.last_activity_us, str(s.id)))
        return PilotPage(
            [
                PilotItem(
                    s.id, s.title, s.status, list(s.themes), s.cycles, s.last_activity, s.lead,
                    s.open_questions,
                )
                for s in items
            ],
            next_page,
        )  # fmt: skip

    @post(
        "/",
        status_code=201,
        sync_to_thread=True,
        guards=[registrars_only],
        dependencies={"write": Provide(provide_registration)},
        responses=openapi.REGISTER,
        response_headers=[openapi.ETAG, openapi.LOCATION],
    )
    def register(self, data: JSONBody[PilotCreate], write: Writing) -> Response[PilotRead]:
        """Registers a pilot with the sender as its lead."""
        return write.run(new_pilot, lambda: command(RegisterPilot, data))

    @get(
        "/{pilot_id:uuid}",
        sync_to_thread=True,
        responses=openapi.READ,
        response_headers=[openapi.ETAG],
    )
    def read(
        self,
        request: Request[Account, Any, Any],
        pilot_id: Id,
        services: NamedDependency[Services],
        version: Annotated[
            int | None,
            QueryParameter(ge=1, le=VERSION_MAX, description="the pilot as it was at this version"),
        ] = None,
        at: Annotated[
            datetime | None,
            QueryParameter(description="the pilot as it was at this moment (ISO-8601 with zone)"),
        ] = None,
    ) -> Response[PilotRead]:
        """The pilot now, or as it was at a version or a moment (not both), holding only the
        entries the reader may read now; `hidden` counts the others."""
        if version is not None and at is not None:
            raise InvalidEntry("at", "ask for a version or a moment, not both")
        latest = services.pilots.pilot(pilot_id)
        if at is not None:
            pilot = services.pilots.pilot_as_of(pilot_id, at)
        elif version is not None:
            pilot = services.pilots.pilot(pilot_id, version=version)
        else:
            pilot = latest
        viewer = Viewer.of(services.accounts, request.user.id)
        return pilot_response(pilot_read(pilot, viewer, latest))


HANDLERS = [PilotController, *api_routes(COMMANDS, "Pilots")]
