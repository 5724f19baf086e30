"""The learning summary's lists, whole and paged: open questions, insights and surprises, each
narrowed by theme and period as the summary is, for the signed-in account. The summary holds
the first page of each; these routes give the rest. How a page of each list is read
(`PAGE_READS`) serves these routes and the list pages (`list_pages`) alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter

from adapters.accounts import Account
from domain.pilot.visibility import Reader
from projections.engine.base import Sql
from projections.engine.runner import Projector
from projections.learning import totals
from projections.learning.scope import Scope, day_of
from projections.learning.summary import InsightNote, OpenQuestion, Surprise
from projections.learning.tables import stamp
from web.access import READS
from web.etags import not_modified, position_of, tag_for, unchanged
from web.learning.api import ACROSS, DAY, DAY_OR_EMPTY
from web.learning.schemas import InsightPage, OpenQuestionPage, SurprisePage
from web.paging import Cursor, Limit, Paging, page, paging
from web.parameters import absent_or

Theme = Annotated[
    str | None, QueryParameter(description="One theme; empty for all.", schema_extra=absent_or())
]
Day = Annotated[str | None, QueryParameter(description=DAY, schema_extra=DAY_OR_EMPTY)]
PageRead = Callable[[Sql, Reader, Scope, Paging], tuple[list[Any], str | None]]


def question_key(question: OpenQuestion) -> tuple[str, str, str]:
    return (question.asked_on.isoformat(), str(question.pilot_id), str(question.question_id))


def surprise_key(surprise: Surprise) -> tuple[str, str, int]:
    """As the model stores it: the study's time as msgspec writes it."""
    return (msgspec.to_builtins(surprise.at), str(surprise.pilot_id), surprise.cycle)


def open_questions(
    sql: Sql, reader: Reader, scope: Scope, paged: Paging
) -> tuple[list[OpenQuestion], str | None]:
    """Their age in days is counted to the day the read models stand at."""
    as_of = stamp(sql)[1]
    today = None if as_of is None else day_of(as_of)
    found = totals.open_questions(sql, reader, scope, today, paged.after, paged.limit + 1)
    return page("open-questions", found, paged, question_key)


def insights(
    sql: Sql, reader: Reader, scope: Scope, paged: Paging
) -> tuple[list[InsightNote], str | None]:
    found = totals.keyed_insights(sql, reader, scope, paged.after, paged.limit + 1)
    items, next_page = page("insights", found, paged, lambda item: item[0])
    return [note for _, note in items], next_page


def surprises(
    sql: Sql, _: Reader, scope: Scope, paged: Paging
) -> tuple[list[Surprise], str | None]:
    """Cycles are the pilot's own record: everyone reads them."""
    found = totals.surprises(sql, scope, paged.after, paged.limit + 1)
    return page("surprises", found, paged, surprise_key)


# Each list's page as read for a reader, and the types of its sort key (a cursor's shape).
PAGE_READS: dict[str, PageRead] = {
    "open-questions": open_questions, "insights": insights, "surprises": surprises,
}  # fmt: skip
KEY_TYPES: dict[str, tuple[type, ...]] = {
    "open-questions": (str, str, str), "insights": (str, str, str), "surprises": (str, str, int),
}  # fmt: skip


def list_route(
    name: str, page_of: Callable[[Any, str | None], Any], about: str
) -> HTTPRouteHandler:
    """`GET /learning/{name}`: one page of the list, with an ETag of the log position, the
    reader and the query."""

    def listed(
        request: Request[Account, Any, Any], projector: NamedDependency[Projector],
        theme: Theme = None, since: Day = None, until: Day = None,
        limit: Limit = 50, cursor: Cursor = None,
    ) -> Response[Any]:  # fmt: skip
        paged = paging(name, limit, cursor, KEY_TYPES[name])
        scope, reader = Scope.parse(theme, since, until), Reader.person(request.user.id)
        with projector.reader() as sql:
            tag = tag_for(position_of(sql, projector), reader, request)
            if unchanged(request, tag):
                return not_modified(tag)
            items, next_page = PAGE_READS[name](sql, reader, scope, paged)
        return Response(page_of(items, next_page), headers={"ETag": tag})

    listed.__name__ = name.replace("-", "_")  # the operation's id and summary
    route = get(f"/learning/{name}", **ACROSS, description=about, tags=["Learning"],
                dependencies=READS)  # fmt: skip
    return route(listed)


HANDLERS = [
    list_route("open-questions", OpenQuestionPage,
               "Questions not yet answered or closed, oldest first, with their age in days."),
    list_route("insights", InsightPage,
               "Insights from the set meetings the signed-in account may read, oldest first."),
    list_route("surprises", SurprisePage, "What surprised each cycle's team, oldest study first."),
]  # fmt: skip
