"""What every page handler shares: the request type, the route options, and the services.

Pages live at the addresses people bookmark; they are server-rendered and work without
JavaScript. Every page route is registered in one router (see `web.app`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from litestar import Litestar, Request
from litestar.response import Redirect, Template

from adapters.accounts import Account
from adapters.bootstrap import Services
from domain.errors import DomainError, InvalidEntry
from domain.pilot.commands import Command
from projections.engine.runner import Projector
from web.access import writers_only
from web.typed import REFUSED

C = TypeVar("C", bound=Command)
K = TypeVar("K")

PageRequest = Request[Account, Any, Any]
PAGE: dict[str, Any] = {"include_in_schema": False, "sync_to_thread": True}
# A form post: Post/Redirect/Get on success, and no reader may send one.
WRITE: dict[str, Any] = {**PAGE, "status_code": 303, "guards": [writers_only]}


def services_of(request: PageRequest) -> Services:
    services: Services = request.app.state.services
    return services


def projector_of(request: PageRequest) -> Projector:
    projector: Projector = request.app.state.projector
    return projector


def kept_in(app: Litestar, key: str, kind: type[K], make: Callable[[], K]) -> K:
    """The app's one `kind`, kept in its state under `key`: made by `make` when first asked for,
    so every request of a running app shares it."""
    found = app.state.get(key)
    if not isinstance(found, kind):
        found = make()
        app.state[key] = found
    return found


def send_form(
    request: PageRequest,
    section: str,
    submission: str | None,
    build: Callable[[], C],
    home: Callable[[C], str],
    again: Callable[[DomainError], Template],
) -> Template | Redirect:
    """Runs the command `build` makes from what was typed, for the signed-in person with their
    role across the programme, and redirects to `section` of the page `home` gives for it
    (Post/Redirect/Get). A refusal records nothing, and is answered with the page `again`
    shows."""
    try:
        sent = build()
        services_of(request).pilots.execute(
            sent, request.user.id, submission=submission, role=request.user.role
        )
    except REFUSED as error:
        return again(error)
    return Redirect(f"{home(sent)}#{section}", status_code=303)


def whole(field: str, text: str) -> int | None:
    """A whole number typed into the address, or None when it was left out."""
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidEntry(field, "must be a whole number, such as 3")
    return int(text)


def sentence(refused: InvalidEntry) -> str:
    """A field's problem as a sentence to show beside it."""
    return f"{refused.reason[:1].upper()}{refused.reason[1:]}."
