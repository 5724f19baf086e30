"""Reports as HTML: a fragment for the site's pages, or a whole document that stands alone.

Every entered text goes in through `Markup.format`, which escapes it; the only hrefs are built
from pilot ids. The stand-alone document carries a small print stylesheet of its own, so the
file reads and prints well with nothing else beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from markupsafe import Markup

from projections.audit.ideas import IdeaVersion
from projections.reports import words as w
from projections.reports.charts import cycles_chart, decisions_chart, open_questions_chart
from projections.reports.pilot_report import CycleStory, PilotReport
from projections.reports.programme_report import ProgrammeReport

EMPTY = Markup("")
PRINT_CSS = Markup(
    "body{font-family:system-ui,sans-serif;color:#1b1f24;line-height:1.5;margin:0 auto;"
    "max-width:48rem;padding:1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}"
    "th,td{text-align:left;vertical-align:top;border-bottom:1px solid #c9d0d8;padding:.3rem .5rem}"
    "th{background:#f3f5f7}.entry{white-space:pre-line;overflow-wrap:anywhere}.muted{color:#4a5360}"
    ".card{border:1px solid #c9d0d8;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}"
    ".facts{display:grid;grid-template-columns:12rem 1fr;gap:.25rem 1rem}.facts dd{margin:0}"
    ".idea-versions,.entries{list-style:none;padding:0}.entries li+li{margin-top:.5rem}"
    "figcaption{color:#4a5360}ins{background:#e3f4e6;color:#1e6b34}"
    "del{background:#fbe4e7;color:#b00020}svg{max-width:100%;height:auto}"
    ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    "@media print{body{max-width:none}.card,figure,tr{break-inside:avoid}a{color:inherit}}"
)


def join(parts: Iterable[Markup]) -> Markup:
    return Markup("\n").join(parts)


def h(level: int, title: str) -> Markup:
    return Markup("<h{0}>{1}</h{0}>").format(min(level, 6), title)


def time(moment: datetime) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(moment.isoformat(), w.when(moment))


def facts(pairs: Iterable[tuple[str, str | Markup]]) -> Markup:
    items = (Markup('<dt>{}</dt><dd class="entry">{}</dd>').format(k, v) for k, v in pairs if v)
    return Markup('<dl class="facts">{}</dl>').format(join(items))


def table(caption: str, head: list[str], rows: Iterable[Iterable[str | Markup]]) -> Markup:
    heads = join(Markup('<th scope="col">{}</th>').format(x) for x in head)
    body = join(
        Markup("<tr>{}</tr>").format(join(Markup('<td class="entry">{}</td>').format(c) for c in r))
        for r in rows
    )
    return Markup(
        "<table><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>"
    ).format(caption, heads, body)


def items(entries: Iterable[Markup], empty: str) -> Markup:
    found = [Markup("<li>{}</li>").format(e) for e in entries]
    if not found:
        return Markup("<p>{}</p>").format(empty)
    return Markup('<ul class="entries">{}</ul>').format(join(found))


def pilot_link(pilot_id: object, title: str) -> Markup:
    return Markup('<a href="/pilots/{}">{}</a>').format(pilot_id, title)


def pilot_html(report: PilotReport) -> Markup:
    about = [
        ("How might we", report.question),
        ("Origin", report.origin or "not recorded"),
        ("Themes", ", ".join(report.themes) or "none"),
        ("Status", w.status(report.status, report.outcome)),
        ("Summary", report.summary),
    ]
    ideas = join(idea_html(v, i) for i, v in enumerate(report.ideas))
    parts = [
        Markup("<h1>Learning report: {}</h1>").format(report.title),
        Markup('<p class="muted">{}, as of {}.</p>').format(report.stamp, time(report.as_of)),
        facts(about),
        h(2, "The idea and how it evolved"),
        Markup('<ol class="idea-versions">{}</ol>').format(ideas),
        h(2, "Cycles: prediction against result"),
        join(cycle_html(c) for c in report.cycles) or Markup("<p>No cycles yet.</p>"),
        h(2, "Reflection highlights"),
        reflections_html(report),
        h(2, "Open questions"),
        items(
            (
                Markup('<span class="entry">{}</span> <span class="muted">({})</span>').format(
                    q.text,
                    f"{w.words(q.status)}, asked {q.asked_on.isoformat()}, "
                    f"{w.plural(q.age_days, 'day')} old",
                )
                for q in report.open_questions
            ),
            "No open questions.",
        ),
        h(2, "Insights"),
        items(
            (
                Markup(
                    'On “{}” <span class="muted">({})</span>: <span class="entry">{}</span>'
                ).format(i.question, w.words(i.status), i.text)
                for i in report.insights
            ),
            "No insights yet.",
        ),
        *(Markup("<p><em>{}</em></p>").format(n) for n in notes(report)),
    ]
    return Markup('<article class="report">{}</article>').format(join(parts))


def notes(report: PilotReport) -> list[str]:
    return w.report_notes(report.hidden, report.withdrawn)


def reflections_html(report: PilotReport) -> Markup:
    parts = []
    for group in report.reflections:
        lines = [
            Markup('<span class="{}">{}</span> <span class="muted">({}{})</span>').format(
                "muted" if r.text is None else "entry",
                r.text or w.withdrawn(r.withdrawn_on),
                "" if r.cycle is None else f"cycle {r.cycle}, ",
                r.author,
            )
            for r in group.entries
        ]
        if group.earlier:
            hidden = w.plural(group.earlier, "earlier reflection")
            lines.append(Markup("<em>{} not shown.</em>").format(hidden))
        parts += [h(3, f"{group.label}: {group.prompt}"), items(lines, "")]
    return join(parts) or Markup("<p>No reflections yet.</p>")


def idea_html(version: IdeaVersion, index: int) -> Markup:
    name = "The idea as registered" if index == 0 else f"Revision {index}"
    pieces = Markup("").join(diff_piece(p.op, p.text) for p in version.diff)
    why = [("Why", version.rationale), ("Prompted by", version.prompted_by)]
    return Markup(
        '<li class="card">{}<p class="muted">Version {}, {}</p><p class="entry diff">{}</p>{}</li>'
    ).format(h(3, name), version.version, time(version.at), pieces, facts(why))


def diff_piece(op: str, text: str) -> Markup:
    """Added and removed words are marked for the eye and named for a screen reader."""
    if op == "same":
        return Markup("{}").format(text)
    tag = "ins" if op == "added" else "del"
    return Markup(
        '<{0}><span class="visually-hidden">[{1}: </span>{2}<span class="visually-hidden">]'
        "</span></{0}>"
    ).format(tag, op, text)


def cycle_html(cycle: CycleStory) -> Markup:
    rows = [[p.question, p.prediction, p.result or w.NOT_STUDIED] for p in cycle.predictions]
    happened = cycle.what_happened
    if happened and cycle.as_planned is False:
        happened = f"(not as planned) {happened}"
    decided = f"{w.decision(cycle.decision)}: {cycle.rationale}" if cycle.decision else ""
    steps = [
        ("Plan", cycle.plan),
        ("What happened", happened),
        ("Deviations", cycle.deviations),
        ("Learning", cycle.learning),
        ("Surprises", cycle.surprises),
        ("Decision", decided),
    ]
    caption = f"Predictions and results of cycle {cycle.number}"
    return Markup('<section class="card">{}<p class="muted">Stage: {}</p>{}{}</section>').format(
        h(3, f"Cycle {cycle.number}: {cycle.objective}"),
        cycle.stage,
        table(caption, ["Question", "Prediction", "Result"], rows),
        facts(steps),
    )


def programme_html(report: ProgrammeReport) -> Markup:
    as_of = time(report.as_of) if report.as_of else w.when(None)
    head = Markup('<h1>Programme learning report</h1><p class="muted">{}, as of {}.</p>').format(
        report.stamp, as_of
    )
    return Markup('<article class="report">{}{}</article>').format(head, summary_html(report))


def summary_html(report: ProgrammeReport, level: int = 2, query: str = "") -> Markup:
    """The summary and its charts, with section headings at `level` (the `/learning` page);
    `query` carries the page's filters to the pages of each list."""
    s, charts = report.summary, report.charts
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
        shared_ideas_html(report),
        more(len(s.shared_ideas), s.shared_ideas_count, "ideas", ""),
        h(level, "Surprises"),
        items(
            (
                Markup('{}, cycle {} ({}): <span class="entry">{}</span>').format(
                    pilot_link(x.pilot_id, x.title), x.cycle, w.day(x.at), x.text
                )
                for x in s.surprises
            ),
            "No surprises recorded.",
        ),
        more(len(s.surprises), s.surprises_count, "surprises", "surprises", query),
        h(level, "Insights"),
        items(
            (
                Markup('{}, on “{}” ({}): <span class="entry">{}</span>').format(
                    pilot_link(i.pilot_id, i.title), i.question, w.day(i.at), i.text
                )
                for i in s.insights
            ),
            "No insights yet.",
        ),
        more(len(s.insights), s.insights_count, "insights", "insights", query),
        h(level, "Open questions"),
        figure(
            open_questions_chart(weeks) if (weeks := charts.open_questions_by_week) else None,
            "Questions still open at the end of each week",
        ),
        open_questions_html(report),
        more(
            len(s.open_questions), s.open_questions_count, "open questions", "open-questions", query
        ),
    ]
    return join(parts)


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


def shared_ideas_html(report: ProgrammeReport) -> Markup:
    tables = []
    for idea in report.summary.shared_ideas:
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


def open_questions_html(report: ProgrammeReport) -> Markup:
    found = report.summary.open_questions
    if not found:
        return Markup("<p>No open questions.</p>")
    head = ["Pilot", "Question", "Status", "Asked on", "Age (days)"]
    rows = (
        [pilot_link(q.pilot_id, q.title), q.text, w.words(q.status), q.asked_on.isoformat(),
         str(q.age_days)]
        for q in found
    )  # fmt: skip
    return table("Open questions, oldest first", head, rows)


def figure(chart: Markup | None, title: str, note: str = "") -> Markup:
    """A chart with its title beside it for every reader; nothing when there is no data."""
    if chart is None:
        return EMPTY
    caption = f"{title}. {note}" if note else title
    return Markup("<figure>{}<figcaption>{}</figcaption></figure>").format(chart, caption)


def standalone(title: str, body: Markup) -> str:
    """A whole HTML document: the file needs nothing beside it to read or print."""
    return str(
        Markup(
            '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n{}\n</main>\n"
            "</body>\n</html>\n"
        ).format(title, PRINT_CSS, body)
    )
