"""Liveness and which store answers, for load balancers and people."""

from __future__ import annotations

import msgspec
from litestar import Request, get


class Health(msgspec.Struct):
    status: str
    store: str


@get("/health", opt={"exclude_from_auth": True}, tags=["Health"], sync_to_thread=False)
def health(request: Request) -> Health:  # type: ignore[type-arg]
    """Answers 200 while the app runs; `store` names the event store in use."""
    return Health(status="ok", store=request.app.state.services.settings.store)
