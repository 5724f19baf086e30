"""A measure's files for the people who read its page: the chart as SVG and as data (JSON), and
its values as CSV. The API serves the same files to bearer tokens; a browser signed in with a
session cookie is refused there, so the page links here instead."""

from __future__ import annotations

from uuid import UUID

from litestar import Response, get
from litestar.params import FromPath

from web.measures.pages import CHART_PAGE, MEASURE, Asking
from web.measures.reads import Asked, chart_svg, points_file, read_measure
from web.measures.schemas import MeasureRead, measure_read
from web.pages import PAGE, PageRequest, projector_of


@get(f"{MEASURE}/chart.svg", **CHART_PAGE, media_type="image/svg+xml")
def chart_page_svg(
    request: PageRequest, pilot_id: FromPath[UUID], measure_id: FromPath[UUID], asked: Asking
) -> Response[str]:
    """The chart asked for, drawn as SVG."""
    return chart_svg(read_measure(projector_of(request), pilot_id, measure_id, asked))


@get(f"{MEASURE}/chart.json", **CHART_PAGE)
def chart_page_json(
    request: PageRequest, pilot_id: FromPath[UUID], measure_id: FromPath[UUID], asked: Asking
) -> MeasureRead:
    """The chart asked for as data, as the API gives it."""
    return measure_read(read_measure(projector_of(request), pilot_id, measure_id, asked))


@get(f"{MEASURE}/points.csv", **PAGE, media_type="text/csv")
def points_page_csv(
    request: PageRequest, pilot_id: FromPath[UUID], measure_id: FromPath[UUID]
) -> Response[str]:
    """The measure's values as CSV, as they stand now."""
    asked = Asked.of(None, None, None)
    return points_file(read_measure(projector_of(request), pilot_id, measure_id, asked))


HANDLERS = [chart_page_svg, chart_page_json, points_page_csv]
