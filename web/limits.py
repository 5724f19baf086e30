"""Every request's deadline for waiting on the database: a write that cannot be served within
the bound hears a 503 at once rather than waiting in turn at each of its steps (R9, R11)."""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from adapters.deadline import waiting_at_most

# The waits a request may make, in all; the answer, a lock wait already begun and the work
# itself come on top, and the whole stays within the 2 s bound.
DATABASE_WAIT_SECONDS = 1.0


def database_deadline(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: starts the clock when the request arrives, before it queues for a
    thread, so the time spent queued counts too."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        with waiting_at_most(DATABASE_WAIT_SECONDS):
            await app(scope, receive, send)

    return middleware
