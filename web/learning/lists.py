"""The learning summary's lists, whole and paged: open questions, insights and surprises, each
narrowed by theme and period as the summary is, for the signed-in account. The summary holds
the first page of each; these routes give the rest."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from adapters.accounts import Account
from domain.pilot.visibility import Reader
from projections.engine.runner import Projector
from projections.learning import totals
from projections.learning.scope import Scope, day_of
from projections.learning.summary import OpenQuestion, Surprise
from projections.learning.tables import stamp
from web.access import READS
from web.etags import not_modified, position_of, tag_for, unchanged
from web.learning.api import ACROSS, DAY, DAY_OR_EMPTY
from web.learning.schemas import InsightPage, OpenQuestionPage, SurprisePage
from web.paging import Cursor, Limit, page, paging

Theme = Annotated[str | None, QueryParameter(description="One theme; empty for all.")]
Day = Annotated[str | None, QueryParameter(description=DAY, schema_extra=DAY_OR_EMPTY)]
TEXT_KEY = (str, str, str)


class LearningListsController(Controller):
    path = "/learning"
    tags = ["Learning"]
    dependencies = READS

    @get("/open-questions", **ACROSS)
    def open_questions(
        self, request: Request[Account, Any, Any], projector: NamedDependency[Projector],
        theme: Theme = None, since: Day = None, until: Day = None,
        limit: Limit = 50, cursor: Cursor = None,
    ) -> Response[Any]:  # fmt: skip
        """Questions not yet answered or closed, oldest first, with their age in days."""
        paged = paging("open-questions", limit, cursor, TEXT_KEY)
        scope, reader = Scope.parse(theme, since, until), Reader.person(request.user.id)
        with projector.reader() as sql:
            tag = tag_for(position_of(sql, projector), reader, request)
            if unchanged(request, tag):
                return not_modified(tag)
            as_of = stamp(sql)[1]
            today = None if as_of is None else day_of(as_of)
            found = totals.open_questions(sql, reader, scope, today, paged.after, limit + 1)
        items, next_page = page("open-questions", found, paged, question_key)
        return Response(OpenQuestionPage(items, next_page), headers={"ETag": tag})

    @get("/insights", **ACROSS)
    def insights(
        self, request: Request[Account, Any, Any], projector: NamedDependency[Projector],
        theme: Theme = None, since: Day = None, until: Day = None,
        limit: Limit = 50, cursor: Cursor = None,
    ) -> Response[Any]:  # fmt: skip
        """Insights from the set meetings the signed-in account may read, oldest first."""
        paged = paging("insights", limit, cursor, TEXT_KEY)
        scope, reader = Scope.parse(theme, since, until), Reader.person(request.user.id)
        with projector.reader() as sql:
            tag = tag_for(position_of(sql, projector), reader, request)
            if unchanged(request, tag):
                return not_modified(tag)
            found = totals.keyed_insights(sql, reader, scope, paged.after, limit + 1)
        items, next_page = page("insights", found, paged, lambda item: item[0])
        body = InsightPage([note for _, note in items], next_page)
        return Response(body, headers={"ETag": tag})

    @get("/surprises", **ACROSS)
    def surprises(
        self, request: Request[Account, Any, Any], projector: NamedDependency[Projector],
        theme: Theme = None, since: Day = None, until: Day = None,
        limit: Limit = 50, cursor: Cursor = None,
    ) -> Response[Any]:  # fmt: skip
        """What surprised each cycle's team, oldest study first."""
        paged = paging("surprises", limit, cursor, (str, str, int))
        scope, reader = Scope.parse(theme, since, until), Reader.person(request.user.id)
        with projector.reader() as sql:
            tag = tag_for(position_of(sql, projector), reader, request)
            if unchanged(request, tag):
                return not_modified(tag)
            found = totals.surprises(sql, scope, paged.after, limit + 1)
        items, next_page = page("surprises", found, paged, surprise_key)
        return Response(SurprisePage(items, next_page), headers={"ETag": tag})


def question_key(question: OpenQuestion) -> tuple[str, str, str]:
    return (question.asked_on.isoformat(), str(question.pilot_id), str(question.question_id))


def surprise_key(surprise: Surprise) -> tuple[str, str, int]:
    """As the model stores it: the study's time as msgspec writes it."""
    return (msgspec.to_builtins(surprise.at), str(surprise.pilot_id), surprise.cycle)


HANDLERS = [LearningListsController]
