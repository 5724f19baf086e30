"""Commands as the web exposes them: each write is declared once, as a `Exposed`, and becomes both
a JSON API route under `/api/v1` and a form route at the same path after the record's address:
`/pilots/{id}` by default, `/workshops/{id}` for a workshop's outputs (`web.origins`).

The command is built from the request's input Struct (the JSON body, or the form read into the
same Struct) and the path's parameters, whose names are the command's field names (`pilot_id`,
`number`, `question_id`, `action_id`, `workshop_id`). A command that needs more than that, such
as looking up an account by email, names a `build` function instead. A form is sent by the
`FormPage` of the page it is on: it runs the command, and shows that page again on a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

import msgspec
from litestar import Request, Response, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import JSONBody
from litestar.response import Redirect, Template

from adapters.bootstrap import Services
from domain.pilot.commands import Command
from domain.service import Receipt
from web import openapi
from web.forms import Form, FormData
from web.pages import WRITE, FormPage, PageRequest, services_of
from web.people import Viewer
from web.pilots.page import submit
from web.schemas import NoFields
from web.writes import Reply, Write, command

PILOT = "/pilots/{pilot_id:uuid}"
# Builds the command from the input Struct (None for a command with no body), the path's
# parameters, the services and the sender.
Build = Callable[[Any, dict[str, Any], Services, UUID], Command]


@dataclass(frozen=True)
class Exposed:
    """One command on the web. `path` follows the record's address; `form` is the key of the
    form on the record's page (formatted with the path's parameters) and `section` the part of
    the page it returns to; `doc` describes the route in the OpenAPI document."""

    name: str
    path: str
    command: type[Command]
    body: type[msgspec.Struct] | None
    section: str
    answer: type[msgspec.Struct]
    reply: Callable[[Receipt, Viewer], Reply]
    status: int = 200
    form: str = ""
    doc: str = ""  # the command's own docstring, unless the route needs more said
    build: Build | None = None
    page_path: str = ""  # where the form posts, when it is not `path`
    page: bool = True  # False where the form has a handler of its own

    def make(self, data: Any, params: dict[str, Any], services: Services, actor: UUID) -> Any:
        if self.build is not None:
            return self.build(data, params, services, actor)
        return command(self.command, data, **params)


def api_routes(exposed: list[Exposed], tag: str, under: str = PILOT) -> list[HTTPRouteHandler]:
    """The API routes, each at `under` (the record's address) followed by its path."""
    return [_api_route(e, tag, under) for e in exposed]


def page_routes(
    exposed: list[Exposed], under: str = PILOT, send: FormPage[Any] = submit
) -> list[HTTPRouteHandler]:
    """The form routes, each at `under` followed by its path, sent by the page's `send`."""
    return [_page_route(e, under, send) for e in exposed if e.page]


def _api_route(e: Exposed, tag: str, under: str) -> HTTPRouteHandler:
    def run(request: Request[Any, Any, Any], write: Write, data: Any) -> Response[Any]:
        params = dict(request.path_params)
        return write.run(e.reply, lambda: e.make(data, params, write.services, write.actor))

    def with_body(request: Any, write: Any, data: Any) -> Response[Any]:
        return run(request, write, data)

    def without_body(request: Any, write: Any, data: Any = None) -> Response[Any]:
        return run(request, write, None)

    handler = without_body if e.body is None else with_body
    # Litestar reads the body's type and the answer's from the annotations, which is what
    # documents this route in the OpenAPI document.
    body: Any = JSONBody
    handler.__annotations__ = {
        "request": Request[Any, Any, Any],
        "write": NamedDependency[Write],
        "data": body[NoFields | None] if e.body is None else body[e.body],
        "return": cast(Any, Response)[e.answer],
    }
    handler.__doc__, handler.__name__ = e.doc or e.command.__doc__, e.name.replace("-", "_")
    return openapi.write_route(f"{under}{e.path}", tag=tag, status_code=e.status)(handler)


def _page_route(e: Exposed, under: str, send: FormPage[Any]) -> HTTPRouteHandler:
    def handler(request: PageRequest, data: FormData) -> Template | Redirect:
        form, params = Form(data), dict(request.path_params)
        services = services_of(request)

        def build() -> Command:
            typed = None if e.body is None else form.read(e.body)
            made: Command = e.make(typed, params, services, request.user.id)
            return made

        key = (e.form or e.name).format(**params)
        return send(request, e.section, key, form.values, form.submission, build)

    handler.__doc__ = e.doc or e.command.__doc__
    handler.__name__ = f"{e.name.replace('-', '_')}_form"
    return post(f"{under}{e.page_path or e.path}", **WRITE)(handler)
