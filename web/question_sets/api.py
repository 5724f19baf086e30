"""The set meetings API: the writes of `web.question_sets.commands`, and one question's history
from the question ledger."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from adapters.accounts import Account
from domain.errors import NotFound
from domain.pilot.visibility import Reader
from projections.engine.runner import Projector
from projections.question_ledger.queries import history_of
from web import openapi
from web.access import READS
from web.commands import api_routes
from web.question_sets.commands import COMMANDS
from web.question_sets.schemas import (
    LedgerInsightRead,
    QuestionHistoryRead,
    StatusChangeRead,
    question_item,
)


@get(
    "/pilots/{pilot_id:uuid}/questions/{question_id:uuid}",
    sync_to_thread=True,
    tags=["Learning"],
    dependencies=READS,
    responses=openapi.problems(401, 404, 503),
)
def question_history(
    request: Request[Account, Any, Any],
    projector: NamedDependency[Projector],
    pilot_id: FromPath[UUID],
    question_id: FromPath[UUID],
) -> QuestionHistoryRead:
    """One question from the ledger: where and when it was asked, each status it has had,
    with who moved it and when, and every insight attached to it. 404 for a question of a set
    meeting the signed-in account may not read, as for one that does not exist."""
    with projector.reader() as sql:
        found = history_of(sql, pilot_id, question_id, reader=Reader.person(request.user.id))
    if found is None:
        raise NotFound("no such question in this pilot")
    return QuestionHistoryRead(
        question_item(found.question),
        [StatusChangeRead(s.status, s.at, s.actor) for s in found.statuses],
        [LedgerInsightRead(i.id, i.text, i.at, i.author) for i in found.insights],
    )


HANDLERS = [*api_routes(COMMANDS, "Reflections and question sets"), question_history]
