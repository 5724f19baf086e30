"""The learning summary's lists as pages, 50 items a page: open questions, insights and
surprises, narrowed by the summary's theme and period, for the signed-in person. `/learning`
shows the first ten of each and links here for the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from domain.pilot.visibility import Reader
from projections.learning.scope import Scope
from projections.learning.summary import InsightNote, OpenQuestion, Surprise
from projections.reports import words
from web.learning.lists import KEY_TYPES, PAGE_READS
from web.pages import PAGE, PageRequest, projector_of
from web.paging import paging

PAGE_SIZE = 50


@dataclass(frozen=True)
class Listed:
    """One row of a list page: the pilot it is from, and the cells after the pilot's name."""

    pilot_id: UUID
    title: str
    cells: tuple[str, ...]


LISTS = {
    "open-questions": ("Open questions", ("Question", "Status", "Asked on", "Age (days)")),
    "insights": ("Insights", ("On the question", "Insight", "Added on")),
    "surprises": ("Surprises", ("Cycle", "Surprise", "Studied on")),
}


def _question(q: OpenQuestion) -> tuple[str, ...]:
    return (q.text, words.words(q.status), q.asked_on.isoformat(), str(q.age_days))


def _insight(n: InsightNote) -> tuple[str, ...]:
    return (n.question, n.text, words.day(n.at))


def _surprise(s: Surprise) -> tuple[str, ...]:
    return (str(s.cycle), s.text, words.day(s.at))


# Each list's items as the cells of its rows, after the pilot's name.
CELLS: dict[str, Callable[[Any], tuple[str, ...]]] = {
    "open-questions": _question, "insights": _insight, "surprises": _surprise,
}  # fmt: skip


def list_page(name: str) -> Any:
    @get(f"/learning/{name}", **PAGE, name=f"learning_{name}")
    def learning_list(
        request: PageRequest, theme: FromQuery[str] = "", since: FromQuery[str] = "",
        until: FromQuery[str] = "", cursor: FromQuery[str] = "",
    ) -> Template:  # fmt: skip
        """One page of the list, oldest first, with a link to the next."""
        scope = Scope.parse(theme, since.strip(), until.strip())
        paged = paging(name, PAGE_SIZE, cursor.strip() or None, KEY_TYPES[name])
        with projector_of(request).reader() as sql:
            items, next_page = PAGE_READS[name](sql, Reader.person(request.user.id), scope, paged)
        rows = [Listed(item.pilot_id, item.title, CELLS[name](item)) for item in items]
        title, head = LISTS[name]
        filters = {"theme": theme, "since": since, "until": until}
        context = {"user": request.user, "title": title, "head": head, "rows": rows,
                   "next": next_page, "name": name, "filters": filters}  # fmt: skip
        return Template("learning_list.html.j2", context=context)

    return learning_list


HANDLERS = [list_page(name) for name in LISTS]
