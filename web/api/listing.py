"""The list of pilots, narrowed by status and theme."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import get
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from adapters.bootstrap import Services
from projections.pilot_list import list_pilots
from web.api import openapi
from web.api.access import provide_services


class PilotItem(msgspec.Struct):
    id: UUID
    title: str
    status: str
    themes: list[str]
    cycles: int
    last_activity: datetime
    lead: UUID | None
    open_questions: int


class PilotList(msgspec.Struct):
    items: list[PilotItem]


@get(
    "/pilots",
    tags=["Pilots"],
    sync_to_thread=True,
    dependencies={"services": Provide(provide_services, sync_to_thread=False)},
    responses=openapi.problems(400, 401, 503),
)
def pilot_list(
    services: NamedDependency[Services],
    status: Annotated[
        str | None, QueryParameter(description="active, paused or concluded; empty for all")
    ] = None,
    theme: Annotated[str | None, QueryParameter(description="one theme; empty for all")] = None,
) -> PilotList:
    """Every pilot, newest activity first."""
    found = list_pilots(services.pilots, status=status or None, theme=theme or None)
    return PilotList(
        [
            PilotItem(
                s.id,
                s.title,
                s.status,
                list(s.themes),
                s.cycles,
                s.last_activity,
                s.lead,
                s.open_questions,
            )
            for s in found
        ]
    )
