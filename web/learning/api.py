"""The learning API: the cross-pilot summary, the question ledger, search, and the method
checks. Each read goes through `projector.reader()`, which first catches the read models up
with the log, so an answer given after a write shows it."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema
from litestar.params import FromPath, QueryParameter

from adapters.accounts import Account
from adapters.bootstrap import Services
from domain.pilot.visibility import Reader
from domain.values import QuestionStatus
from projections.engine.runner import Projector
from projections.learning.from_log import rows_at
from projections.learning.scope import Scope
from projections.learning.summary import summarise
from projections.learning.totals import kept_for_summary, summary_for
from projections.method_checks import queries as method_checks
from projections.question_ledger.queries import questions
from projections.search.queries import search
from projections.search.terms import QUERY_MAX, pieces, unmarked
from web import openapi
from web.access import READS, SERVICES
from web.etags import not_modified, position_of, tag_for, unchanged
from web.learning.found import href
from web.learning.memo import memo_of
from web.learning.origins import summary_with_ideas
from web.learning.schemas import (
    MethodCheckItem,
    MethodCheckPage,
    MethodCheckRead,
    MethodChecksRead,
    QuestionPage,
    SearchItem,
    SearchPage,
    SnippetPieceRead,
)
from web.paging import Cursor, Limit, after, page, paging
from web.parameters import EMPTY, absent_or
from web.question_sets.schemas import question_item

STATUSES = "open, explored, answered, carried_forward or closed; empty for every question"
STATUS_WORDS = ["", *(status.value for status in QuestionStatus)]
QUERY = (
    "Words to find in pilots' ideas (every version), reflections, study notes and insights, "
    "in stories, and in workshops' titles, principles, framing questions and ideas. "
    '"Quoted words" find a phrase, `or` between words finds either, and `-word` leaves out '
    "entries with that word. Anything else typed is searched for as it is."
)
STAMP_HEADER = "X-Report-Stamp"
STAMP = ResponseHeader(
    name=STAMP_HEADER,
    description="What the answer was built from: `Log position P` or `Pilot ID at version N`. "
    "Ask again with `?position=P` or `?version=N` to build the same report exactly.",
    documentation_only=True,
)
DAY = "An ISO date, such as 2026-05-01; empty for no limit. Both ends of the period count."
# A date, or an empty value (`?since=`), which means no limit.
DAY_OR_EMPTY = absent_or(one_of=[Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE), EMPTY])
ROUTE: dict[str, Any] = {"sync_to_thread": True, "responses": openapi.problems(400, 401, 503)}
# A read across pilots, which answers 304 to a client holding it (`web.etags`).
ACROSS: dict[str, Any] = {
    "sync_to_thread": True,
    "responses": {**openapi.problems(400, 401, 503), **openapi.NOT_MODIFIED},
    "response_headers": [openapi.CROSS_ETAG],
}


def by_place(item: tuple[int, Any]) -> tuple[int]:
    return (item[0],)


class LearningController(Controller):
    path = "/"
    tags = ["Learning"]
    dependencies = {**SERVICES, **READS}

    @get("/learning/summary", **{**ACROSS, "response_headers": [STAMP, openapi.CROSS_ETAG]})
    def summary(
        self,
        request: Request[Account, Any, Any],
        services: NamedDependency[Services],
        theme: Annotated[
            str | None,
            QueryParameter(description="One theme; empty for all.", schema_extra=absent_or()),
        ] = None,
        since: Annotated[
            str | None, QueryParameter(description=DAY, schema_extra=DAY_OR_EMPTY)
        ] = None,
        until: Annotated[
            str | None, QueryParameter(description=DAY, schema_extra=DAY_OR_EMPTY)
        ] = None,
    ) -> Response[Any]:
        """Adopt, adapt and abandon counts, the median days per cycle, pilots by theme, ideas
        tried in several pilots with different decisions, surprises, insights, and open
        questions with their age in days. Each list holds its first 10 items with the count of
        all of them (`surprises_count`, ...); `/learning/surprises`, `/learning/insights` and
        `/learning/open-questions` page through the rest. A period selects cycles by the day
        they were decided, surprises by the day of the study, insights by the day they were
        added and questions by the day their set met. Only the set meetings the signed-in
        account may read give insights and open questions, and only they are counted. The
        `ETag` names the log position, the reader and the filters: `If-None-Match` with it
        is answered 304 while the log has not moved. `ideas` is where the ideas came from, in brief:
        each framing question, how many principles it draws on and how many stories stand
        behind them (of which withdrawn, and not shown to this reader), its ideas with their
        standing and the ids of the pilots that test them; `GET /api/v1/map` and each story's
        trail name the stories. Past 500 ideas it is in outline (`outline: true`): no idea or
        pilot is listed, each framing question's `ideas_counted` gives how many ideas serve it,
        their standing summed and where the map lists them (`at`), and `other_ideas_counted`
        the same for ideas serving none. Of the filters only `until` applies to it (the origins
        at that day's end)."""
        scope = Scope.parse(theme, since, until)
        reader = Reader.person(request.user.id)
        projector = request.app.state.get("projector")
        if projector is None or not kept_for_summary(projector):
            found = summarise(rows_at(services.pilots, reader=reader), scope)
            found = summary_with_ideas(request.app, services.pilots, None, found, request.user)
            return Response(found, headers={STAMP_HEADER: f"Log position {found.position}"})
        with projector.reader() as sql:
            tag = tag_for(position_of(sql, projector), reader, request)
            if unchanged(request, tag):
                return not_modified(tag)
            found = summary_for(sql, reader, scope, memo_of(request.app))
        found = summary_with_ideas(request.app, services.pilots, projector, found, request.user)
        headers = {STAMP_HEADER: f"Log position {found.position}", "ETag": tag}
        return Response(found, headers=headers)

    @get("/learning/questions", **ACROSS)
    def questions(
        self,
        request: Request[Account, Any, Any],
        projector: NamedDependency[Projector],
        status: Annotated[
            str | None,
            QueryParameter(description=STATUSES, enum=STATUS_WORDS, schema_extra=absent_or()),
        ] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[Any]:
        """Every question asked in a set meeting the signed-in account may read, across all
        pilots, in the order they were asked; `status` narrows them, as `?status=open` gives
        the questions still open. Answered 304 to `If-None-Match` while the log has not
        moved."""
        paged = paging("questions", limit, cursor, (str, int, int))
        with projector.reader() as sql:
            tag = tag_for(position_of(sql, projector), Reader.person(request.user.id), request)
            if unchanged(request, tag):
                return not_modified(tag)
            found = questions(
                sql,
                status or None,
                reader=Reader.person(request.user.id),
                after=paged.after,
                limit=paged.limit + 1,
            )
        items, next_page = page("questions", found, paged, lambda q: q.key)
        body = QuestionPage([question_item(q) for q in items], next_page)
        return Response(body, headers={"ETag": tag})

    @get("/search", **ROUTE)
    def search(
        self,
        projector: NamedDependency[Projector],
        request: Request[Account, Any, Any],
        q: Annotated[
            str,
            QueryParameter(description=QUERY, min_length=1, max_length=QUERY_MAX, pattern=r"\S"),
        ],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> SearchPage:
        """The entries that best match `q` and that the signed-in person may read, best first,
        each with a snippet around the words that matched, what it is and the page that shows
        it. A story told for its team is found only by its teller, whoever recorded it, and
        accounts whose role is admin or lead; a withdrawn story by no one. Matches are ranked
        100 at a time, newest first: the first 100 are the best of the newest 100, and so on;
        walking the pages gives every match once. A blank `q` is refused with 400."""
        paged = paging("search", limit, cursor)
        start = 0 if paged.after is None else paged.after[0] + 1
        with projector.reader() as sql:
            reader = Reader.person(request.user.id)
            found = search(
                sql, q, paged.limit + 1, reader=reader, role=request.user.role, offset=start
            )
        hits, next_page = page("search", list(enumerate(found, start)), paged, by_place)
        return SearchPage(
            [
                SearchItem(
                    hit.pilot_id, hit.kind, unmarked(hit.snippet),
                    [SnippetPieceRead(text, match) for text, match in pieces(hit.snippet)],
                    hit.pilot_title, hit.record, hit.record_id, hit.title, href(hit),
                )
                for _, hit in hits
            ],
            next_page,
        )  # fmt: skip

    @get(
        "/pilots/{pilot_id:uuid}/method-checks",
        sync_to_thread=True,
        responses=openapi.problems(401, 404, 503),
    )
    def pilot_method_checks(
        self,
        request: Request[Account, Any, Any],
        projector: NamedDependency[Projector],
        services: NamedDependency[Services],
        pilot_id: FromPath[UUID],
    ) -> MethodChecksRead:
        """The checks that apply to the pilot so far, each with a gentle prompt drawn from its
        record: predictions made before Do, decisions given a rationale and carried forward, a
        reflection on each cycle, open questions revisited. Reflections and questions count
        only when the signed-in account may read them."""
        services.pilots.pilot(pilot_id)  # 404 for a pilot that does not exist
        reader = Reader.person(request.user.id)
        with projector.reader() as sql:
            found = method_checks.checks_for(sql, pilot_id, reader=reader)
        return MethodChecksRead([MethodCheckRead(c.name, c.label, c.ok, c.prompt) for c in found])

    @get("/learning/method-checks", **ROUTE)
    def method_check_summary(
        self,
        request: Request[Account, Any, Any],
        projector: NamedDependency[Projector],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> MethodCheckPage:
        """For each method check, across pilots: how many pilots it applies to and in how many
        it holds, in the order of the checks, from what the signed-in account may read."""
        paged = paging("method-checks", limit, cursor)
        with projector.reader() as sql:
            tally = method_checks.summary(sql, reader=Reader.person(request.user.id))
        found = list(enumerate(method_checks.LABELS.items()))
        items, next_page = page("method-checks", after(found, paged, by_place), paged, by_place)
        return MethodCheckPage(
            [MethodCheckItem(name, label, *tally[name]) for _, (name, label) in items], next_page
        )


HANDLERS = [LearningController]
