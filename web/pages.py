"""What every page handler shares: the request type, the route options, and the services.

Pages live at the addresses people bookmark; they are server-rendered and work without
JavaScript. Every page route is registered in one router (see `web.app`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Generic, TypeVar

from litestar import Litestar, Request
from litestar.response import Redirect, Template

from adapters.accounts import Account
from adapters.bootstrap import Services
from domain.errors import InvalidEntry
from domain.pilot.commands import Command
from projections.engine.runner import Projector
from web.access import writers_only
from web.typed import REFUSED, Typed

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


@dataclass(frozen=True)
class FormPage(Generic[C]):
    """How the forms of a page are sent. Each runs the command its `build` makes from what was
    typed, for the signed-in person with their role across the programme, and redirects to the
    form's section of the page `home` gives for the command (Post/Redirect/Get). A refusal
    records nothing: it is answered with the page again (`again`), showing the form as typed
    and each message beside its field."""

    home: Callable[[C], str]
    again: Callable[[PageRequest, Typed], Template]

    def __call__(
        self,
        request: PageRequest,
        section: str,
        form: str,
        values: dict[str, str],
        submission: str | None,
        build: Callable[[], C],
    ) -> Template | Redirect:
        """`section` is where the page returns to, and `form` the key of the form to show again."""
        try:
            sent = build()
            services_of(request).pilots.execute(
                sent, request.user.id, submission=submission, role=request.user.role
            )
        except REFUSED as error:
            return self.again(request, Typed.refused(form, values, error, section))
        return Redirect(f"{self.home(sent)}#{section}", status_code=303)


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


def end_of(at: str) -> datetime:
    """`?at=` as a moment: a date means the end of that day, UTC; a moment without a zone is
    taken as UTC; one that cannot be put in UTC is refused."""
    try:
        return datetime.combine(date.fromisoformat(at.strip()), time.max, tzinfo=UTC)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(at.strip())
    except ValueError:
        raise InvalidEntry("at", "must be a date, such as 2026-05-01") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise InvalidEntry("at", "is too far in the past or the future") from None
    return moment
