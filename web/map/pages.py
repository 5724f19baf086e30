"""The map's pages: `/map`, the co-creation map drawn as a driver diagram with the same content
as an outline, now or as it stood on a day, whole or one framing question's tree; and
`/stories/{id}`, a story and what became of it, in plain words for the person who told it.

A bad day or framing question shows the map again as it stands, with the message beside the
field and what was typed kept, and answers 400.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from markupsafe import Markup

from domain.errors import InvalidEntry
from projections.origins.diagram import draw
from projections.origins.driver import DriverMap, standing
from projections.origins.outline import outline
from projections.origins.trail import Trail
from projections.origins.wording import (
    became_words,
    day,
    decisions_words,
    described,
    standing_words,
    when,
)
from web.map.memo import kept_of
from web.map.reads import Asked, read_map, read_trail, reader_of
from web.pages import PAGE, PageRequest, projector_of, sentence, services_of
from web.people import People

OUTLINE = "partials/map_outline.html.j2"


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
    text = question.text if question else None
    drawn = kept.get(read.position, ("drawn", asked.at, asked.framing, stories),
                     lambda: _drawn(request, read.found, text))  # fmt: skip
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


@get("/stories/{story_id:uuid}", **PAGE)
def story_page(request: PageRequest, story_id: FromPath[UUID]) -> Template:
    """A story and its trail; 404 for a story the reader may not read, as for none."""
    kept = kept_of(request.app)
    trail = read_trail(projector_of(request), kept, reader_of(request.user), story_id)
    people = People(services_of(request).accounts)
    story = trail.story
    context: dict[str, Any] = {
        "user": request.user,
        "story": story,
        "teller": people.named(story.told_by, story.told_by_name or ""),
        "recorder": people.name(story.recorded_by),
        "yours": request.user.id in (story.told_by, story.recorded_by),
        "trail": trail,
        "ideas": _ideas(trail),
        "pilots": [(pilot, decisions_words(pilot.decisions)) for pilot in trail.pilots],
        "workshops": trail.origins.workshops,
        "day": day,
    }
    return Template("story.html.j2", context=context)


def _ideas(trail: Trail) -> list[dict[str, Any]]:
    """Each idea on the trail with how it is on it, its standing, and what it became."""
    names = {idea.id: idea.text for idea in trail.origins.ideas.values()}
    found = []
    for idea in trail.ideas:
        found.append({
            "idea": idea,
            "reached": trail.reached_from(idea),
            "standing": standing_words(standing(trail.origins, idea.id)),
            "became": became_words(trail.origins.became.get(idea.id), names),
        })  # fmt: skip
    return found


HANDLERS = [map_page, story_page]
