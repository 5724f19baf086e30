"""Learning across pilots: the open questions with their age, and search; and, on each pilot's
page, gentle prompts drawn from how the pilot has kept to its methods.

The cross-pilot summary joins the learning page through the `summary` context key and the
template's `summary` block, which its own module fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from litestar import get
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Template

from domain.errors import InvalidEntry
from domain.values import QuestionStatus
from projections.method_checks import checks_for
from projections.question_ledger import LedgerQuestion, questions
from projections.runner import Projector
from projections.search import search
from projections.search_terms import pieces
from web.pages.pilots import PAGE, services_of
from web.pages.reports import summary_view
from web.pages.session import PageRequest
from web.pages.typed import FormView

KINDS = {
    "idea": "Idea",
    "reflection": "Reflection",
    "learning": "Study: learning",
    "surprises": "Study: surprises",
    "results": "Study: results",
    "insight": "Insight",
}


@dataclass(frozen=True)
class Found:
    """A search hit as the page shows it: its snippet in pieces, each marked or not."""

    pilot_id: UUID
    pilot_title: str
    kind: str
    pieces: list[tuple[str, bool]]


def projector_of(request: PageRequest) -> Projector:
    projector: Projector = request.app.state.projector
    return projector


@get("/learning", **PAGE)
def learning_page(request: PageRequest, q: FromQuery[str] = "") -> Template:
    """Open questions across pilots, oldest first with their age in days, and a search over
    ideas, reflections, study notes and insights. A blank search shows no results."""
    today = datetime.now(UTC).date()
    error, found = "", None
    with projector_of(request).reader() as sql:
        waiting = questions(sql, QuestionStatus.OPEN)
        if q.strip():
            try:
                found = [
                    Found(h.pilot_id, h.pilot_title, KINDS.get(h.kind, h.kind), pieces(h.snippet))
                    for h in search(sql, q)
                ]
            except InvalidEntry as refused:
                error = f"{refused.reason[:1].upper()}{refused.reason[1:]}."
    context = {
        "user": request.user,
        "open_questions": [(question, _age(question, today)) for question in waiting],
        "form": FormView("search", {"q": q}, {"q": error} if error else {}),
        "q": q,
        "found": found,
        "summary": summary_view(request),
    }
    return Template("learning.html.j2", context=context, status_code=400 if error else 200)


def _age(question: LedgerQuestion, today: date) -> int:
    """Days since the set met; a meeting dated ahead reads as asked today."""
    return max(0, (today - question.asked_on).days)


@get("/pilots/{pilot_id:uuid}/method-checks", **PAGE)
def method_checks_page(request: PageRequest, pilot_id: FromPath[UUID]) -> Template:
    """Prompts drawn from the pilot's record: predictions before Do, decisions carried
    forward, a reflection on each cycle, open questions revisited. htmx loads them into the
    pilot page; without JavaScript they are a page of their own."""
    pilot = services_of(request).pilots.pilot(pilot_id)
    with projector_of(request).reader() as sql:
        checks = checks_for(sql, pilot_id)
    context = {
        "user": request.user,
        "pilot": pilot,
        "checks": checks,
        "page": not HTMXDetails(request),
    }
    return Template("partials/method_checks.html.j2", context=context)


HANDLERS = [learning_page, method_checks_page]
