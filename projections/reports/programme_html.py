"""The programme report and the learning summary as HTML: the report's article, and the summary
with its charts and the first items of each list, which `/learning` shows too. The building
blocks, and the stand-alone document around a report, are in `render_html`."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from markupsafe import Markup

from projections.learning.series import ChartData
from projections.learning.summary import LearningSummary
from projections.measures.chart import draw
from projections.origins.answers import driver_of
from projections.reports import words as w
from projections.reports.charts import cycles_chart, decisions_chart, open_questions_chart
from projections.reports.measures import MeasureLine, view_of
from projections.reports.origins_html import origins_html
from projections.reports.programme_report import ProgrammeReport
from projections.reports.render_html import (
    figure,
    h,
    items,
    join,
    pilot_link,
    table,
    time,
)


def programme_html(report: ProgrammeReport) -> Markup:
    as_of = time(report.as_of) if report.as_of else w.when(None)
    head = Markup('<h1>Programme learning report</h1><p class="muted">{}, as of {}.</p>').format(
        report.stamp, as_of
    )
    found = report.origins
    origins = (
        Markup("")
        if found is None
        else origins_html(found.sources, driver_of(found.map), 2, "programme-map")
    )
    return Markup('<article class="report">{}{}{}{}</article>').format(
        head, summary_html(report), measures_html(report.measures), origins
    )


def measures_html(lines: list[MeasureLine]) -> Markup:
    """One row per measure of each pilot, with its compact chart; the whole chart, the data
    and the words are in the pilot's report."""
    rows = (
        [
            pilot_link(line.pilot_id, line.title),
            line.measure.name,
            line.measure.kind,
            str(len(line.measure.points)),
            w.state(line.measure.state),
            draw(
                view_of(line.measure, line.pilot_id),
                f"programme-measure-{line.measure.measure_id}",
                width=360,
                compact=True,
            ),
        ]
        for line in lines
    )
    head = ["Pilot", "Measure", "Kind", "Points", "Latest phase", "Chart"]
    found = table("Each pilot's measures and their latest phase", head, rows) if lines else None
    return join([h(2, "Measures across pilots"), found or Markup("<p>No measures yet.</p>")])


def summary_html(report: ProgrammeReport, level: int = 2, query: str = "") -> Markup:
    """The summary and its charts, with section headings at `level` (the `/learning` page);
    `query` carries the page's filters to the pages of each list."""
    record, weeks = record_html(report.summary, report.charts, level, query)
    return readers_html(report.summary, level, query, record, weeks)


def record_html(
    s: LearningSummary, charts: ChartData, level: int, query: str
) -> tuple[Markup, Markup]:
    """What the summary draws from the pilots' own record and the charts: the decisions, the
    shared ideas, the surprises, and the chart of open questions by week. Given the summary of
    what everyone may read, it is the same for every reader, so `/learning` makes it once per
    log position and scope; nothing here reads a set meeting's insights or questions."""
    counts = [s.pilots, s.cycles_decided, s.decisions.adopt, s.decisions.adapt, s.decisions.abandon]
    head = ["Pilots", "Cycles decided", "Adopt", "Adapt", "Abandon", "Median days per cycle"]
    themes = charts.decisions_by_theme
    left_out = charts.themes_not_drawn
    parts = [
        h(level, "Decisions"),
        table(
            "Decisions and cycle length",
            head,
            [[*map(str, counts), w.days(s.median_days_per_cycle)]],
        ),
        figure(
            decisions_chart(themes) if themes else None,
            "Decisions by theme",
            f"{w.plural(left_out, 'theme')} with fewer decisions not drawn" if left_out else "",
        ),
        figure(
            cycles_chart(charts.cycles, charts.pilots_not_drawn) if charts.cycles else None,
            "Cycles across pilots, from planning to decision",
        ),
        h(level, "Ideas tried in several pilots with different decisions"),
        shared_ideas_html(s),
        more(len(s.shared_ideas), s.shared_ideas_count, "ideas", ""),
        h(level, "Surprises"),
        items(
            (entry(x.pilot_id, x.title, f"cycle {x.cycle}", x.at, x.text) for x in s.surprises),
            "No surprises recorded.",
        ),
        more(len(s.surprises), s.surprises_count, "surprises", "surprises", query),
    ]
    weeks = figure(
        open_questions_chart(found) if (found := charts.open_questions_by_week) else None,
        "Questions still open at the end of each week",
    )
    return join(parts), weeks


def readers_html(
    s: LearningSummary, level: int, query: str, record: Markup, weeks: Markup
) -> Markup:
    """The whole summary: `record_html`'s parts with the insights and open questions of the
    set meetings `s`'s reader may read."""
    parts = [
        record,
        h(level, "Insights"),
        items(
            (entry(i.pilot_id, i.title, f"on “{i.question}”", i.at, i.text) for i in s.insights),
            "No insights yet.",
        ),
        more(len(s.insights), s.insights_count, "insights", "insights", query),
        h(level, "Open questions"),
        weeks,
        open_questions_html(s),
        more(
            len(s.open_questions), s.open_questions_count, "open questions", "open-questions", query
        ),
    ]
    return join(parts)


def entry(pilot_id: UUID, title: str, about: str, at: datetime, text: str) -> Markup:
    """A line of a list of entries: its pilot, what it is about, its day, and its text."""
    line = Markup('{}, {} ({}): <span class="entry">{}</span>')
    return line.format(pilot_link(pilot_id, title), about, w.day(at), text)


def more(shown: int, total: int, what: str, route: str, query: str = "") -> Markup:
    """Says how much of a list is shown, and links to its pages, when it is not all."""
    if total <= shown:
        return Markup("")
    if not route:
        return Markup('<p class="muted">The first {} of {} {}.</p>').format(shown, total, what)
    href = f"/learning/{route}" + (f"?{query}" if query else "")
    return Markup(
        '<p class="muted">The first {} of {} {}. <a href="{}">All of them</a></p>'
    ).format(shown, total, what, href)


def shared_ideas_html(s: LearningSummary) -> Markup:
    tables = []
    for idea in s.shared_ideas:
        rows = [
            [pilot_link(t.pilot_id, t.title), t.idea, ", ".join(map(w.decision, t.decisions))]
            for t in idea.trials
        ]
        caption = f"Theme {idea.theme}: {', '.join(idea.words) or 'similar ideas'}"
        if idea.trials_count > len(idea.trials):
            caption += f" (the first {len(idea.trials)} of {idea.trials_count} pilots)"
        tables.append(table(caption, ["Pilot", "Idea", "Decisions"], rows))
    none = "No idea has been tried in several pilots with different decisions yet."
    return join(tables) or Markup("<p>{}</p>").format(none)


def open_questions_html(s: LearningSummary) -> Markup:
    found = s.open_questions
    if not found:
        return Markup("<p>No open questions.</p>")
    head = ["Pilot", "Question", "Status", "Asked on", "Age (days)"]
    rows = (
        [pilot_link(q.pilot_id, q.title), q.text, w.words(q.status), q.asked_on.isoformat(),
         str(q.age_days)]
        for q in found
    )  # fmt: skip
    return table("Open questions, oldest first", head, rows)
