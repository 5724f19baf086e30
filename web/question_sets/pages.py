"""The set meeting forms on the pilot page (from `web.question_sets.commands`), and one
question's page from the question ledger."""

from __future__ import annotations

from uuid import UUID

from litestar import get
from litestar.params import FromPath
from litestar.response import Template

from domain.errors import NotFound
from domain.pilot.visibility import Reader
from domain.questions import CLOSED_QUESTION_HINT
from projections.question_ledger.queries import history_of
from web.commands import page_routes
from web.pages import PAGE, PageRequest, projector_of, services_of
from web.people import People
from web.pilots.view import QUESTION_STATUSES
from web.question_sets.commands import COMMANDS

STATUS_WORDS = {status.value: words for status, words in QUESTION_STATUSES.items()}


@get("/pilots/{pilot_id:uuid}/questions/{question_id:uuid}", **PAGE)
def question_page(
    request: PageRequest, pilot_id: FromPath[UUID], question_id: FromPath[UUID]
) -> Template:
    """One question from the ledger: where and when it was asked, every status it has had
    with who moved it and when, and its insights."""
    services = services_of(request)
    pilot = services.pilots.pilot(pilot_id)
    with projector_of(request).reader() as sql:
        found = history_of(sql, pilot_id, question_id, reader=Reader.person(request.user.id))
    if found is None:
        raise NotFound("no such question in this pilot")
    context = {
        "user": request.user,
        "pilot": pilot,
        "history": found,
        "statuses": STATUS_WORDS,
        "closed_hint": CLOSED_QUESTION_HINT,
        "name": People(services.accounts).name,
    }
    return Template("question.html.j2", context=context)


HANDLERS = [*page_routes(COMMANDS), question_page]
