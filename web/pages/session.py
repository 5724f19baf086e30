"""Signing in and out, and the dashboard a signed-in person lands on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any
from uuid import UUID

import msgspec
from anyio import to_thread
from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from adapters.accounts import Account, GlobalRole
from adapters.bootstrap import Services
from projections.engine.base import Sql
from projections.engine.runner import Projector
from projections.pilot_index.queries import PilotSummary, pilots_for
from projections.timeline.queries import TimelineEntry, recent
from web.pages.views import People
from web.security import session_cookie_name

PageRequest = Request[Account, Any, Any]
# How many of the latest entries across pilots the dashboard shows.
RECENT_ENTRIES = 10


class SignIn(msgspec.Struct):
    email: str = ""
    password: str = ""
    next: str = "/"


def safe_next(target: str) -> str:
    """Only a path on this site: never another host (`//evil`) or a scheme (`javascript:`)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@get("/login", opt={"exclude_from_auth": True}, include_in_schema=False, sync_to_thread=False)
def login_form(next: FromQuery[str] = "/") -> Template:
    """The sign-in form."""
    return Template("login.html.j2", context={"email": "", "next": safe_next(next), "error": ""})


@post("/login", opt={"exclude_from_auth": True}, include_in_schema=False, status_code=303)
async def login_submit(
    request: PageRequest,
    data: Annotated[SignIn, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template | Redirect:
    """Checks the password (off the event loop: argon2 is deliberately slow) and starts a
    session with a new id; whatever session cookie the browser brought is discarded."""
    services: Services = request.app.state.services
    email = data.email.strip().lower()[:320]
    locked = await to_thread.run_sync(services.sign_in_guard.locked_for, email)
    if locked is not None:
        minutes = max(1, round(locked.total_seconds() / 60))
        error = f"Too many failed sign-ins for this email. Try again in {minutes} minutes."
        return _form_again(data, error, 429)
    account = await to_thread.run_sync(services.accounts.authenticate, email, data.password)
    if account is None:
        await to_thread.run_sync(services.sign_in_guard.failed, email)
        return _form_again(data, "That email and password do not match an account.", 400)
    await to_thread.run_sync(services.sign_in_guard.succeeded, email)
    old = request.cookies.get(session_cookie_name(request.scope))
    if old:
        await to_thread.run_sync(services.sessions.end, old)
    session_id = await to_thread.run_sync(services.sessions.start, account.id)
    response = Redirect(safe_next(data.next), status_code=303)
    response.set_cookie(
        session_cookie_name(request.scope), session_id, httponly=True, samesite="lax", path="/",
        max_age=12 * 3600,
    )  # fmt: skip
    return response


def _form_again(data: SignIn, error: str, status: int) -> Template:
    context = {"email": data.email, "next": safe_next(data.next), "error": error}
    return Template("login.html.j2", context=context, status_code=status)


@post("/logout", include_in_schema=False, status_code=303)
async def logout(request: PageRequest) -> Redirect:
    """Ends the session in the store, so a copy of the old cookie no longer works."""
    services: Services = request.app.state.services
    name = session_cookie_name(request.scope)
    if request.auth and isinstance(request.auth, str):
        await to_thread.run_sync(services.sessions.end, request.auth)
    response = Redirect("/login", status_code=303)
    response.delete_cookie(name, path="/")
    return response


@get("/", include_in_schema=False, sync_to_thread=True)
def dashboard(request: PageRequest) -> Template:
    """The pilots the person leads or follows, every other pilot, and recent activity."""
    services: Services = request.app.state.services
    projector: Projector = request.app.state.projector
    people = People(services.accounts)
    with projector.reader() as sql:
        summaries = pilots_for(sql)
        activity = recent_activity(sql, summaries, people.name)
    context = {
        "user": request.user,
        "mine": [s for s in summaries if request.user.id in s.team],
        "others": [s for s in summaries if request.user.id not in s.team],
        "activity": activity,
        "name": people.name,
        "may_register": request.user.role in (GlobalRole.LEAD, GlobalRole.ADMIN),
    }
    return Template("dashboard.html.j2", context=context)


def recent_activity(
    sql: Sql, summaries: Sequence[PilotSummary], name_of: Callable[[UUID], str]
) -> list[tuple[PilotSummary, TimelineEntry]]:
    """The latest entries across pilots, most recently recorded first, each with its pilot."""
    by_id = {summary.id: summary for summary in summaries}
    return [
        (by_id[pilot_id], entry)
        for pilot_id, entry in recent(sql, name_of, RECENT_ENTRIES)
        if pilot_id in by_id  # not so only while the pilot index is being rebuilt
    ]
