"""The list of pilots, narrowed by status and theme."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from projections.engine.runner import Projector
from projections.pilot_index.queries import pilots_for
from web.api import openapi


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


def provide_projector(state: State) -> Projector:
    """The read-model runner of the app; `reader()` gives reads that show every earlier write."""
    projector: Projector = state.projector
    return projector


@get(
    "/pilots",
    tags=["Pilots"],
    sync_to_thread=True,
    dependencies={"projector": Provide(provide_projector, sync_to_thread=False)},
    responses=openapi.problems(400, 401, 503),
)
def pilot_list(
    projector: NamedDependency[Projector],
    status: Annotated[
        str | None, QueryParameter(description="active, paused or concluded; empty for all")
    ] = None,
    theme: Annotated[str | None, QueryParameter(description="one theme; empty for all")] = None,
) -> PilotList:
    """Every pilot, newest activity first."""
    with projector.reader() as sql:
        found = pilots_for(sql, status=status or None, theme=theme or None)
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
