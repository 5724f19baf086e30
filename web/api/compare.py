"""Two moments of a pilot side by side, for auditors: what changed, and the events between."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from adapters.bootstrap import Services
from domain.errors import InvalidEntry
from projections.audit.compare import compare
from web.api import openapi
from web.api.access import provide_services
from web.api.history import DiffPieceRead, EventRead, event_read


class ChangeRead(msgspec.Struct):
    part: str
    before: str
    after: str
    diff: list[DiffPieceRead]


class Comparison(msgspec.Struct):
    from_version: int
    to_version: int
    changes: list[ChangeRead]
    events: list[EventRead]


class CompareController(Controller):
    path = "/pilots/{pilot_id:uuid}/compare"
    tags = ["History"]
    dependencies = {"services": Provide(provide_services, sync_to_thread=False)}

    @get(sync_to_thread=True, responses=openapi.READ, response_headers=[openapi.ETAG])
    def compare(
        self,
        pilot_id: FromPath[UUID],
        services: NamedDependency[Services],
        from_version: Annotated[int, QueryParameter(name="from", ge=1)],
        to_version: Annotated[int | None, QueryParameter(name="to", ge=1)] = None,
    ) -> Response[Comparison]:
        """What changed between version `from` and version `to` (default: now), part by part,
        with the events that made the changes."""
        after = services.pilots.pilot(pilot_id, version=to_version)
        if from_version > after.version:
            raise InvalidEntry("from", f"must be at most {after.version}")
        before = services.pilots.pilot(pilot_id, version=from_version)
        events = [
            event_read(e)
            for e in services.pilots.history(pilot_id)
            if before.version < e.originator_version <= after.version
        ]
        changes = [
            ChangeRead(c.part, c.before, c.after, [DiffPieceRead(p.op, p.text) for p in c.diff])
            for c in compare(before, after)
        ]
        body = Comparison(before.version, after.version, changes, events)
        return Response(body, headers={"ETag": f'"{after.version}"'})
