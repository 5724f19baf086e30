"""Server-rendered pages, at the stable addresses CONTRACT.md lists."""

from __future__ import annotations

from typing import Any

from litestar import Router

from web.pages import (
    compare,
    cycles,
    entries,
    history,
    learning,
    pilots,
    question_sets,
    reports,
)
from web.pages.session import dashboard, login_form, login_submit, logout

# One router for the pilot pages: Litestar 2.25 runs `on_registration` again for every handler
# already on a path when another handler joins that path in a later `app.register` call, which
# wraps a `sync_to_thread` handler twice (GET and POST /pilots/new would answer with a
# coroutine). Registered together, each handler is registered once.
PILOT_PAGES = Router(
    path="/",
    route_handlers=[
        pilots.new_pilot,
        pilots.register_pilot,
        pilots.pilot_page,
        *cycles.HANDLERS,
        *entries.HANDLERS,
        *question_sets.HANDLERS,
        *history.HANDLERS,
        *compare.HANDLERS,
        *reports.HANDLERS,
        *learning.HANDLERS,
    ],
    include_in_schema=False,
)

HANDLERS: list[Any] = [login_form, login_submit, logout, dashboard, PILOT_PAGES]
