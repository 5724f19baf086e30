"""The programme report as kept beside the read models: built at most once per stamp and access
epoch for the API, the printable page and its downloads alike (`projections.reports.cache`)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from domain.service import Pilots
from projections.engine.runner import Projector
from projections.reports.cache import ReportCache
from projections.reports.kept import programme_bytes
from projections.reports.programme_html import programme_html
from projections.reports.programme_report import ProgrammeReport
from projections.reports.render import rendered
from web.pages import kept_in

CACHE = "report_cache"
PAGE = "page"  # the report as the printable page shows it inside the site's layout


def kept_programme(
    request: Request[Any, Any, Any], pilots: Pilots, position: int | None, fmt: str
) -> tuple[bytes, int, bool]:
    """The programme report's bytes in `fmt` (a format, or `PAGE`), the position it was built
    at, and whether it was kept from before. The programme report is for the community."""
    projector: Projector | None = request.app.state.get("projector")
    return programme_bytes(cache_of(request), pilots, projector, position, fmt, _all)


def _all(report: ProgrammeReport) -> dict[str, bytes]:
    return {**rendered(report), PAGE: str(programme_html(report)).encode("utf-8")}


def cache_of(request: Request[Any, Any, Any]) -> ReportCache:
    """The app's one cache of built reports, in the read models' database."""
    return kept_in(
        request.app, CACHE, ReportCache, lambda: ReportCache(request.app.state["projector"].views)
    )
