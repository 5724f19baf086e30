"""The map's API: the co-creation map as a driver diagram, and a story's trail. Each read goes
through `projector.reader()`, so an answer given after a write shows it.

The map answers with an `ETag` naming the position of the origins model it was read at, the
reader and their role (which decide the `team` stories on it) and the query (`?at=`,
`?framing=`): nothing else goes into the answer, so while the model stands still a client that
sends the tag back in `If-None-Match` is answered 304 before the map is read (`web.etags`)."""

from __future__ import annotations

from typing import Annotated, Any, cast
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema
from litestar.params import FromPath, QueryParameter

from adapters.accounts import Account
from domain.pilot.visibility import Reader
from projections.engine.runner import Projector
from web import openapi
from web.access import READS
from web.errors import PROBLEM, Problem
from web.etags import not_modified, tag_for, unchanged
from web.map.memo import kept_of
from web.map.reads import Asked, origins_position, read_map, read_trail, reader_of
from web.map.schemas import MapRead, TrailRead, map_read, trail_read
from web.parameters import EMPTY, absent_or, moment_or_empty

At = Annotated[
    str | None,
    QueryParameter(
        description="the map as it stood at this moment (ISO-8601; a date means its end, UTC): "
        "only what was recorded by then. A story withdrawn since has lost its words even so.",
        schema_extra=moment_or_empty(),
    ),
]
Framing = Annotated[
    str | None,
    QueryParameter(
        description="a framing question's id: only that question's tree",
        schema_extra=absent_or(
            one_of=[Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.UUID), EMPTY]
        ),
    ),
]


NO_STORY = ResponseSpec(
    Problem,
    description="No such story, or a story told for the programme team that the reader may not "
    "read: to them it does not exist.",
    media_type=PROBLEM,
    generate_examples=False,
)


class MapController(Controller):
    tags = ["Origins"]
    dependencies = READS

    @get(
        "/map",
        sync_to_thread=True,
        responses={**openapi.problems(400, 401, 503), **openapi.NOT_MODIFIED},
        response_headers=[openapi.CROSS_ETAG],
    )
    def the_map(
        self,
        request: Request[Account, Any, Any],
        projector: NamedDependency[Projector],
        at: At = None,
        framing: Framing = None,
    ) -> Response[MapRead]:
        """The co-creation map as a driver diagram: framing questions, the principles they draw
        on (with the stories behind them), the ideas drawn from those, and the pilots that test
        them. An idea's `status` counts the pilots that test it; a pilot's is its status and
        last decision. A story told for the programme team is absent for anyone else. The
        `ETag` names the read model's position, the reader and the query: `If-None-Match` with
        it is answered 304 while the log has not moved."""
        asked = Asked.of(at, framing)
        person = Reader.person(request.user.id)
        held = tag_for(origins_position(projector), person, request)
        if unchanged(request, held):
            # an empty 304; the annotation is the 200's, which documents the answer
            return cast(Response[MapRead], not_modified(held))
        read = read_map(projector, kept_of(request.app), reader_of(request.user), asked)
        return Response(map_read(read.found), headers={"ETag": tag_for(read.position, person,
                                                                       request)})  # fmt: skip

    @get(
        "/stories/{story_id:uuid}/trail",
        sync_to_thread=True,
        responses={**openapi.problems(401, 503), 404: NO_STORY},
    )
    def trail(
        self,
        request: Request[Account, Any, Any],
        projector: NamedDependency[Projector],
        story_id: FromPath[UUID],
    ) -> TrailRead:
        """What became of a story: the principles drawn from it, the ideas drawn from those
        (followed through merges and splits, and through the ideas pilots' adapt decisions gave
        rise to), and the pilots that test them with their decisions. 404 for a story the
        reader may not read, as for one that does not exist."""
        kept = kept_of(request.app)
        return trail_read(read_trail(projector, kept, reader_of(request.user), story_id))


HANDLERS = [MapController]
