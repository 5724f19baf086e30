"""The programme report as kept in `report_cache`: built at most once per stamp for the API,
the printable page and its downloads alike (`projections.reports.cache`)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from domain.service import Pilots
from projections.engine.runner import Projector
from projections.learning.from_log import stamp_of
from projections.learning.queries import settled_position
from projections.reports.cache import ReportCache, ReportKey
from projections.reports.programme_html import programme_html
from projections.reports.programme_report import programme_report
from projections.reports.render import rendered

CACHE = "report_cache"
PAGE = "page"  # the report as the printable page shows it inside the site's layout


def kept_programme(
    request: Request[Any, Any, Any], pilots: Pilots, position: int | None, fmt: str
) -> tuple[bytes, int, bool]:
    """The programme report's bytes in `fmt` (a format, or `PAGE`), the position it was built
    at, and whether it was kept from before. The programme report is for the community.

    With no position asked for, the stamp is where the read models stand once caught up, so
    the first build reads their tables rather than folding the whole log."""
    projector: Projector | None = request.app.state.get("projector")
    settled = None if position is not None or projector is None else settled_position(projector)
    at = stamp_of(pilots, position) if settled is None else settled
    body, kept = cache_of(request).bytes_of(
        ReportKey(at, "community", fmt), lambda: _all(pilots, at, projector)
    )
    return body, at, kept


def _all(pilots: Pilots, at: int, projector: Projector | None) -> dict[str, bytes]:
    report = programme_report(pilots, at, projector=projector)
    return {**rendered(report), PAGE: str(programme_html(report)).encode("utf-8")}


def cache_of(request: Request[Any, Any, Any]) -> ReportCache:
    """The app's one cache of built reports, in the read models' database."""
    found = request.app.state.get(CACHE)
    if not isinstance(found, ReportCache):
        found = ReportCache(request.app.state["projector"].views)
        request.app.state[CACHE] = found
    return found
