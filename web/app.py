"""The Litestar app factory: one place wires routes, security, templates, errors and OpenAPI."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from anyio import to_thread
from litestar import Litestar, Router
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
from projections.registry import read_models
from projections.runner import Projector
from projections.supervisor import Background
from projections.views import open_views
from web import api, pages
from web.api.openapi import ClosedStructSchemas
from web.cli.plugin import PilotsCLIPlugin
from web.errors import EXCEPTION_HANDLERS
from web.security import Authentication, add_security_headers

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
            Router(path="/api/v1", route_handlers=api.HANDLERS, tags=["API"]),
            *pages.HANDLERS,
            api.health,
            static,
        ],
        state=State({"services": services, "projector": projector}),
        lifespan=[_keep_read_models_current(projector, background=not in_workers)],
        middleware=[DefineMiddleware(Authentication)],
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
