"""The learning summary as `/learning` shows it: narrowed by theme and period, with its charts,
stamped with the log position it was built from."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from domain.errors import InvalidEntry
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.learning.queries import current_rows
from projections.learning.scope import Scope
from projections.reports import words
from projections.reports.programme_report import programme_from_rows
from projections.reports.render_html import summary_html
from web.pages import PageRequest, services_of


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


def summary_view(request: PageRequest) -> SummaryView:
    """The learning summary for `/learning`, narrowed by its `theme`, `since` and `until`, of
    what the signed-in person may read (as the API's summary is): a page, not a report."""
    query = request.query_params
    theme, since, until = (str(query.get(name, "")) for name in ("theme", "since", "until"))
    projector = request.app.state.get("projector")
    reader = Reader.person(request.user.id)
    return summary_for(services_of(request).pilots, projector, theme, since, until, reader)


def summary_for(
    pilots: Pilots,
    projector: Projector | None,
    theme: str,
    since: str,
    until: str,
    reader: Reader,
) -> SummaryView:
    error, since, until = "", since.strip(), until.strip()
    try:
        scope = Scope.parse(theme, since, until)
    except InvalidEntry as refused:
        scope, error = Scope(), f"{refused.field.capitalize()} {refused.reason}."
    rows = current_rows(pilots, projector, reader=reader)
    report = programme_from_rows(rows, scope)
    return SummaryView(
        body=summary_html(report, level=3),
        stamp=report.stamp,
        as_of=words.when(report.as_of),
        position=report.position,
        theme=scope.theme or "",
        since=since,
        until=until,
        themes=tuple(sorted({t for p in rows.pilots for t in p.themes})),
        error=error,
    )
