"""Registering a pilot, and the pilot page: the pilot now with a form for each next step, or
read-only as it stood at an earlier version or date. Every form on the page posts to a handler
that calls `submit`, which redirects back on success and shows the page again on a refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Redirect, Template

from adapters.accounts import GlobalRole
from adapters.bootstrap import Services
from domain.errors import InvalidEntry, NotPermitted
from domain.pilot import Pilot
from domain.questions import CLOSED_QUESTION_HINT
from domain.service import Pilots
from web.pages.forms import Form, FormData, rows_in
from web.pages.session import PageRequest
from web.pages.typed import REFUSED, Forms, Typed
from web.pages.views import QUESTION_STATUSES, REFLECTION_KINDS, People, pilot_view

PAGE: dict[str, Any] = {"include_in_schema": False, "sync_to_thread": True}
WRITE: dict[str, Any] = {**PAGE, "status_code": 303}
REGISTRARS = frozenset({GlobalRole.LEAD, GlobalRole.ADMIN})
MIN_ROWS, MAX_ROWS = 3, 20

Command = Callable[[Pilots, UUID], object]


def services_of(request: PageRequest) -> Services:
    services: Services = request.app.state.services
    return services


@get("/pilots/new", **PAGE)
def new_pilot(request: PageRequest) -> Template:
    """The form to register a pilot: its title, the question it serves, and the idea to test."""
    _require_registrar(request)
    return Template("pilot_new.html.j2", context={"user": request.user, "forms": Forms()})


@post("/pilots/new", **WRITE)
def register_pilot(request: PageRequest, data: FormData) -> Template | Redirect:
    """Registers the pilot, with the person who registers it as its lead."""
    _require_registrar(request)
    form = Form(data)
    try:
        receipt = services_of(request).pilots.register_pilot(
            lead=request.user.id,
            title=form.text("title"),
            question=form.text("question"),
            idea=form.text("idea"),
            origin=form.text("origin"),
            themes=[theme for theme in form.text("themes").split(",") if theme.strip()],
            submission=form.submission,
        )
    except REFUSED as error:
        typed = Typed.refused("pilot", form.values, error)
        htmx = bool(HTMXDetails(request))
        context = {"user": request.user, "forms": Forms(typed, htmx=htmx)}
        status = 200 if htmx else typed.status
        return Template("pilot_new.html.j2", context=context, status_code=status)
    return Redirect(f"/pilots/{receipt.pilot.id}", status_code=303)


def _require_registrar(request: PageRequest) -> None:
    if request.user.role not in REGISTRARS:
        raise PermissionDeniedException("only a lead or an admin may register a pilot")


@get("/pilots/{pilot_id:uuid}", **PAGE)
def pilot_page(
    request: PageRequest,
    pilot_id: FromPath[UUID],
    version: FromQuery[str] = "",
    at: FromQuery[str] = "",
    rows: FromQuery[str] = "",
) -> Template:
    """The pilot now, with a form for each next step; with `version` or `at`, the pilot as it
    stood then, read-only. `rows` asks for more question and prediction rows when planning."""
    pilots = services_of(request).pilots
    if version.strip():
        if not version.strip().isdigit():
            raise InvalidEntry("version", "must be a whole number, such as 3")
        then = pilots.pilot(pilot_id, version=int(version))
        return page(request, then, latest=pilots.pilot(pilot_id).version)
    if at.strip():
        then = pilots.pilot_as_of(pilot_id, end_of(at))
        return page(request, then, latest=pilots.pilot(pilot_id).version)
    wanted = int(rows) if rows.strip().isdigit() else MIN_ROWS
    return page(request, pilots.pilot(pilot_id), rows=wanted)


def end_of(at: str) -> datetime:
    """A date means the end of that day, UTC; a moment without a zone is taken as UTC."""
    try:
        return datetime.combine(date.fromisoformat(at.strip()), time.max, tzinfo=UTC)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(at.strip())
    except ValueError:
        raise InvalidEntry("at", "must be a date, such as 2026-05-01") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def page(
    request: PageRequest,
    pilot: Pilot,
    *,
    typed: Typed | None = None,
    rows: int = MIN_ROWS,
    latest: int | None = None,
) -> Template:
    """The pilot page. `latest` is set when `pilot` is an earlier version, shown read-only."""
    htmx = HTMXDetails(request)
    people = People(services_of(request).accounts)
    grown = rows_in(typed.values) if typed is not None and typed.form == "plan" else 0
    context = {
        "user": request.user,
        "view": pilot_view(pilot, None if latest is not None else request.user.id, people),
        "name": people.name,
        "forms": Forms(typed, htmx=bool(htmx)),
        "rows": max(MIN_ROWS, min(MAX_ROWS, max(rows, grown))),
        "latest": latest,
        "focus": htmx.target if htmx and typed is None else None,
        "kinds": REFLECTION_KINDS,
        "statuses": QUESTION_STATUSES,
        "closed_hint": CLOSED_QUESTION_HINT,
        "today": datetime.now(UTC).date().isoformat(),
    }
    # htmx swaps only 2xx answers, so a refusal it asked for comes back as 200 with the errors.
    status = 200 if typed is None or htmx else typed.status
    return Template("pilot.html.j2", context=context, status_code=status)


def submit(
    request: PageRequest, pilot_id: UUID, section: str, form: str, values: dict[str, str],
    command: Command,
) -> Template | Redirect:  # fmt: skip
    """Runs a form's command. On success, back to the form's section (Post/Redirect/Get); on a
    refusal, which records nothing, the page again with the form as it was typed."""
    pilots = services_of(request).pilots
    try:
        command(pilots, request.user.id)
    except REFUSED as error:
        pilot = pilots.pilot(pilot_id)
        if pilot.role_of(request.user.id) is None:
            raise NotPermitted(
                "only the pilot's lead, members and facilitator may write to it"
            ) from None
        return page(request, pilot, typed=Typed.refused(form, values, error, section))
    return Redirect(f"/pilots/{pilot_id}#{section}", status_code=303)
