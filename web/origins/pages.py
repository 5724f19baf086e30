"""Recording a story (`/stories/new`) and a workshop (`/workshops/new`), and the list of
workshops (`/workshops`). A recorded story is shown at `/stories/{id}`, a workshop at
`/workshops/{id}` (`web.origins.workshop_page`).

Each form works without JavaScript: a refusal records nothing and shows the form again, as it
was typed, with each message beside its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import get, post
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Redirect, Template

from domain.origins.access import PROGRAMME_TEAM, standing
from domain.service import Receipt
from web.access import Connection, writers_only
from web.forms import Form, FormData
from web.origins.api import story_command, workshop_command
from web.origins.catalogue import workshops
from web.origins.schemas import StoryCreate, WorkshopCreate
from web.pages import PAGE, WRITE, PageRequest, services_of
from web.typed import REFUSED, Forms, Typed

# What each consent means, in the words the form uses.
CONSENTS = [
    ("community", "Everyone: anyone who signs in to Pilot Tracker may read it"),
    ("team", "The programme team only: the teller, whoever records it, and the programme's "
             "leads and admins"),
]  # fmt: skip


def programme_team_only(connection: Connection, _: BaseRouteHandler) -> None:
    """Recording a workshop is for the programme team: leads and admins."""
    if standing(connection.user.role) not in PROGRAMME_TEAM:
        raise PermissionDeniedException("only a lead or admin account may record a workshop")


def _form_page(request: PageRequest, template: str, typed: Typed | None = None) -> Template:
    htmx = bool(HTMXDetails(request))
    context = {"user": request.user, "forms": Forms(typed, htmx=htmx), "consents": CONSENTS}
    status = 200 if typed is None or htmx else typed.status
    return Template(template, context=context, status_code=status)


def _record(
    request: PageRequest, form: Form, key: str, build: Callable[[Form], Any], where: str
) -> Template | Redirect:
    """Runs the form's command for the signed-in person, and goes to the new record's page;
    a refused form is shown again from the template `{key}_new.html.j2`."""
    services = services_of(request)
    template = f"{key}_new.html.j2"
    try:
        receipt: Receipt = services.pilots.execute(
            build(form), request.user.id, submission=form.submission, role=request.user.role
        )
    except REFUSED as error:
        return _form_page(request, template, Typed.refused(key, form.values, error))
    return Redirect(where.format(id=receipt.record.id), status_code=303)


@get("/stories/new", **PAGE, guards=[writers_only])
def new_story(request: PageRequest) -> Template:
    """The form to record a story: its words, the teller's consent, and, if given, its title,
    who told it and its themes."""
    return _form_page(request, "story_new.html.j2")


@post("/stories/new", **WRITE)
def record_story(request: PageRequest, data: FormData) -> Template | Redirect:
    """Records the story, and shows it."""
    services = services_of(request)

    def build(form: Form) -> Any:
        return story_command(form.read(StoryCreate), services)

    return _record(request, Form(data), "story", build, "/stories/{id}")


@get("/workshops", **PAGE)
def workshop_list(request: PageRequest) -> Template:
    """Every workshop, the most recently held first, with what each produced."""
    context = {
        "user": request.user,
        "workshops": workshops(services_of(request).pilots),
        "may_record": standing(request.user.role) in PROGRAMME_TEAM,
    }
    return Template("workshops.html.j2", context=context)


@get("/workshops/new", **PAGE, guards=[programme_team_only])
def new_workshop(request: PageRequest) -> Template:
    """The form to record a workshop that was held, and who facilitated it."""
    return _form_page(request, "workshop_new.html.j2")


@post("/workshops/new", **{**WRITE, "guards": [programme_team_only]})
def record_workshop(request: PageRequest, data: FormData) -> Template | Redirect:
    """Records the workshop, and shows its page."""
    services = services_of(request)

    def build(form: Form) -> Any:
        return workshop_command(form.read(WorkshopCreate), services)

    return _record(request, Form(data), "workshop", build, "/workshops/{id}")


HANDLERS = [new_story, record_story, workshop_list, new_workshop, record_workshop]
