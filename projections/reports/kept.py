"""The programme report's bytes for the web and the command line alike: at the stamp asked for,
or where the read models stand, kept under the access epoch (`projections.reports.cache`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from domain.service import Pilots
from projections.access.queries import judged_now
from projections.learning.from_log import Progress, stamp_of
from projections.learning.queries import settled_position
from projections.reports.cache import ReportCache, ReportKey
from projections.reports.programme_report import ProgrammeReport, programme_report

if TYPE_CHECKING:
    from projections.engine.runner import Projector

Renderer = Callable[[ProgrammeReport], dict[str, bytes]]


def programme_bytes(
    cache: ReportCache,
    pilots: Pilots,
    projector: Projector | None,
    position: int | None,
    fmt: str,
    render: Renderer,
    progress: Progress | None = None,
) -> tuple[bytes, int, bool]:
    """The community's report in `fmt` (one of the keys `render` gives), the position it is
    stamped with, and whether it was kept from before.

    With no position asked for, the stamp is where the read models stand once caught up, so
    the first build reads their tables rather than folding the whole log. Without an access
    model to say when a kept report goes stale, the report is built and not kept."""
    judged = None if projector is None else judged_now(projector)
    settled = None
    if position is None and projector is not None and judged is not None:
        settled = settled_position(projector)
    at = stamp_of(pilots, position) if settled is None else settled

    def build() -> dict[str, bytes]:
        return render(programme_report(pilots, at, progress=progress, projector=projector))

    if judged is None:
        return build()[fmt], at, False
    body, kept = cache.bytes_of(ReportKey(at, "community", fmt, judged), build)
    return body, at, kept
