"""The printable learning reports, their downloads, and the learning summary on `/learning`.

A report page shows the same HTML fragment the stand-alone report carries, inside the site's
layout; each download is the report at the stamp shown, so the file matches the page exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from litestar import Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from markupsafe import Markup

from domain.errors import InvalidEntry
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.learning.queries import current_rows
from projections.learning.scope import Scope
from projections.reports import words
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_from_rows, programme_report
from projections.reports.render import FORMATS, MEDIA_TYPES, Format, Report, file_name, render
from projections.reports.render_html import pilot_html, programme_html, summary_html
from web.pages.pilots import PAGE, services_of
from web.pages.session import PageRequest

PILOT_REPORT = "/pilots/{pilot_id:uuid}/report"
PROGRAMME_REPORT = "/learning/report"


@get(PILOT_REPORT, **PAGE)
def pilot_report_page(
    request: PageRequest, pilot_id: FromPath[UUID], version: FromQuery[str] = ""
) -> Template:
    """The pilot's learning report, printable; `version` shows it as the pilot stood then."""
    pilots = services_of(request).pilots
    report = pilot_report(pilots, pilot_id, whole("version", version))
    context = {
        "user": request.user,
        "report": report,
        "body": pilot_html(report),
        "latest": pilots.pilot(pilot_id).version if version.strip() else report.version,
        "downloads": downloads(f"/pilots/{pilot_id}/report", f"version={report.version}"),
    }
    return Template("report_pilot.html.j2", context=context)


def pilot_report_file(fmt: Format) -> HTTPRouteHandler:
    """The report as a file to keep. One handler per path: Litestar 2.25 wraps a sync handler
    registered on several paths once per path (see web/pages/__init__.py)."""

    @get(f"{PILOT_REPORT}.{fmt}", **PAGE, name=f"pilot_report_{fmt}")
    def pilot_report_download(
        request: PageRequest, pilot_id: FromPath[UUID], version: FromQuery[str] = ""
    ) -> Response[bytes]:
        report = pilot_report(services_of(request).pilots, pilot_id, whole("version", version))
        return download(report, fmt)

    return pilot_report_download


@get(PROGRAMME_REPORT, **PAGE)
def programme_report_page(request: PageRequest, position: FromQuery[str] = "") -> Template:
    """The programme learning report, printable; `position` builds it from the log up to then."""
    report = programme_report(services_of(request).pilots, whole("position", position))
    context = {
        "user": request.user,
        "report": report,
        "body": programme_html(report),
        "downloads": downloads(PROGRAMME_REPORT, f"position={report.position}"),
    }
    return Template("report_programme.html.j2", context=context)


def programme_report_file(fmt: Format) -> HTTPRouteHandler:
    @get(f"{PROGRAMME_REPORT}.{fmt}", **PAGE, name=f"programme_report_{fmt}")
    def programme_report_download(
        request: PageRequest, position: FromQuery[str] = ""
    ) -> Response[bytes]:
        report = programme_report(services_of(request).pilots, whole("position", position))
        return download(report, fmt)

    return programme_report_download


def whole(field: str, text: str) -> int | None:
    """A whole number typed into the address, or None when it was left out."""
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidEntry(field, "must be a whole number, such as 3")
    return int(text)


def downloads(path: str, stamp: str) -> list[tuple[str, str]]:
    names = {"md": "Markdown", "json": "JSON", "html": "HTML (stands alone)"}
    return [(f"{path}.{fmt}?{stamp}", names[fmt]) for fmt in FORMATS]


def download(report: Report, fmt: Format) -> Response[bytes]:
    headers = {
        "Content-Disposition": f'attachment; filename="{file_name(report, fmt)}"',
        "X-Report-Stamp": report.stamp,
    }
    return Response(render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=headers)


@dataclass(frozen=True)
class SummaryView:
    """What `partials/learning_summary.html.j2` shows: the filters as typed, the themes to
    choose from, and the summary with its charts. A filter that cannot be read is reported in
    `error`, and the summary is shown unfiltered."""

    body: Markup
    stamp: str
    as_of: str
    position: int
    theme: str
    since: str
    until: str
    themes: tuple[str, ...]
    error: str


def summary_view(request: PageRequest) -> SummaryView:
    """The learning summary for `/learning`, narrowed by its `theme`, `since` and `until`."""
    query = request.query_params
    theme, since, until = (str(query.get(name, "")) for name in ("theme", "since", "until"))
    projector = request.app.state.get("projector")
    return summary_for(services_of(request).pilots, projector, theme, since, until)


def summary_for(
    pilots: Pilots, projector: Projector | None, theme: str, since: str, until: str
) -> SummaryView:
    error, since, until = "", since.strip(), until.strip()
    try:
        scope = Scope.parse(theme, since, until)
    except InvalidEntry as refused:
        scope, error = Scope(), f"{refused.field.capitalize()} {refused.reason}."
    rows = current_rows(pilots, projector)
    report = programme_from_rows(rows, scope)
    return SummaryView(
        body=summary_html(report, level=3),
        stamp=report.stamp,
        as_of=words.when(report.as_of),
        position=report.position,
        theme=scope.theme or "",
        since=since,
        until=until,
        themes=tuple(sorted({t for p in rows.pilots for t in p.themes})),
        error=error,
    )


HANDLERS = [
    pilot_report_page,
    programme_report_page,
    *(pilot_report_file(fmt) for fmt in FORMATS),
    *(programme_report_file(fmt) for fmt in FORMATS),
]
