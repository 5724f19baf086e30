"""The programme learning report: the cross-pilot learning summary with its charts, and ideas
and where they came from with the co-creation map, at one log position. Rows come from the read
models' tables when they stand at the position, else from folding the log up to it.

Its measures across pilots are read from the log up to the same position, whichever way the
summary's rows came: only the events a chart is drawn from (`reports.measures.CHART_TOPICS`),
and only for the pilots that define a measure, so the same position gives the same lines."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.learning.from_log import LearningRows, Progress, rows_at, stamp_of
from projections.learning.queries import kept_rows
from projections.learning.scope import Scope
from projections.learning.series import ChartData, chart_data
from projections.learning.summary import LearningSummary, summarise
from projections.reports.measures import MeasureLine, measure_lines
from projections.reports.origins import OriginsPart, origins_part

if TYPE_CHECKING:
    from projections.engine.runner import Projector


class ProgrammeReport(msgspec.Struct):
    stamp: str
    position: int
    as_of: datetime | None
    summary: LearningSummary
    charts: ChartData
    measures: list[MeasureLine] = []
    # Ideas and where they came from, with the co-creation map: in every programme report, at
    # its stamp; None on the `/learning` page, which shows them for its reader on its own.
    origins: OriginsPart | None = None


def programme_report(
    pilots: Pilots,
    position: int | None = None,
    audience: Reader | None = None,
    progress: Progress | None = None,
    projector: Projector | None = None,
) -> ProgrammeReport:
    """The report at `position` (default: the head of the log) for `audience`: the community
    by default, since a programme report is passed around beyond any one pilot's team, so it
    holds only the set meetings shared with the community. Raises NotFound for a position
    beyond the head, InvalidEntry for a negative one.

    When the `projector`'s learning tables stand at that very position, the rows are read from
    them; otherwise the log is folded up to it, which on a large log takes seconds. Ideas and
    where they came from are the community's whatever the audience (`reports.origins`)."""
    audience = Reader.community() if audience is None else audience
    at = stamp_of(pilots, position)
    kept = None if projector is None else kept_rows(projector, at, reader=audience)
    if kept is not None:
        if progress is not None:
            progress(0, at, at)
        rows = kept
    else:
        rows = rows_at(pilots, at, reader=audience, progress=progress)
    titles = {pilot.pilot_id: pilot.title for pilot in rows.pilots}
    report = programme_from_rows(rows, measures=measure_lines(pilots, at, rows.as_of, titles))
    return msgspec.structs.replace(report, origins=origins_part(pilots, at, rows.as_of, projector))


def programme_from_rows(
    rows: LearningRows, scope: Scope | None = None, measures: list[MeasureLine] | None = None
) -> ProgrammeReport:
    """The report over rows already at hand, narrowed to `scope` (the `/learning` page). The
    rows are already those of one reader or audience (`rows_at`, `current_rows`); `measures`
    are the lines of the measures across pilots at the same position, if any."""
    scope = scope or Scope()
    return ProgrammeReport(
        stamp=f"Log position {rows.position}",
        position=rows.position,
        as_of=rows.as_of,
        summary=summarise(rows, scope),
        charts=chart_data(rows, scope),
        measures=measures or [],
    )
