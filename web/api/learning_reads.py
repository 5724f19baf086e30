"""Reads from the read models: the question ledger (every question, and one question's
history), search, and the method checks (one pilot's prompts, and how they hold across pilots).

Each read goes through `projector.reader()`, which first catches the read models up with the
log, so an answer given after a write shows it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from adapters.bootstrap import Services
from domain.errors import NotFound
from domain.values import QuestionStatus
from projections.engine.runner import Projector
from projections.method_checks import queries as method_checks
from projections.question_ledger.queries import LedgerQuestion, history_of, questions
from projections.search.queries import search
from projections.search.terms import QUERY_MAX, pieces, unmarked
from web.api import openapi
from web.api.access import provide_services

STATUSES = "open, explored, answered, carried_forward or closed; empty for every question"
STATUS_WORDS = ["", *(status.value for status in QuestionStatus)]
QUERY = (
    "Words to find in ideas (every version), reflections, study notes and insights. "
    '"Quoted words" find a phrase, `or` between words finds either, and `-word` leaves out '
    "entries with that word. Anything else typed is searched for as it is."
)


class QuestionItem(msgspec.Struct):
    pilot_id: UUID
    question_id: UUID
    text: str
    status: str
    asked_on: date
    looks_closed: bool
    asker: UUID | None
    pilot_title: str


class QuestionList(msgspec.Struct):
    items: list[QuestionItem]


class StatusChangeRead(msgspec.Struct):
    status: str
    at: datetime
    actor: UUID


class LedgerInsightRead(msgspec.Struct):
    id: UUID
    text: str
    at: datetime
    author: UUID


class QuestionHistoryRead(msgspec.Struct):
    """A question as the ledger keeps it: every status it has had (the first is `open`, when
    it was asked) and every insight, oldest first."""

    question: QuestionItem
    statuses: list[StatusChangeRead]
    insights: list[LedgerInsightRead]


class MethodCheckRead(msgspec.Struct):
    """`check` is the check's stable name; `ok` whether the pilot's record keeps to it."""

    check: str
    label: str
    ok: bool
    prompt: str


class MethodChecks(msgspec.Struct):
    checks: list[MethodCheckRead]


class MethodCheckTally(msgspec.Struct):
    """Of the `applies` pilots the check applies to, it holds in `holds`."""

    check: str
    label: str
    holds: int
    applies: int


class MethodCheckSummary(msgspec.Struct):
    items: list[MethodCheckTally]


class SnippetPiece(msgspec.Struct):
    text: str
    match: bool


class SearchItem(msgspec.Struct):
    """`snippet` is plain text; `pieces` is the same text split where the words matched."""

    pilot_id: UUID
    kind: str
    snippet: str
    pieces: list[SnippetPiece]
    pilot_title: str


class SearchResults(msgspec.Struct):
    items: list[SearchItem]


def provide_projector(state: State) -> Projector:
    projector: Projector = state.projector
    return projector


READS = {"projector": Provide(provide_projector, sync_to_thread=False)}


@get(
    "/learning/questions",
    tags=["Learning"],
    sync_to_thread=True,
    dependencies=READS,
    responses=openapi.problems(400, 401, 503),
)
def question_list(
    projector: NamedDependency[Projector],
    status: Annotated[str | None, QueryParameter(description=STATUSES, enum=STATUS_WORDS)] = None,
) -> QuestionList:
    """Every question asked in a set meeting across all pilots, in the order they were asked;
    `status` narrows them, as `?status=open` gives the questions still open."""
    with projector.reader() as sql:
        found = questions(sql, status or None)
    return QuestionList([question_item(q) for q in found])


@get(
    "/pilots/{pilot_id:uuid}/questions/{question_id:uuid}",
    tags=["Learning"],
    sync_to_thread=True,
    dependencies=READS,
    responses=openapi.problems(401, 404, 503),
)
def question_history(
    projector: NamedDependency[Projector], pilot_id: FromPath[UUID], question_id: FromPath[UUID]
) -> QuestionHistoryRead:
    """One question from the ledger: where and when it was asked, each status it has had,
    with who moved it and when, and every insight attached to it."""
    with projector.reader() as sql:
        found = history_of(sql, pilot_id, question_id)
    if found is None:
        raise NotFound("no such question in this pilot")
    return QuestionHistoryRead(
        question_item(found.question),
        [StatusChangeRead(s.status, s.at, s.actor) for s in found.statuses],
        [LedgerInsightRead(i.id, i.text, i.at, i.author) for i in found.insights],
    )


def question_item(q: LedgerQuestion) -> QuestionItem:
    return QuestionItem(
        q.pilot_id, q.question_id, q.text, q.status, q.asked_on, q.looks_closed, q.asker,
        q.pilot_title,
    )  # fmt: skip


@get(
    "/search",
    tags=["Learning"],
    sync_to_thread=True,
    dependencies=READS,
    responses=openapi.problems(400, 401, 503),
)
def search_entries(
    projector: NamedDependency[Projector],
    q: Annotated[
        str, QueryParameter(description=QUERY, min_length=1, max_length=QUERY_MAX, pattern=r"\S")
    ],
) -> SearchResults:
    """The entries that best match `q`, at most 50, each with a snippet around the words that
    matched. A blank `q` is refused with 400."""
    with projector.reader() as sql:
        hits = search(sql, q)
    return SearchResults(
        [
            SearchItem(
                hit.pilot_id, hit.kind, unmarked(hit.snippet),
                [SnippetPiece(text, match) for text, match in pieces(hit.snippet)],
                hit.pilot_title,
            )
            for hit in hits
        ]
    )  # fmt: skip


@get(
    "/pilots/{pilot_id:uuid}/method-checks",
    tags=["Learning"],
    sync_to_thread=True,
    dependencies={**READS, "services": Provide(provide_services, sync_to_thread=False)},
    responses=openapi.problems(401, 404, 503),
)
def pilot_method_checks(
    projector: NamedDependency[Projector],
    services: NamedDependency[Services],
    pilot_id: FromPath[UUID],
) -> MethodChecks:
    """The checks that apply to the pilot so far, each with a gentle prompt drawn from its
    record: predictions made before Do, decisions given a rationale and carried forward, a
    reflection on each cycle, open questions revisited."""
    services.pilots.pilot(pilot_id)  # 404 for a pilot that does not exist
    with projector.reader() as sql:
        found = method_checks.checks_for(sql, pilot_id)
    return MethodChecks([MethodCheckRead(c.name, c.label, c.ok, c.prompt) for c in found])


@get(
    "/learning/method-checks",
    tags=["Learning"],
    sync_to_thread=True,
    dependencies=READS,
    responses=openapi.problems(401, 503),
)
def method_check_summary(projector: NamedDependency[Projector]) -> MethodCheckSummary:
    """For each method check, across pilots: how many pilots it applies to and in how many it
    holds, in the order of the checks."""
    with projector.reader() as sql:
        tally = method_checks.summary(sql)
    return MethodCheckSummary(
        [
            MethodCheckTally(name, label, *tally[name])
            for name, label in method_checks.LABELS.items()
        ]
    )
