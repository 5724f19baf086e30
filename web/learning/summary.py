"""The learning summary as `/learning` shows it: narrowed by theme and period, with its charts,
stamped with the log position it was built from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from markupsafe import Markup

from domain.errors import InvalidEntry
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.engine.base import Sql
from projections.engine.runner import Projector
from projections.learning.from_log import LearningRows
from projections.learning.memo import Memo
from projections.learning.queries import current_rows, select_rows
from projections.learning.rows import CycleRow, PilotRow, QuestionRow
from projections.learning.scope import Scope
from projections.learning.series import ChartData, chart_data
from projections.learning.totals import everyones, kept_for_summary
from projections.learning.totals import summary_for as summary_for_reader
from projections.programme import periods
from projections.programme import queries as programme
from projections.reports import words
from projections.reports.programme_html import readers_html, record_html
from projections.reports.programme_report import ProgrammeReport, programme_from_rows
from web.learning.memo import memo_of
from web.learning.origins import ideas_html, origins_for
from web.pages import PageRequest, services_of

NO_IDEAS = Markup("")
# The level of the summary's section headings on `/learning`.
LEVEL = 3


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
    ideas: Markup = NO_IDEAS  # ideas and where they came from, with the map, for the reader


def summary_view(request: PageRequest) -> SummaryView:
    """The learning summary for `/learning`, narrowed by its `theme`, `since` and `until`, of
    what the signed-in person may read (as the API's summary is): a page, not a report."""
    query = request.query_params
    theme, since, until = (str(query.get(name, "")) for name in ("theme", "since", "until"))
    projector = request.app.state.get("projector")
    reader = Reader.person(request.user.id)
    memo = memo_of(request.app)
    pilots = services_of(request).pilots
    view = summary_for(pilots, projector, theme, since, until, reader, memo)
    day = date.fromisoformat(view.until) if view.until and not view.error else None
    found = origins_for(request.app, pilots, projector, day)
    return replace(view, ideas=ideas_html(request.app, found, request.user, LEVEL))


def summary_for(
    pilots: Pilots,
    projector: Projector | None,
    theme: str,
    since: str,
    until: str,
    reader: Reader,
    memo: Memo | None = None,
) -> SummaryView:
    error, since, until = "", since.strip(), until.strip()
    try:
        scope = Scope.parse(theme, since, until)
    except InvalidEntry as refused:
        scope, error = Scope(), f"{refused.field.capitalize()} {refused.reason}."
    query = urlencode(_filters(scope))
    report, record = _report(pilots, projector, reader, scope, memo or Memo(), query)
    return SummaryView(
        body=readers_html(report.summary, LEVEL, query, *record),
        stamp=report.stamp,
        as_of=words.when(report.as_of),
        position=report.position,
        theme=scope.theme or "",
        since=since,
        until=until,
        themes=tuple(t.theme for t in report.summary.themes),
        error=error,
    )


def _report(
    pilots: Pilots,
    projector: Projector | None,
    reader: Reader,
    scope: Scope,
    memo: Memo,
    query: str,
) -> tuple[ProgrammeReport, tuple[Markup, Markup]]:
    """The summary for `reader` with the charts, and the HTML of its part drawn from the
    pilots' own record (`record_html`). The charts and that part are drawn from what everyone
    may read, so they are made once per position and scope, from the summary everyone shares,
    never from the reader's; the insights and open questions are the reader's own."""
    if projector is None or not kept_for_summary(projector):
        report = programme_from_rows(current_rows(pilots, projector, reader=reader), scope)
        return report, record_html(report.summary, report.charts, LEVEL, query)
    with projector.reader() as sql:
        found = summary_for_reader(sql, reader, scope, memo)
        at = found.position
        charts = memo.get(("charts", at, scope), lambda: _charts(sql, scope))
        common = everyones(sql, scope, memo)
        record = memo.get(
            ("record-html", at, scope, query), lambda: record_html(common, charts, LEVEL, query)
        )
    report = ProgrammeReport(f"Log position {at}", at, found.as_of, found, charts)
    return report, record


# The kinds of row `chart_data` reads.
CHARTED = (PilotRow, CycleRow, QuestionRow)


def _charts(sql: Sql, scope: Scope) -> ChartData:
    """The charts read pilots, cycles and questions only; leaving out ideas and insights keeps
    the first read at a new position within the server's memory on `huge`. Read from the
    `programme` model's figures where it keeps them."""
    if programme.ready(sql, scope):
        return programme.charts(sql, scope)
    if programme.kept(sql):
        return periods.period_charts(sql, scope)
    rows = select_rows(sql, CHARTED, Reader.community())
    return chart_data(LearningRows.of(rows.position, rows.as_of, rows.rows), scope)


def _filters(scope: Scope) -> dict[str, str]:
    """The summary's filters as the list pages take them."""
    found = {"theme": scope.theme, "since": scope.since, "until": scope.until}
    return {name: str(value) for name, value in found.items() if value is not None}
