"""The pilot page's measures: each one's chart, small, with what it says in words, from the
measures read model (as the pilot stood, for an earlier version)."""

from __future__ import annotations

from markupsafe import Markup

from domain.pilot import Pilot
from projections.measures import wording
from projections.measures.chart import draw
from projections.measures.queries import measure_views
from projections.measures.view import MeasureView
from web.pages import PageRequest, projector_of


def measure_charts(
    request: PageRequest, pilot: Pilot, *, then: bool = False
) -> list[tuple[MeasureView, Markup, str]]:
    """(view, SVG, words) for each measure; `then` shows them as they stood at the pilot's
    version, which is read-only."""
    if not pilot.measures:
        return []
    at = pilot.modified_on if then else None
    with projector_of(request).reader() as sql:
        views = measure_views(sql, pilot.id, at=at)
    return [
        (view, draw(view, f"m-{view.measure.id.hex[:8]}", compact=True), wording.summary(view))
        for view in views
    ]
