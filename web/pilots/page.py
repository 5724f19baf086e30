"""The pilot page, and the path every form on it takes.

Every form posts to a handler that calls `submit`: on success it redirects back to the form's
section (Post/Redirect/Get); on a refusal, which records nothing, it shows the page again with
the form as it was typed and each message beside its field.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from litestar.plugins.htmx import HTMXDetails
from litestar.response import Template

from domain.errors import NotPermitted
from domain.pilot import Pilot
from domain.pilot.commands import PilotCommand
from domain.pilot.visibility import Reader, seen_by
from domain.questions import CLOSED_QUESTION_HINT
from web.forms import rows_in
from web.measures.charts import measure_charts
from web.origins.choices import named_by
from web.pages import FormPage, PageRequest, services_of
from web.people import People
from web.pilots.view import QUESTION_STATUSES, REFLECTION_KINDS, VISIBILITIES, pilot_view
from web.typed import Forms, Typed

MIN_ROWS, MAX_ROWS = 3, 20


def render(
    request: PageRequest,
    pilot: Pilot,
    *,
    typed: Typed | None = None,
    rows: int = MIN_ROWS,
    latest: Pilot | None = None,
) -> Template:
    """The pilot page, with the entries the signed-in person may read. `latest` is set when
    `pilot` is an earlier version, shown read-only (and as entries are shared now)."""
    htmx = HTMXDetails(request)
    people = People(services_of(request).accounts)
    seen = seen_by(pilot, Reader.person(request.user.id), latest)
    grown = rows_in(typed.values) if typed is not None and typed.form == "plan" else 0
    context = {
        "user": request.user,
        "view": pilot_view(seen, None if latest is not None else request.user.id, people),
        "name": people.name,
        "forms": Forms(typed, htmx=bool(htmx)),
        "rows": max(MIN_ROWS, min(MAX_ROWS, max(rows, grown))),
        "latest": None if latest is None else latest.version,
        "focus": htmx.target if htmx and typed is None else None,
        "kinds": REFLECTION_KINDS,
        "statuses": QUESTION_STATUSES,
        "visibilities": VISIBILITIES,
        "closed_hint": CLOSED_QUESTION_HINT,
        "today": datetime.now(UTC).date().isoformat(),
        "measures": measure_charts(request, pilot, then=latest is not None),
        "origins": named_by(services_of(request).pilots, pilot),
    }
    # htmx swaps only 2xx answers, so a refusal it asked for comes back as 200 with the errors.
    status = 200 if typed is None or htmx else typed.status
    return Template("pilot.html.j2", context=context, status_code=status)


def _again(request: PageRequest, typed: Typed) -> Template:
    return render(request, writable(request, request.path_params["pilot_id"]), typed=typed)


submit = FormPage[PilotCommand](lambda sent: f"/pilots/{sent.pilot_id}", _again)


def writable(request: PageRequest, pilot_id: UUID) -> Pilot:
    """The pilot, to show again after a refusal to someone who may write to it: to anyone else
    the refusal is that they may not."""
    pilot = services_of(request).pilots.pilot(pilot_id)
    if pilot.role_of(request.user.id) is None:
        raise NotPermitted(
            "only the pilot's lead, members and facilitator may write to it"
        ) from None  # called while the refusal is handled: this answer replaces it
    return pilot
