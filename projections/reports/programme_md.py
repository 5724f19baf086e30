"""The programme report as Markdown: the summary across pilots, its charts as tables, the
measures, and ideas and where they came from with the co-creation map in words."""

from __future__ import annotations

from projections.reports import words as w
from projections.reports.origins_md import origins_markdown
from projections.reports.programme_report import ProgrammeReport
from projections.reports.render_md import inline, section, table, tabled


def programme_markdown(report: ProgrammeReport) -> str:
    s, charts = report.summary, report.charts
    counts = [s.pilots, s.cycles_decided, s.decisions.adopt, s.decisions.adapt, s.decisions.abandon]
    parts = [
        "# Programme learning report",
        f"> {report.stamp}, as of {w.when(report.as_of)}.",
        "## Decisions",
        table(
            ["Pilots", "Cycles decided", "Adopt", "Adapt", "Abandon", "Median days per cycle"],
            [[*map(str, counts), w.days(s.median_days_per_cycle)]],
        ),
        "## Ideas tried in several pilots with different decisions",
    ]
    for idea in s.shared_ideas:
        shared = inline(", ".join(idea.words)) if idea.words else "similar ideas"
        parts.append(f"### {inline(idea.theme)}: {shared}")
        trials = ([inline(t.title), inline(t.idea), decisions(t.decisions)] for t in idea.trials)
        parts.append(table(["Pilot", "Idea", "Decisions"], trials))
        if idea.trials_count > len(idea.trials):
            parts.append(f"_The first {len(idea.trials)} of {idea.trials_count} pilots._")
    if not s.shared_ideas:
        parts.append("No idea has been tried in several pilots with different decisions yet.")
    surprises = (
        f"- **{inline(x.title)}**, cycle {x.cycle} ({w.day(x.at)}): {inline(x.text)}"
        for x in s.surprises
    )
    parts += more(len(s.shared_ideas), s.shared_ideas_count, "ideas", "")
    parts += section("Surprises", "\n".join(surprises), "No surprises recorded.")
    parts += more(len(s.surprises), s.surprises_count, "surprises", "surprises")
    insights = (
        f"- **{inline(i.title)}**, on “{inline(i.question)}” ({w.day(i.at)}): {inline(i.text)}"
        for i in s.insights
    )
    parts += section("Insights", "\n".join(insights), "No insights yet.")
    parts += more(len(s.insights), s.insights_count, "insights", "insights")
    questions = [
        [
            inline(q.title),
            inline(q.text),
            w.words(q.status),
            q.asked_on.isoformat(),
            str(q.age_days),
        ]
        for q in s.open_questions
    ]
    head = ["Pilot", "Question", "Status", "Asked on", "Age (days)"]
    parts += section("Open questions", tabled(head, questions, "No open questions."), "")
    parts += more(len(s.open_questions), s.open_questions_count, "open questions", "open-questions")
    spans = [
        [
            inline(p.title),
            str(c.number),
            w.day(c.planned_at),
            w.day(c.ended_at),
            w.decision(c.decision),
        ]
        for p in charts.cycles
        for c in p.cycles
    ]
    head = ["Pilot", "Cycle", "Planned", "Decided (or still open on)", "Decision"]
    parts += section("Cycles across pilots", tabled(head, spans, "No cycles yet."), "")
    themes = [
        [inline(t.theme), str(t.adopt), str(t.adapt), str(t.abandon)]
        for t in charts.decisions_by_theme
    ]
    head = ["Theme", "Adopt", "Adapt", "Abandon"]
    parts += section("Decisions by theme", tabled(head, themes, "No decisions yet."), "")
    weeks = [[x.week.isoformat(), str(x.open)] for x in charts.open_questions_by_week]
    head = ["Week of", "Open at its end"]
    parts += section("Open questions by week", tabled(head, weeks, "No questions yet."), "")
    measures = [
        [inline(x.title), inline(x.measure.name), x.measure.kind, str(len(x.measure.points)),
         w.state(x.measure.state)]
        for x in report.measures
    ]  # fmt: skip
    head = ["Pilot", "Measure", "Kind", "Points", "Latest phase"]
    parts += section("Measures across pilots", tabled(head, measures, "No measures yet."), "")
    if report.measures:
        parts.append("_Each measure's chart is in the HTML report and in its pilot's report._")
    if report.origins is not None:
        parts += origins_markdown(report.origins)
    return "\n\n".join(parts) + "\n"


def decisions(values: list[str]) -> str:
    return ", ".join(w.decision(d) for d in values)


def more(shown: int, total: int, what: str, route: str) -> list[str]:
    """Says how much of a list is shown, and where the rest is paged, when it is not all."""
    if total <= shown:
        return []
    where = f" All of them: `/learning/{route}`." if route else ""
    return [f"_The first {shown} of {total} {what}._{where}"]
