"""The Litestar app factory: one place wires routes, security, templates, errors and OpenAPI."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec
from anyio import to_thread
from litestar import Litestar, Request, Router, get
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from adapters.bootstrap import Services
from adapters.settings import SettingsError
from projections.engine.runner import Projector
from projections.engine.supervisor import Background
from projections.engine.views import open_views
from projections.registry import read_models
from web.accounts import pages as accounts_pages
from web.cli.plugin import PilotsCLIPlugin
from web.corrections import api as corrections_api
from web.corrections import pages as corrections_pages
from web.cycles import api as cycles_api
from web.cycles import pages as cycles_pages
from web.errors import EXCEPTION_HANDLERS
from web.history import api as history_api
from web.history import pages as history_pages
from web.learning import api as learning_api
from web.learning import list_pages as learning_list_pages
from web.learning import lists as learning_lists
from web.learning import pages as learning_pages
from web.limits import database_deadline
from web.map import api as map_api
from web.map import pages as map_pages
from web.map import story_page
from web.measures import api as measures_api
from web.measures import files as measures_files
from web.measures import pages as measures_pages
from web.openapi import ClosedStructSchemas
from web.origins import api as origins_api
from web.origins import pages as origins_pages
from web.origins import workshop_page as origins_workshop_page
from web.pilots import api as pilots_api
from web.pilots import list_page as pilots_list
from web.pilots import pages as pilots_pages
from web.question_sets import api as question_sets_api
from web.question_sets import pages as question_sets_pages
from web.reflections import api as reflections_api
from web.reflections import pages as reflections_pages
from web.reports import api as reports_api
from web.reports import pages as reports_pages
from web.security import Authentication, add_security_headers
from web.team import api as team_api
from web.team import pages as team_pages

# Each feature's API and pages. Every page is registered in one router: Litestar 2.25 runs
# `on_registration` again for every handler already on a path when another handler joins that
# path in a later `app.register` call, which wraps a `sync_to_thread` handler twice.
API: list[Any] = [
    *pilots_api.HANDLERS, *team_api.HANDLERS, *cycles_api.HANDLERS,
    *reflections_api.HANDLERS, *question_sets_api.HANDLERS, *corrections_api.HANDLERS,
    *history_api.HANDLERS, *learning_api.HANDLERS, *learning_lists.HANDLERS, *reports_api.HANDLERS,
    *measures_api.HANDLERS, *origins_api.HANDLERS, *map_api.HANDLERS,
]  # fmt: skip
PAGES: list[Any] = [
    *pilots_pages.HANDLERS, *pilots_list.HANDLERS, *team_pages.HANDLERS, *cycles_pages.HANDLERS,
    *reflections_pages.HANDLERS, *question_sets_pages.HANDLERS, *corrections_pages.HANDLERS,
    *history_pages.HANDLERS, *learning_pages.HANDLERS, *learning_list_pages.HANDLERS,
    *reports_pages.HANDLERS, *measures_pages.HANDLERS, *measures_files.HANDLERS,
    *origins_pages.HANDLERS,
    *origins_workshop_page.HANDLERS, *map_pages.HANDLERS, *story_page.HANDLERS,
]  # fmt: skip

HERE = Path(__file__).parent
# Entries are at most 10,000 characters; a question set of 30 questions with actions stays far
# below this, so anything larger is a mistake or an attack and gets a 413.
MAX_BODY_BYTES = 256 * 1024
CSRF_COOKIE = "pilots_csrf"
# `workers`: `pilots projections run` processes keep the read models current (PostgreSQL with
# several web workers); otherwise each web process does it in a background thread.
PROJECTIONS_VARIABLE = "PILOTS_PROJECTIONS"


def create_app(services: Services) -> Litestar:
    """The whole web app over the given services. The caller owns and closes the services;
    the app owns the read-model runner (`app.state.projector`) and stops it on shutdown."""
    in_workers = _projections_in_workers()
    projector = Projector(services.pilots, open_views(services.settings), read_models())
    static = create_static_files_router(
        path="/static", directories=[HERE / "static"], opt={"exclude_from_auth": True},
        include_in_schema=False,
    )  # fmt: skip
    return Litestar(
        route_handlers=[
            Router(path="/api/v1", route_handlers=API, tags=["API"]),
            *accounts_pages.HANDLERS,
            Router(path="/", route_handlers=PAGES, include_in_schema=False),
            health,
            static,
        ],
        state=State({"services": services, "projector": projector}),
        lifespan=[_keep_read_models_current(projector, background=not in_workers)],
        middleware=[database_deadline, DefineMiddleware(Authentication)],
        csrf_config=CSRFConfig(
            secret=services.settings.resolved_secret_key(),
            cookie_name=CSRF_COOKIE,
            cookie_samesite="strict",
            # The API takes bearer tokens only, never cookies, so no browser can be made to
            # send it a forged request; /health takes no writes.
            exclude=["/api/", "/health"],
        ),
        template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine),
        plugins=[HTMXPlugin(), ClosedStructSchemas(), PilotsCLIPlugin()],
        exception_handlers=EXCEPTION_HANDLERS,
        before_send=[add_security_headers],
        openapi_config=OpenAPIConfig(
            title="Pilot Tracker API",
            version="1",
            description="Action-learning pilots: PDSA cycles, reflections and question sets.",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            use_handler_docstrings=True,
        ),
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
    )


class HealthRead(msgspec.Struct):
    status: str
    store: str


@get("/health", opt={"exclude_from_auth": True}, tags=["Health"], sync_to_thread=False)
def health(request: Request[Any, Any, Any]) -> HealthRead:
    """Answers 200 while the app runs; `store` names the event store in use."""
    return HealthRead(status="ok", store=request.app.state.services.settings.store)


def _projections_in_workers() -> bool:
    value = os.environ.get(PROJECTIONS_VARIABLE, "").strip().lower()
    if value not in ("", "inline", "workers"):
        raise SettingsError(f"{PROJECTIONS_VARIABLE}={value!r}: use inline (default) or workers")
    return value == "workers"


def _keep_read_models_current(
    projector: Projector, *, background: bool
) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        loop = Background(projector).start() if background else None
        try:
            yield
        finally:
            if loop is not None:
                await to_thread.run_sync(loop.stop)
            projector.views.close()

    return lifespan
