"""Ideas and where they came from, for the learning summary's reader: the API's `ideas` and the
`/learning` page's section with the map.

Of the summary's filters only `until` applies: the origins as they stood at the end of that day
(UTC), as `/map?at=` shows them. `since` does not, since an idea's sources are what was recorded
before it, whenever; nor does `theme`, since principles, framing questions and ideas have none
(stories and pilots do). Stories are named as the map names them to this reader: a story told
for the programme team only to its teller, its recorder and the programme team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

import msgspec
from litestar import Litestar
from markupsafe import Markup

from adapters.accounts import Account
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.learning.summary import LearningSummary
from projections.origins.driver import driver_map
from projections.origins.from_log import origins_from_log
from projections.origins.index import too_large
from projections.origins.model import OriginsModel
from projections.origins.sources import IdeasBrief, idea_sources, ideas_in_brief
from projections.origins.state import Origins, Reader
from projections.reports.origins_html import brief_html, origins_html
from web.map.memo import kept_of
from web.map.reads import read_origins, reader_of


class SummaryRead(LearningSummary):
    """The learning summary, with `ideas` in brief: each framing question, how many principles
    and stories it draws on, its ideas with their standing and the pilots that test them; on a
    programme of more ideas than fit (`sources.MOST_IDEAS`), its ideas in outline, counted."""

    ideas: IdeasBrief | None = None


def with_ideas(found: LearningSummary, ideas: IdeasBrief) -> SummaryRead:
    return SummaryRead(**msgspec.structs.asdict(found), ideas=ideas)


@dataclass(frozen=True)
class Found:
    """The origins asked for, the moment they stood at, and the position of the origins model
    they were read at (None: folded from the log)."""

    origins: Origins
    at: datetime | None
    position: int | None


def origins_for(
    app: Litestar, pilots: Pilots, projector: Projector | None, until: date | None
) -> Found:
    """The origins at the end of `until` (or now): from the origins model, or the log."""
    at = None if until is None else datetime.combine(until, time.max, tzinfo=UTC)
    if projector is None or OriginsModel.name not in projector.names:
        return Found(origins_from_log(pilots, at), at, None)
    origins, position = read_origins(projector, kept_of(app), at)
    return Found(origins, at, position)


def ideas_html(app: Litestar, found: Found, account: Account, level: int) -> Markup:
    """The section and the map for `/learning`, with a link to the map's own page."""
    reader = reader_of(account)
    return _kept(app, found, reader, ("learning-ideas", level),
                 lambda: _ideas_html(found.origins, reader, level))  # fmt: skip


T = TypeVar("T")


def _kept(
    app: Litestar, found: Found, reader: Reader, key: tuple[Any, ...], make: Callable[[], T]
) -> T:
    """What `make` makes of the origins for `reader`, which depends on the origins read and on
    which stories the reader may read: readers who may read the same share it while the origins
    model stays at its position (`web.map.memo`). Made once there, rather than on every read,
    it also spares the collector thousands of objects a request on a large programme."""
    if found.position is None:
        return make()
    readable = tuple(s.id for s in found.origins.stories.values() if reader.may_read(s))
    return kept_of(app).get(found.position, (*key, found.at, readable), make)


def _ideas_html(origins: Origins, reader: Reader, level: int) -> Markup:
    """The section with the map drawn; for a map too large to draw readably, the section in
    brief, whose framing questions link to their trees on the map's page."""
    drawn = driver_map(origins, reader)
    if too_large(drawn):
        return brief_html(ideas_in_brief(origins, reader), len(drawn.nodes), level)
    sources = idea_sources(origins, reader)
    link = Markup('<p><a href="/map">The co-creation map on its own page</a>, with its history '
                  "and each framing question's tree.</p>")  # fmt: skip
    return Markup("{}{}").format(origins_html(sources, drawn, level, "learning-map"), link)


def summary_with_ideas(
    app: Litestar, pilots: Pilots, projector: Projector | None, found: LearningSummary,
    account: Account,
) -> SummaryRead:  # fmt: skip
    origins, reader = origins_for(app, pilots, projector, found.until), reader_of(account)
    brief = _kept(app, origins, reader, ("summary-ideas",),
                  lambda: ideas_in_brief(origins.origins, reader))  # fmt: skip
    return with_ideas(found, brief)
