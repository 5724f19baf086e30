"""The map's page: `/map`, the co-creation map drawn as a driver diagram with the same content
as an outline, now or as it stood on a day, whole or one framing question's tree. A map too large
to draw readably (`projections.origins.index.too_large`) is shown, unless a question is chosen,
as the index of its framing questions, each linking to its tree; `?all=1` draws it whole anyway.
A story's own page, its trail, is `web.map.story_page`.

A bad day or framing question shows the map again as it stands, with the message beside the
field and what was typed kept, and answers 400.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template
from markupsafe import Markup

from domain.errors import InvalidEntry
from projections.origins.diagram import draw
from projections.origins.driver import DriverMap
from projections.origins.index import map_index, too_large
from projections.origins.outline import outline
from projections.origins.wording import (
    day,
    decided,
    described,
    stories_words,
    tested,
    tree_words,
    unplaced_words,
    when,
)
from web.map.memo import kept_of
from web.map.reads import Asked, read_map, reader_of
from web.pages import PAGE, PageRequest, projector_of, sentence

OUTLINE = "partials/map_outline.html.j2"


@get("/map", **PAGE)
def map_page(
    request: PageRequest,
    at: FromQuery[str] = "",
    framing: FromQuery[str] = "",
    whole: Annotated[str, QueryParameter(name="all")] = "",
) -> Template:
    """The co-creation map; `at` a day (its end, UTC), `framing` a framing question's id, `all`
    to draw a large map whole rather than its index."""
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
    text = question.text if question else None
    shown: dict[str, Any]
    if question is None and not whole and too_large(read.found):
        index = kept.get(read.position, ("index", asked.at, stories),
                         lambda: map_index(read.origins, read.found))  # fmt: skip
        shown = {"index": index, **INDEX_WORDS}
    else:
        shown = kept.get(read.position, ("drawn", asked.at, asked.framing, stories),
                         lambda: _drawn(request, read.found, text))  # fmt: skip
    context: dict[str, Any] = {
        "user": request.user,
        "found": read.found,
        **shown,
        "framings": list(read.origins.framings.values()),
        "question": question,
        "typed": {"at": at, "framing": framing},
        "error": None if refused is None else (refused.field, sentence(refused)),
        "when": when(read.found.at),
        "day": day,
    }
    return Template("map.html.j2", context=context, status_code=400 if refused else 200)


INDEX_WORDS = {"tested": tested, "decided": decided, "tree_words": tree_words,
               "stories_words": stories_words, "unplaced_words": unplaced_words}  # fmt: skip


def _drawn(request: PageRequest, found: DriverMap, question: str | None) -> dict[str, Any]:
    """The drawing, its description and the outline, the outline rendered here once: as a
    macro a record, rendering it on every read of a large map took most of the page's time."""
    engine = request.app.template_engine
    if engine is None:
        raise RuntimeError("the app has no template engine")
    words = {"outline": outline(found), "found": found, "day": day}
    rendered = engine.get_template(OUTLINE).render(**words)
    outline_html = Markup(rendered)  # noqa: S704 (our own template, escaped as every page is)
    return {"diagram": draw(found, "map", question), "said": described(found, question),
            "outline_html": outline_html}  # fmt: skip


HANDLERS = [map_page]
