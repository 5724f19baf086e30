"""Learning across pilots: the method checks tallied, search and the question ledger; and, on
each pilot's page, gentle prompts drawn from how the pilot has kept to its methods.

The cross-pilot summary joins the learning page through the `summary` context key and the
template's `summary` block, which its own module fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from litestar import Response, get
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Template

from domain.errors import InvalidEntry
from domain.pilot.visibility import Reader
from projections.engine.base import Sql
from projections.learning.scope import Scope
from projections.method_checks.queries import (
    LABELS,
    Tally,
    checks_for,
    community_checks,
    summary_beyond,
)
from projections.programme import queries as programme
from projections.question_ledger.queries import LedgerQuestion, questions
from projections.search.queries import search
from projections.search.terms import pieces
from web.etags import not_modified, position_of, tag_for, unchanged
from web.learning.found import heading, href, kind_words
from web.learning.memo import memo_of
from web.learning.summary import summary_view
from web.pages import PAGE, PageRequest, projector_of, sentence, services_of
from web.paging import page, paging
from web.pilots.view import QUESTION_STATUSES
from web.typed import FormView

# How many questions a page of the ledger shows; a link leads to the next.
LEDGER_PAGE = 50
# The ledger's filter: every status, or one. The ledger opens on the questions still open.
STATUS_WORDS = {status.value: words for status, words in QUESTION_STATUSES.items()}
LEDGER_CHOICES = [("", "Every status"), *((v, w.capitalize()) for v, w in STATUS_WORDS.items())]


@dataclass(frozen=True)
class Found:
    """A search hit as the page shows it: the page it links to and the title of the pilot,
    story or workshop it is in, what it is in words, and its snippet in pieces, each marked or
    not."""

    href: str
    title: str
    kind: str
    pieces: list[tuple[str, bool]]


@get("/learning", **PAGE)
def learning_page(
    request: PageRequest, q: FromQuery[str] = "", status: FromQuery[str] = "open",
    cursor: FromQuery[str] = "",
) -> Template | Response[bytes]:  # fmt: skip
    """The cross-pilot summary, how the method checks hold across pilots, a search over ideas,
    reflections, study notes, insights, stories and workshops' outputs, each as this person
    may read it (a blank search shows no results), and the question ledger, narrowed to one
    status, a page at a time. Answered 304 to `If-None-Match` while the log has not moved."""
    search_error = status_error = ""
    ledger: list[LedgerQuestion] = []
    ledger_next: str | None = None
    found = None
    reader = Reader.person(request.user.id)
    projector = projector_of(request)
    with projector.reader() as sql:
        position = position_of(sql, projector)
        tag = tag_for(position, reader, request)
        if unchanged(request, tag):
            return not_modified(tag)
        tally = memo_of(request.app).get(
            ("method-checks", position, reader), lambda: _tally(sql, reader, request)
        )
        try:
            ledger, ledger_next = _ledger(sql, status.strip() or None, cursor.strip(), reader)
        except InvalidEntry as refused:
            status_error = sentence(refused)
        if q.strip():
            try:
                found = [
                    Found(href(h), heading(h), kind_words(h), pieces(h.snippet))
                    for h in search(sql, q, reader=reader, role=request.user.role)
                ]
            except InvalidEntry as refused:
                search_error = sentence(refused)
    context = {
        "user": request.user,
        "ledger": ledger,
        "ledger_next": ledger_next,
        "ledger_page": LEDGER_PAGE,
        "method_checks": [(LABELS[name], *tally[name]) for name in LABELS],
        "ledger_form": FormView("ledger", {"status": status}, _error("status", status_error)),
        "ledger_choices": LEDGER_CHOICES,
        "statuses": STATUS_WORDS,
        "form": FormView("search", {"q": q}, _error("q", search_error)),
        "q": q,
        "found": found,
        "summary": summary_view(request),
    }
    bad = search_error or status_error
    return Template(
        "learning.html.j2", context=context, status_code=400 if bad else 200,
        headers={} if bad else {"ETag": tag},
    )  # fmt: skip


def _ledger(
    sql: Sql, status: str | None, cursor: str, reader: Reader
) -> tuple[list[LedgerQuestion], str | None]:
    """One page of the ledger (blank status: every status), and the cursor of the next."""
    paged = paging("questions", LEDGER_PAGE, cursor or None, (str, int, int))
    found = questions(sql, status, reader=reader, after=paged.after, limit=paged.limit + 1)
    return page("questions", found, paged, lambda q: q.key)


def _tally(sql: Sql, reader: Reader, request: PageRequest) -> Tally:
    """How the method checks hold across pilots for `reader`: the community's tally, which the
    `programme` model keeps, with the pilots where the reader may read more judged again for
    them. Where the model is not kept, every pilot's checks as the community reads them are
    judged once per position and kept in the app's memo."""
    if programme.ready(sql, Scope()):
        return programme.tally(sql, reader)
    position = position_of(sql, projector_of(request))
    community = memo_of(request.app).get(("method-checks", position), lambda: community_checks(sql))
    return summary_beyond(sql, community, reader=reader)


def _error(field: str, message: str) -> dict[str, str]:
    return {field: message} if message else {}


@get("/pilots/{pilot_id:uuid}/method-checks", **PAGE)
def method_checks_page(request: PageRequest, pilot_id: FromPath[UUID]) -> Template:
    """Prompts drawn from the pilot's record: predictions before Do, decisions carried
    forward, a reflection on each cycle, open questions revisited. htmx loads them into the
    pilot page; without JavaScript they are a page of their own."""
    pilot = services_of(request).pilots.pilot(pilot_id)
    with projector_of(request).reader() as sql:
        checks = checks_for(sql, pilot_id, reader=Reader.person(request.user.id))
    context = {
        "user": request.user,
        "pilot": pilot,
        "checks": checks,
        "page": not HTMXDetails(request),
    }
    return Template("partials/method_checks.html.j2", context=context)


HANDLERS = [learning_page, method_checks_page]
