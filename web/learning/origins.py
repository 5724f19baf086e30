"""Ideas and where they came from, for the learning summary's reader: the API's `ideas` and the
`/learning` page's section with the map.

Of the summary's filters only `until` applies: the origins as they stood at the end of that day
(UTC), as `/map?at=` shows them. `since` does not, since an idea's sources are what was recorded
before it, whenever; nor does `theme`, since principles, framing questions and ideas have none
(stories and pilots do). Stories are named as the map names them to this reader: a story told
for the programme team only to its teller, its recorder and the programme team.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import msgspec
from litestar import Litestar
from markupsafe import Markup

from adapters.accounts import Account
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.learning.summary import LearningSummary
from projections.origins.driver import DriverMap, driver_map
from projections.origins.from_log import origins_from_log
from projections.origins.model import OriginsModel
from projections.origins.sources import IdeaSources, idea_sources
from projections.origins.state import Origins
from projections.reports.origins_html import origins_html
from web.map.memo import kept_of
from web.map.reads import read_origins, reader_of


class SummaryRead(LearningSummary):
    """The learning summary, with `ideas`: each framing question, its principles and the
    stories that fed them, its ideas with their standing and the pilots that test them."""

    ideas: IdeaSources | None = None


def with_ideas(found: LearningSummary, ideas: IdeaSources) -> SummaryRead:
    return SummaryRead(**msgspec.structs.asdict(found), ideas=ideas)


def origins_for(
    app: Litestar, pilots: Pilots, projector: Projector | None, until: date | None
) -> Origins:
    """The origins at the end of `until` (or now): from the origins model, or the log."""
    at = None if until is None else datetime.combine(until, time.max, tzinfo=UTC)
    if projector is None or OriginsModel.name not in projector.names:
        return origins_from_log(pilots, at)
    return read_origins(projector, kept_of(app), at)[0]


def ideas_of(origins: Origins, account: Account) -> tuple[IdeaSources, DriverMap]:
    reader = reader_of(account)
    return idea_sources(origins, reader), driver_map(origins, reader)


def ideas_html(origins: Origins, account: Account, level: int) -> Markup:
    """The section and the map for `/learning`, with a link to the map's own page."""
    sources, found = ideas_of(origins, account)
    link = Markup('<p><a href="/map">The co-creation map on its own page</a>, with its history '
                  "and each framing question's tree.</p>")  # fmt: skip
    return Markup("{}{}").format(origins_html(sources, found, level, "learning-map"), link)


def summary_with_ideas(
    app: Litestar, pilots: Pilots, projector: Projector | None, found: LearningSummary,
    account: Any,
) -> SummaryRead:  # fmt: skip
    origins = origins_for(app, pilots, projector, found.until)
    return with_ideas(found, ideas_of(origins, account)[0])
