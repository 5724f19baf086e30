"""The learning summary's lists as pages, 50 items a page: open questions, insights and
surprises, narrowed by the summary's theme and period, for the signed-in person. `/learning`
shows the first ten of each and links here for the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from domain.pilot.visibility import Reader
from projections.engine.base import Sql
from projections.learning import totals
from projections.learning.scope import Scope, day_of
from projections.learning.tables import stamp
from projections.reports import words
from web.learning.lists import question_key, surprise_key
from web.pages import PAGE, PageRequest, projector_of
from web.paging import Paging, page, paging

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


def _open(sql: Sql, reader: Reader, scope: Scope, paged: Paging) -> tuple[list[Listed], Any]:
    as_of = stamp(sql)[1]
    today = None if as_of is None else day_of(as_of)
    found = totals.open_questions(sql, reader, scope, today, paged.after, paged.limit + 1)
    items, next_page = page("open-questions", found, paged, question_key)
    return [Listed(q.pilot_id, q.title, (q.text, words.words(q.status), q.asked_on.isoformat(),
                                         str(q.age_days))) for q in items], next_page  # fmt: skip


def _insights(sql: Sql, reader: Reader, scope: Scope, paged: Paging) -> tuple[list[Listed], Any]:
    found = totals.keyed_insights(sql, reader, scope, paged.after, paged.limit + 1)
    items, next_page = page("insights", found, paged, lambda item: item[0])
    return [Listed(n.pilot_id, n.title, (n.question, n.text, words.day(n.at)))
            for _, n in items], next_page  # fmt: skip


def _surprises(sql: Sql, reader: Reader, scope: Scope, paged: Paging) -> tuple[list[Listed], Any]:
    found = totals.surprises(sql, scope, paged.after, paged.limit + 1)
    items, next_page = page("surprises", found, paged, surprise_key)
    return [Listed(s.pilot_id, s.title, (str(s.cycle), s.text, words.day(s.at)))
            for s in items], next_page  # fmt: skip


READS = {"open-questions": _open, "insights": _insights, "surprises": _surprises}
SHAPES: dict[str, tuple[type, ...]] = {
    "open-questions": (str, str, str), "insights": (str, str, str), "surprises": (str, str, int),
}  # fmt: skip


def list_page(name: str) -> Any:
    @get(f"/learning/{name}", **PAGE, name=f"learning_{name}")
    def learning_list(
        request: PageRequest, theme: FromQuery[str] = "", since: FromQuery[str] = "",
        until: FromQuery[str] = "", cursor: FromQuery[str] = "",
    ) -> Template:  # fmt: skip
        """One page of the list, oldest first, with a link to the next."""
        scope = Scope.parse(theme, since.strip(), until.strip())
        paged = paging(name, PAGE_SIZE, cursor.strip() or None, SHAPES[name])
        with projector_of(request).reader() as sql:
            rows, next_page = READS[name](sql, Reader.person(request.user.id), scope, paged)
        title, head = LISTS[name]
        filters = {"theme": theme, "since": since, "until": until}
        context = {"user": request.user, "title": title, "head": head, "rows": rows,
                   "next": next_page, "name": name, "filters": filters}  # fmt: skip
        return Template("learning_list.html.j2", context=context)

    return learning_list


HANDLERS = [list_page(name) for name in LISTS]
