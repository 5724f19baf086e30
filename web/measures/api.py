"""The measures API: the commands, and a measure's chart as JSON, as SVG, and its points as CSV."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from domain.measures.results import RULE_SETS
from projections.engine.runner import Projector
from projections.measures.view import MeasureView
from web import openapi
from web.access import READS
from web.commands import api_routes
from web.measures.commands import COMMANDS
from web.measures.reads import Asked, chart_svg, points_file, read_measure
from web.measures.schemas import MeasureRead, measure_read
from web.parameters import absent_or, moment_or_empty

Id = FromPath[UUID]
Chart = Annotated[
    str | None,
    QueryParameter(
        description="`run` (the default) or `xmr`",
        pattern="^(run|xmr)$",
        schema_extra=absent_or(),
    ),
]
Rules = Annotated[
    str | None,
    QueryParameter(
        description="`anhoej` (the default for run charts), `ihi`, or `mdc` (the default, and "
        "the only rules, for XmR charts)",
        schema_extra=absent_or(enum=["", *RULE_SETS]),
    ),
]
At = Annotated[
    str | None,
    QueryParameter(
        description="the chart as it stood at this moment (ISO-8601; a date means its end, UTC): "
        "only the points, corrections and phases recorded by then",
        schema_extra=moment_or_empty(),
    ),
]
ROUTE: dict[str, Any] = {"sync_to_thread": True, "responses": openapi.READ}


def asked_view(
    pilot_id: Id, measure_id: Id, projector: NamedDependency[Projector],
    chart: Chart = None, rules: Rules = None, at: At = None,
) -> MeasureView:  # fmt: skip
    """The chart a request asks for with `?chart=`, `?rules=` and `?at=`."""
    return read_measure(projector, pilot_id, measure_id, Asked.of(chart, rules, at))


# A route that shows the chart asked for: it takes `view`, read in a worker thread.
CHART: dict[str, Any] = {
    **ROUTE,
    "dependencies": {"view": Provide(asked_view, sync_to_thread=True)},
}


class MeasuresController(Controller):
    path = "/pilots/{pilot_id:uuid}/measures/{measure_id:uuid}"
    tags = ["Measures"]
    dependencies = READS

    @get("/", **CHART)
    def read(self, view: NamedDependency[MeasureView]) -> MeasureRead:
        """The measure's chart as data: its points, each phase's centre line and limits, the
        signals the rules find within each phase, and the pilot's log as annotations."""
        return measure_read(view)

    @get("/chart.svg", media_type="image/svg+xml", **CHART)
    def chart(self, view: NamedDependency[MeasureView]) -> Response[str]:
        """The chart drawn as SVG, with a `<title>` and a `<desc>` that states its signals in
        words."""
        return chart_svg(view)

    @get("/points.csv", media_type="text/csv", **ROUTE)
    def points(
        self, pilot_id: Id, measure_id: Id, projector: NamedDependency[Projector]
    ) -> Response[str]:
        """The measure's points as CSV (`on,value,note`), as they stand now."""
        return points_file(
            read_measure(projector, pilot_id, measure_id, Asked.of(None, None, None))
        )


HANDLERS = [MeasuresController, *api_routes(COMMANDS, "Measures")]
