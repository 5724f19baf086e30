"""What every page handler shares: the request type, the route options, and the services.

Pages live at the addresses people bookmark; they are server-rendered and work without
JavaScript. Every page route is registered in one router (see `web.app`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from litestar import Request

from adapters.accounts import Account
from adapters.bootstrap import Services
from domain.errors import InvalidEntry
from projections.engine.runner import Projector
from web.access import writers_only

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
