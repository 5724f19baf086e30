"""The map's page: `/map`, the co-creation map drawn as a driver diagram with the same content
as an outline, now or as it stood on a day, whole or one framing question's tree. A story's own
page, its trail, is `web.map.story_page`.

A bad day or framing question shows the map again as it stands, with the message beside the
field and what was typed kept, and answers 400.
"""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from domain.errors import InvalidEntry
from projections.origins.diagram import draw
from projections.origins.driver import DriverMap
from projections.origins.outline import outline
from projections.origins.wording import day, described, when
from web.map.memo import kept_of
from web.map.reads import Asked, read_map, reader_of
from web.pages import PAGE, PageRequest, projector_of, sentence


@get("/map", **PAGE)
def map_page(
    request: PageRequest, at: FromQuery[str] = "", framing: FromQuery[str] = ""
) -> Template:
    """The co-creation map; `at` a day (its end, UTC), `framing` a framing question's id."""
    reader, projector, kept = reader_of(request.user), projector_of(request), kept_of(request.app)
    refused: InvalidEntry | None = None
    try:
        asked = Asked.of(at, framing)
        read = read_map(projector, kept, reader, asked)
    except InvalidEntry as error:
        refused, asked = error, Asked()
        read = read_map(projector, kept, reader, asked)
    question = read.origins.framings.get(asked.framing) if asked.framing else None
    # The drawing depends on the map alone: on the origins read, the question, and which
    # stories this reader may read. Readers who may read the same share it.
    stories = tuple(node.id for node in read.found.of("story"))
    drawn = kept.get(read.position, ("drawn", asked.at, asked.framing, stories),
                     lambda: _drawn(read.found, question.text if question else None))  # fmt: skip
    context: dict[str, Any] = {
        "user": request.user,
        "found": read.found,
        **drawn,
        "framings": list(read.origins.framings.values()),
        "question": question,
        "typed": {"at": at, "framing": framing},
        "error": None if refused is None else (refused.field, sentence(refused)),
        "when": when(read.found.at),
        "day": day,
    }
    return Template("map.html.j2", context=context, status_code=400 if refused else 200)


def _drawn(found: DriverMap, question: str | None) -> dict[str, Any]:
    return {"diagram": draw(found, "map", question), "said": described(found, question),
            "outline": outline(found)}  # fmt: skip


HANDLERS = [map_page]
