"""The printable learning reports and their downloads.

A report page shows the same HTML fragment the stand-alone report carries, inside the site's
layout; each download is the report at the stamp shown, so the file matches the page exactly.
"""

from __future__ import annotations

from uuid import UUID

from litestar import Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from markupsafe import Markup

from domain.pilot.visibility import audience_for
from projections.reports.pilot_report import pilot_report
from projections.reports.render import FORMATS, MEDIA_TYPES, Format, Report, file_name, render
from projections.reports.render_html import pilot_html
from web.pages import PAGE, PageRequest, services_of, whole
from web.reports.kept import PAGE as PAGE_FORMAT
from web.reports.kept import kept_programme

PILOT_REPORT = "/pilots/{pilot_id:uuid}/report"
PROGRAMME_REPORT = "/learning/report"


@get(PILOT_REPORT, **PAGE)
def pilot_report_page(
    request: PageRequest, pilot_id: FromPath[UUID], version: FromQuery[str] = ""
) -> Template:
    """The pilot's learning report, printable; `version` shows it as the pilot stood then."""
    pilots = services_of(request).pilots
    audience = audience_for(pilots.pilot(pilot_id), request.user.id)
    report = pilot_report(pilots, pilot_id, whole("version", version), audience)
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
    registered on several paths once per path (see `web.app`)."""

    @get(f"{PILOT_REPORT}.{fmt}", **PAGE, name=f"pilot_report_{fmt}")
    def pilot_report_download(
        request: PageRequest, pilot_id: FromPath[UUID], version: FromQuery[str] = ""
    ) -> Response[bytes]:
        pilots = services_of(request).pilots
        audience = audience_for(pilots.pilot(pilot_id), request.user.id)
        report = pilot_report(pilots, pilot_id, whole("version", version), audience)
        return download(report, fmt)

    return pilot_report_download


@get(PROGRAMME_REPORT, **PAGE)
def programme_report_page(request: PageRequest, position: FromQuery[str] = "") -> Template:
    """The programme learning report, printable; `position` builds it from the log up to then.
    It is kept as built, so showing it again at its position is a lookup."""
    pilots = services_of(request).pilots
    body, at, _ = kept_programme(request, pilots, whole("position", position), PAGE_FORMAT)
    context = {
        "user": request.user,
        "body": Markup(body.decode("utf-8")),  # noqa: S704 (our own rendering, escaped when made)
        "downloads": downloads(PROGRAMME_REPORT, f"position={at}"),
    }
    return Template("report_programme.html.j2", context=context)


def programme_report_file(fmt: Format) -> HTTPRouteHandler:
    @get(f"{PROGRAMME_REPORT}.{fmt}", **PAGE, name=f"programme_report_{fmt}")
    def programme_report_download(
        request: PageRequest, position: FromQuery[str] = ""
    ) -> Response[bytes]:
        pilots = services_of(request).pilots
        body, at, _ = kept_programme(request, pilots, whole("position", position), fmt)
        headers = {
            "Content-Disposition": f'attachment; filename="programme-position-{at}.{fmt}"',
            "X-Report-Stamp": f"Log position {at}",
        }
        return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)

    return programme_report_download


def downloads(path: str, stamp: str) -> list[tuple[str, str]]:
    names = {"md": "Markdown", "json": "JSON", "html": "HTML (stands alone)"}
    return [(f"{path}.{fmt}?{stamp}", names[fmt]) for fmt in FORMATS]


def download(report: Report, fmt: Format) -> Response[bytes]:
    headers = {
        "Content-Disposition": f'attachment; filename="{file_name(report, fmt)}"',
        "X-Report-Stamp": report.stamp,
    }
    return Response(render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=headers)


HANDLERS = [
    pilot_report_page,
    programme_report_page,
    *(pilot_report_file(fmt) for fmt in FORMATS),
    *(programme_report_file(fmt) for fmt in FORMATS),
]
