"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

import msgspec
from anyio import to_thread
from litestar import get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from adapters.bootstrap import Services
from web.pages import PageRequest
from web.security import session_cookie_name


class SessionCreate(msgspec.Struct):
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
    data: Annotated[SessionCreate, Body(media_type=RequestEncodingType.URL_ENCODED)],
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


def _form_again(data: SessionCreate, error: str, status: int) -> Template:
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


HANDLERS = [login_form, login_submit, logout]
