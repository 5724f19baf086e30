"""A pilot's history: the timeline, how the idea evolved, and the raw events for auditors."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic
from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from adapters.bootstrap import Services
from domain.errors import NotFound
from domain.pilot import Pilot
from projections.audit.ideas import idea_history
from projections.engine.runner import Projector
from projections.timeline.queries import timeline
from web.api import openapi
from web.api.access import provide_services
from web.api.learning_reads import READS

# Plumbing every event carries; `data` holds what the event itself says.
ENVELOPE = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "actor", "submission"}
)


class TimelineEntryRead(msgspec.Struct):
    at: datetime
    version: int
    kind: str
    actor: UUID
    summary: str


class Timeline(msgspec.Struct):
    entries: list[TimelineEntryRead]


class DiffPieceRead(msgspec.Struct):
    op: Literal["same", "added", "removed"]
    text: str


class IdeaVersionRead(msgspec.Struct):
    version: int
    at: datetime
    actor: UUID
    idea: str
    rationale: str
    prompted_by: str
    diff: list[DiffPieceRead]


class IdeaHistory(msgspec.Struct):
    versions: list[IdeaVersionRead]


class EventRead(msgspec.Struct):
    version: int
    type: str
    at: datetime
    actor: UUID
    data: dict[str, Any]


class EventLog(msgspec.Struct):
    events: list[EventRead]


def names(services: Services) -> Callable[[UUID], str]:
    """Account names, each looked up once per request; a deleted account reads as "someone"."""

    @functools.cache
    def name_of(account_id: UUID) -> str:
        account = services.accounts.by_id(account_id)
        return "Someone" if account is None else account.name

    return name_of


def tagged(body: Any, events: list[Pilot.Event]) -> Response[Any]:
    """History answers carry the pilot's version as the ETag, as every pilot response does."""
    return Response(body, headers={"ETag": f'"{events[-1].originator_version}"'})


class HistoryController(Controller):
    path = "/pilots/{pilot_id:uuid}"
    tags = ["History"]
    dependencies = {"services": Provide(provide_services, sync_to_thread=False)}

    @get(
        "/timeline",
        sync_to_thread=True,
        responses=openapi.READ,
        response_headers=[openapi.ETAG],
        dependencies=READS,
    )
    def timeline(
        self,
        pilot_id: FromPath[UUID],
        services: NamedDependency[Services],
        projector: NamedDependency[Projector],
    ) -> Response[Timeline]:
        """Every entry of the pilot as a sentence, with who, when and the version, oldest first."""
        with projector.reader() as sql:
            found = timeline(sql, pilot_id, names(services))
        if not found:
            raise NotFound("no such pilot")
        entries = [TimelineEntryRead(e.at, e.version, e.kind, e.actor, e.summary) for e in found]
        return Response(Timeline(entries), headers={"ETag": f'"{found[-1].version}"'})

    @get(
        "/idea-history",
        sync_to_thread=True,
        responses=openapi.READ,
        response_headers=[openapi.ETAG],
    )
    def idea_history(
        self, pilot_id: FromPath[UUID], services: NamedDependency[Services]
    ) -> Response[IdeaHistory]:
        """Every version of the idea, oldest first, each with its rationale and a word diff
        against the one before."""
        events = services.pilots.history(pilot_id)
        versions = [
            IdeaVersionRead(
                v.version,
                v.at,
                v.actor,
                v.idea,
                v.rationale,
                v.prompted_by,
                [DiffPieceRead(p.op, p.text) for p in v.diff],
            )
            for v in idea_history(events)
        ]
        return tagged(IdeaHistory(versions), events)

    @get("/events", sync_to_thread=True, responses=openapi.READ, response_headers=[openapi.ETAG])
    def events(
        self, pilot_id: FromPath[UUID], services: NamedDependency[Services]
    ) -> Response[EventLog]:
        """The pilot's stored events, in order: its type (topic), who, when and its data."""
        events = services.pilots.history(pilot_id)
        return tagged(EventLog([event_read(e) for e in events]), events)


def event_read(event: Pilot.Event) -> EventRead:
    data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
    return EventRead(
        version=event.originator_version,
        type=get_topic(type(event)),
        at=event.timestamp,
        actor=event.actor,
        data=msgspec.to_builtins(data),
    )
