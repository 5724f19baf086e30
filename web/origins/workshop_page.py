"""A workshop's page: its principles with the stories they draw on, its framing questions, its
ideas with their links and lineage, and, for those who may write to it, the forms of
`web.origins.commands` to record, revise, merge and split them.

Every form posts to its route of `WORKSHOP_COMMANDS` and is sent by `submit`: on success it
goes back to the form's section (Post/Redirect/Get); a refusal records nothing and shows the
page again, with the form as it was typed and each message beside its field.
"""

from __future__ import annotations

from uuid import UUID

from litestar import get
from litestar.params import FromPath
from litestar.response import Template

from domain.errors import NotPermitted
from domain.origins import Workshop
from domain.origins.commands import WorkshopCommand
from web.commands import page_routes
from web.origins.commands import WORKSHOP, WORKSHOP_COMMANDS
from web.origins.view import may_write, workshop_view
from web.pages import PAGE, FormPage, PageRequest, services_of
from web.people import People
from web.typed import Forms, Typed

# Rows the split form offers: a split makes two ideas or more.
SPLIT_ROWS = 3


def render(request: PageRequest, workshop: Workshop, typed: Typed | None = None) -> Template:
    services = services_of(request)
    people = People(services.accounts)
    context = {
        "user": request.user,
        "view": workshop_view(services.pilots, workshop, request.user, people),
        "forms": Forms(typed),
        "base": f"/workshops/{workshop.id}",
        "split_rows": SPLIT_ROWS,
    }
    status = 200 if typed is None else typed.status
    return Template("workshop.html.j2", context=context, status_code=status)


@get(WORKSHOP, **PAGE)
def workshop_page(request: PageRequest, workshop_id: FromPath[UUID]) -> Template:
    """The workshop as it stands, with a form for each thing its writers may record."""
    return render(request, services_of(request).pilots.workshop(workshop_id))


def _again(request: PageRequest, typed: Typed) -> Template:
    workshop = services_of(request).pilots.workshop(request.path_params["workshop_id"])
    if not may_write(workshop, request.user):
        raise NotPermitted(
            "only a lead, an admin or a facilitator of the workshop may record what it produced"
        ) from None  # called while the refusal is handled: this answer replaces it
    return render(request, workshop, typed)


submit = FormPage[WorkshopCommand](lambda sent: f"/workshops/{sent.workshop_id}", _again)


HANDLERS = [workshop_page, *page_routes(WORKSHOP_COMMANDS, under=WORKSHOP, send=submit)]
