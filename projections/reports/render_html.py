"""Reports as HTML: a fragment for the site's pages, or a whole document that stands alone.

Every entered text goes in through `Markup.format`, which escapes it; the only hrefs are built
from pilot ids. The stand-alone document carries a small print stylesheet of its own, so the
file reads and prints well with nothing else beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from markupsafe import Markup

from projections.audit.ideas import IdeaVersion
from projections.measures.chart import draw
from projections.reports import words as w
from projections.reports.measures import MeasureStory, view_of
from projections.reports.pilot_report import CycleStory, PilotReport

EMPTY = Markup("")
CORRECTED = {True: " (corrected)", False: ""}
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
        h(2, "Measures"),
        join(measure_html(m, report.pilot_id) for m in report.measures)
        or Markup("<p>No measures yet.</p>"),
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
    expected = EMPTY
    if cycle.measures:
        expected = table(
            f"What cycle {cycle.number} expected its measures to show",
            ["Measure", "Prediction"],
            ([m.measure, m.prediction] for m in cycle.measures),
        )
    return Markup('<section class="card">{}<p class="muted">Stage: {}</p>{}{}{}</section>').format(
        h(3, f"Cycle {cycle.number}: {cycle.objective}"),
        cycle.stage,
        table(caption, ["Question", "Prediction", "Result"], rows),
        expected,
        facts(steps),
    )


def measure_html(story: MeasureStory, pilot_id: UUID) -> Markup:
    """A measure: what it is, its chart (drawn again from the story, with the chart's words
    as its caption for every reader), and beside it the data the chart shows."""
    better = "higher" if story.improvement == "up" else "lower"
    about = [
        ("Definition", story.definition),
        ("Unit", story.unit or "none"),
        ("Improvement", f"{better} is better"),
        ("Target", "none" if story.target is None else w.figure(story.target, story.unit)),
        ("Rules", f"{story.rules_name}, on a {w.chart(story.chart)}"),
    ]
    chart = draw(view_of(story, pilot_id), f"measure-{story.measure_id}")
    name = story.name
    phases = [
        [p.starts.isoformat(), p.reason or "first phase", str(p.points), w.optional(p.centre),
         w.limits(p.lower, p.upper), w.yes(p.trial), w.yes(p.too_few_points)]
        for p in story.phases
    ]  # fmt: skip
    head = ["From", "Why", "Points", "Centre", "Limits", "Trial limits", "Too few points"]
    notes = (
        Markup('<li value="{}">{}, {}: <span class="entry">{}</span></li>').format(
            a.number, a.on.isoformat(), a.label, a.text
        )
        for a in story.annotations
    )
    points = [
        [p.on.isoformat(), w.figure(p.value, story.unit), (p.note + CORRECTED[p.corrected]).strip()]
        for p in story.points
    ]
    parts = [
        h(3, f"{name} ({story.kind} measure)"),
        facts(about),
        Markup("<figure>{}<figcaption>{}</figcaption></figure>").format(chart, story.summary),
        table(f"Phases of {name}", head, phases) if phases else EMPTY,
        h(4, "Signals") if story.signals else EMPTY,
        items((Markup("{}").format(s.explanation) for s in story.signals), "")
        if story.signals
        else EMPTY,
        h(4, "Notes from the pilot's log") if story.annotations else EMPTY,
        Markup("<ol>{}</ol>").format(join(notes)) if story.annotations else EMPTY,
        table(f"Points of {name}", ["Date", "Value", "Note"], points)
        if points
        else Markup("<p>No points yet.</p>"),
    ]
    return Markup('<section class="card measure">{}</section>').format(join(parts))


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
