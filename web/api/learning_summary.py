"""The cross-pilot learning summary, narrowed by theme and period, stamped with its position."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.datastructures import ResponseHeader, State
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema
from litestar.params import QueryParameter

from adapters.bootstrap import Services
from projections.learning.from_log import LearningRows
from projections.learning.queries import current_rows
from projections.learning.scope import Scope
from projections.learning.summary import LearningSummary, summarise
from web.api import openapi
from web.api.access import provide_services

STAMP_HEADER = "X-Report-Stamp"
STAMP = ResponseHeader(
    name=STAMP_HEADER,
    description="What the answer was built from: `Log position P` or `Pilot ID at version N`. "
    "Ask again with `?position=P` or `?version=N` to build the same report exactly.",
    documentation_only=True,
)
DAY = "An ISO date, such as 2026-05-01; empty for no limit. Both ends of the period count."
# A date, or an empty value (`?since=`), which means no limit.
DAY_OR_EMPTY = {
    "one_of": [
        Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE),
        Schema(type=OpenAPIType.STRING, max_length=0),
        Schema(type=OpenAPIType.NULL),
    ]
}


def learning_rows(state: State, services: Services) -> LearningRows:
    """From the `learning` read model when this process runs it, else folded from the log."""
    return current_rows(services.pilots, state.get("projector"))


@get(
    "/learning/summary",
    tags=["Learning"],
    sync_to_thread=True,
    dependencies={"services": Provide(provide_services, sync_to_thread=False)},
    responses=openapi.problems(400, 401, 503),
    response_headers=[STAMP],
)
def learning_summary(
    request: Request[Any, Any, Any],
    services: NamedDependency[Services],
    theme: Annotated[str | None, QueryParameter(description="One theme; empty for all.")] = None,
    since: Annotated[str | None, QueryParameter(description=DAY, schema_extra=DAY_OR_EMPTY)] = None,
    until: Annotated[str | None, QueryParameter(description=DAY, schema_extra=DAY_OR_EMPTY)] = None,
) -> Response[LearningSummary]:
    """Adopt, adapt and abandon counts, the median days per cycle, ideas tried in several
    pilots with different decisions, surprises, insights, and open questions with their age in
    days. A period selects cycles by the day they were decided, surprises by the day of the
    study, insights by the day they were added and questions by the day their set met."""
    scope = Scope.parse(theme, since, until)
    summary = summarise(learning_rows(request.app.state, services), scope)
    return Response(summary, headers={STAMP_HEADER: f"Log position {summary.position}"})
