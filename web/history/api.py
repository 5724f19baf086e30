"""The history API: the timeline, how the idea evolved, the raw events, and a comparison of two
versions. Each answer carries the pilot's version as its ETag, as every pilot response does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from adapters.accounts import Account
from adapters.bootstrap import Services
from domain.errors import InvalidEntry, NotFound
from domain.pilot.events import Event
from domain.pilot.visibility import Reader, events_seen_by, seen_by
from projections.audit.compare import compare
from projections.audit.ideas import idea_history
from projections.engine.runner import Projector
from projections.timeline.queries import latest_version, timeline
from web import openapi
from web.access import READS, SERVICES
from web.history.schemas import (
    ComparisonRead,
    EventPage,
    IdeaHistoryPage,
    TimelineEntryRead,
    TimelinePage,
    event_read,
)
from web.paging import Cursor, Limit, Paging, after, page, paging
from web.people import People

Id = FromPath[UUID]
ROUTE: dict[str, Any] = {
    "sync_to_thread": True,
    "responses": openapi.READ,
    "response_headers": [openapi.ETAG],
}


def tagged(body: Any, version: int) -> Response[Any]:
    return Response(body, headers={"ETag": f'"{version}"'})


def by_version(item: Any) -> tuple[int]:
    return (item.version,)


def by_versions(
    name: str, items: list[Any], paged: Paging, page_of: Callable[[Any, str | None], Any],
    history: list[Event],
) -> Response[Any]:  # fmt: skip
    """One page of a list of the pilot's in version order, tagged with the pilot's version."""
    found, next_page = page(name, after(items, paged, by_version), paged, by_version)
    return tagged(page_of(found, next_page), history[-1].originator_version)


class HistoryController(Controller):
    path = "/pilots/{pilot_id:uuid}"
    tags = ["History"]
    dependencies = {**SERVICES, **READS}

    @get("/timeline", **ROUTE)
    def timeline(
        self,
        request: Request[Account, Any, Any],
        pilot_id: Id,
        services: NamedDependency[Services],
        projector: NamedDependency[Projector],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[TimelinePage]:
        """Every entry of the pilot as a sentence, with who, when and the version, oldest
        first, a page at a time."""
        paged = paging("timeline", limit, cursor)
        start = 0 if paged.after is None else paged.after[0]
        with projector.reader() as sql:
            latest = latest_version(sql, pilot_id)
            found = timeline(
                sql,
                pilot_id,
                People(services.accounts).name,
                reader=Reader.person(request.user.id),
                after=start,
                limit=paged.limit + 1,
            )
        if latest is None:
            raise NotFound("no such pilot")
        entries, next_page = page("timeline", found, paged, by_version)
        reads = [TimelineEntryRead(e.at, e.version, e.kind, e.actor, e.summary) for e in entries]
        return tagged(TimelinePage(reads, next_page), latest)

    @get("/idea-history", **ROUTE)
    def idea_history(
        self,
        pilot_id: Id,
        services: NamedDependency[Services],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[IdeaHistoryPage]:
        """Every version of the idea, oldest first, each with its rationale and a word diff
        against the one before."""
        paged = paging("idea-history", limit, cursor)
        history = services.pilots.history(pilot_id)
        found = idea_history(history)
        return by_versions("idea-history", found, paged, IdeaHistoryPage, history)

    @get("/events", **ROUTE)
    def events(
        self,
        pilot_id: Id,
        services: NamedDependency[Services],
        request: Request[Account, Any, Any],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[EventPage]:
        """The pilot's stored events that the reader may read, in order: its type (topic), who,
        when and its data."""
        paged = paging("events", limit, cursor)
        history = services.pilots.history(pilot_id)
        latest = services.pilots.pilot(pilot_id)
        reader = Reader.person(request.user.id)
        reads = [event_read(e) for e in events_seen_by(history, reader, latest)]
        return by_versions("events", reads, paged, EventPage, history)

    @get("/compare", **ROUTE)
    def compare(
        self,
        pilot_id: Id,
        services: NamedDependency[Services],
        request: Request[Account, Any, Any],
        from_version: Annotated[int, QueryParameter(name="from", ge=1)],
        to_version: Annotated[int | None, QueryParameter(name="to", ge=1)] = None,
    ) -> Response[ComparisonRead]:
        """What changed between version `from` and version `to` (default: now), part by part,
        with the events that made the changes, as far as the reader may read them."""
        pilots, reader = services.pilots, Reader.person(request.user.id)
        after_ = pilots.pilot(pilot_id, version=to_version)
        if from_version > after_.version:
            raise InvalidEntry("from", f"must be at most {after_.version}")
        before = pilots.pilot(pilot_id, version=from_version)
        latest = pilots.pilot(pilot_id)
        between = [
            event_read(e)
            for e in events_seen_by(pilots.history(pilot_id), reader, latest)
            if before.version < e.originator_version <= after_.version
        ]
        changes = compare(
            seen_by(before, reader, latest).pilot, seen_by(after_, reader, latest).pilot
        )
        return tagged(
            ComparisonRead(before.version, after_.version, changes, between), after_.version
        )


HANDLERS = [HistoryController]
