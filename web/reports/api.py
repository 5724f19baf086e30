"""Learning reports, in the format the `Accept` header asks for.

JSON unless the client asks for Markdown or HTML; a client that accepts none of the three gets
406. The HTML is a whole document with its own print stylesheet. Every answer is stamped (in
the body and in `X-Report-Stamp`), and the same stamp always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema
from litestar.params import FromPath, QueryParameter

from adapters.bootstrap import Services
from domain.pilot.visibility import audience_for
from projections.reports.pilot_report import PilotReport, pilot_report
from projections.reports.programme_report import ProgrammeReport, programme_report
from projections.reports.render import MEDIA_TYPES, Format, Report, file_name, render
from web import openapi
from web.access import SERVICES
from web.errors import PROBLEM, Problem
from web.learning.api import STAMP, STAMP_HEADER
from web.reports.kept import kept_programme

OFFERED: dict[str, Format] = {
    "application/json": "json",
    "text/markdown": "md",
    "text/html": "html",
}
NOT_ACCEPTABLE = "this report comes as application/json, text/markdown or text/html"
REPORT_ANSWERS = {
    **openapi.READ,
    406: ResponseSpec(
        Problem,
        description="The Accept header allows none of application/json, text/markdown and "
        "text/html.",
        media_type=PROBLEM,
        generate_examples=False,
    ),
}


@dataclass
class NegotiatedOperation(Operation):
    """Documents the 200 answer in each format it comes in, beside the JSON schema."""

    def __post_init__(self) -> None:
        answer = (self.responses or {}).get("200")
        if isinstance(answer, OpenAPIResponse) and answer.content is not None:
            text = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
            answer.content.update({"text/markdown": text, "text/html": text})


def negotiate(request: Request[Any, Any, Any]) -> Format | None:
    """The format to answer in; None when the client accepts none of them."""
    if not request.headers.get("accept", "").strip():
        return "json"
    best = request.accept.best_match(list(OFFERED))
    return None if best is None else OFFERED.get(best)


def answer(request: Request[Any, Any, Any], build: Callable[[], Report]) -> Response[Any]:
    """The report in the format the client accepts; 406 when it accepts none of them."""
    fmt = negotiate(request)
    if fmt is None:
        body = msgspec.json.encode(Problem(406, "Not acceptable", NOT_ACCEPTABLE))
        return Response(body, status_code=406, media_type=PROBLEM, headers={"Vary": "Accept"})
    report = build()
    headers = {
        STAMP_HEADER: report.stamp,
        "Vary": "Accept",
        "Content-Disposition": f'inline; filename="{file_name(report, fmt)}"',
    }
    return Response(render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=headers)


def at_least(low: int, description: str) -> Any:
    """An optional whole-number query parameter of `low` or more. The document states
    `minimum` itself, since Litestar's `ge` alone is lost beside `null`."""
    return QueryParameter(ge=low, description=description, schema_extra={"minimum": low})


Version = Annotated[int | None, at_least(1, "Build the report as the pilot stood at this version.")]
Position = Annotated[int | None, at_least(0, "Build the report from the log up to this position.")]
ROUTE: dict[str, Any] = {
    "tags": ["Reports"],
    "sync_to_thread": True,
    "dependencies": SERVICES,
    "responses": REPORT_ANSWERS,
    "response_headers": [STAMP],
    "operation_class": NegotiatedOperation,
}


@get("/pilots/{pilot_id:uuid}/report", **ROUTE)
def pilot_report_answer(
    request: Request[Any, Any, Any],
    pilot_id: FromPath[UUID],
    services: NamedDependency[Services],
    version: Version = None,
) -> Response[PilotReport]:
    """The pilot's learning report (a storyboard): its question and origin, how the idea
    evolved, each cycle's predictions against results with the decision and rationale,
    reflection highlights, open questions and insights. A version beyond the pilot's latest
    is 404. It holds what the pilot's team may read for a member of the team (its stamp says
    `for the team`), and what everyone may read for anyone else; never private entries."""
    audience = audience_for(services.pilots.pilot(pilot_id), request.user.id)
    return answer(request, lambda: pilot_report(services.pilots, pilot_id, version, audience))


@get("/learning/report", **ROUTE)
def programme_report_answer(
    request: Request[Any, Any, Any],
    services: NamedDependency[Services],
    position: Position = None,
) -> Response[ProgrammeReport]:
    """The programme learning report: the cross-pilot learning summary with its charts (SVG in
    the HTML, tables in Markdown, the figures in JSON), and the first items of each list. A
    position beyond the head of the log is 404. A report at a stamp never changes, so it is
    built once and kept: `X-Report-Cache` says `hit` when the bytes were kept from before."""
    fmt = negotiate(request)
    if fmt is None:
        return answer(request, lambda: programme_report(services.pilots, position))  # the 406
    body, at, kept = kept_programme(request, services.pilots, position, fmt)
    headers = {
        STAMP_HEADER: f"Log position {at}",
        "Vary": "Accept",
        "Content-Disposition": f'inline; filename="programme-position-{at}.{fmt}"',
        "X-Report-Cache": "hit" if kept else "miss",
    }
    return _bytes(body, fmt, headers)


def _bytes(body: bytes, fmt: Format, headers: dict[str, str]) -> Response[Any]:
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


HANDLERS = [pilot_report_answer, programme_report_answer]
