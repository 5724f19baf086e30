"""Reports as Markdown. Entered text is escaped so it reads as written and can never become
markup: HTML tags, links, emphasis and table pipes all show as the characters typed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from projections.audit.ideas import IdeaVersion
from projections.reports import words as w
from projections.reports.measures import MeasureStory
from projections.reports.pilot_report import CycleStory, PilotReport, ReflectionLine

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def inline(text: str) -> str:
    """Text for one table cell or list item: its line breaks become `<br>`."""
    lines = (_escape_line(line) for line in text.strip().splitlines())
    return "<br>".join(line for line in lines if line)


def block(text: str) -> str:
    """Text as paragraphs, keeping the writer's line breaks."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(
        "  \n".join(_escape_line(line) for line in p.splitlines() if line.strip())
        for p in paragraphs
    )


def _escape(text: str) -> str:
    html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE.sub(r"\\\1", html)


def _escape_line(line: str) -> str:
    return _LINE_START.sub(r"\1\\\2", _escape(line.strip()))


def table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    names = list(head)
    lines = ["| " + " | ".join(names) + " |", "|" + " --- |" * len(names)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def pilot_markdown(report: PilotReport) -> str:
    parts = [
        f"# Learning report: {inline(report.title)}",
        f"> {report.stamp}, as of {w.when(report.as_of)}.",
        f"**How might we:** {inline(report.question)}  \n"
        f"**Origin:** {inline(report.origin) if report.origin else 'not recorded'}  \n"
        f"**Themes:** {inline(', '.join(report.themes)) if report.themes else 'none'}  \n"
        f"**Status:** {w.status(report.status, report.outcome)}",
    ]
    if report.summary:
        parts.append(f"**Summary:** {inline(report.summary)}")
    parts.append("## The idea and how it evolved")
    parts += [idea_section(v, i) for i, v in enumerate(report.ideas)]
    parts.append("## Cycles: prediction against result")
    parts += [cycle_section(c) for c in report.cycles] or ["No cycles yet."]
    parts.append("## Measures")
    if report.measures:
        parts.append("_The charts are in the HTML report; here each measure is in words and data._")
    parts += [measure_section(m) for m in report.measures] or ["No measures yet."]
    parts.append("## Reflection highlights")
    for group in report.reflections:
        parts.append(f"### {group.label}: {group.prompt}")
        items = [f"- {reflection_text(r)} _({where(r.cycle)}{r.author})_" for r in group.entries]
        if group.earlier:
            items.append(f"- _{w.plural(group.earlier, 'earlier reflection')} not shown._")
        parts.append("\n".join(items))
    if not report.reflections:
        parts.append("No reflections yet.")
    parts.append("## Open questions")
    questions = [f"- {inline(q.text)} _({w.words(q.status)}, asked {q.asked_on.isoformat()}, "
                 f"{w.plural(q.age_days, 'day')} old)_" for q in report.open_questions]  # fmt: skip
    parts.append("\n".join(questions) or "No open questions.")
    parts.append("## Insights")
    insights = [f"- On “{inline(i.question)}” _({w.words(i.status)})_: {inline(i.text)}"
                for i in report.insights]  # fmt: skip
    parts.append("\n".join(insights) or "No insights yet.")
    parts += [f"_{note}_" for note in w.report_notes(report.hidden, report.withdrawn)]
    return "\n\n".join(parts) + "\n"


def reflection_text(line: ReflectionLine) -> str:
    if line.text is None:
        return f"_{w.withdrawn(line.withdrawn_on)}_"
    return inline(line.text)


def where(cycle: int | None) -> str:
    return "" if cycle is None else f"cycle {cycle}, "


def idea_section(version: IdeaVersion, index: int) -> str:
    name = "The idea as registered" if index == 0 else f"Revision {index}"
    lines = [f"### {name}", f"_Version {version.version}, {w.when(version.at)}._"]
    if index == 0:
        lines.append(block(version.idea))
    else:
        marks = {"same": "", "added": "**", "removed": "~~"}
        diff = _LINE_START.sub(
            r"\1\\\2", "".join(_piece(p.text, marks[p.op]) for p in version.diff)
        )
        lines.append(f"{diff}\n\n_Added words are in bold; removed words are struck through._")
        lines.append(f"**Why:** {inline(version.rationale)}")
    if version.prompted_by:
        lines.append(f"**Prompted by:** {inline(version.prompted_by)}")
    return "\n\n".join(lines)


def _piece(text: str, mark: str) -> str:
    """One piece of a word diff, marked, keeping the spaces around it outside the marks."""
    escaped = _escape(text).replace("\r", "").replace("\n", "<br>")
    core = escaped.strip()
    if not mark or not core:
        return escaped
    lead, trail = escaped[: len(escaped) - len(escaped.lstrip())], escaped[len(escaped.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def cycle_section(cycle: CycleStory) -> str:
    lines = [
        f"### Cycle {cycle.number}: {inline(cycle.objective)}",
        f"_Stage: {cycle.stage}._",
        table(
            ["Question", "Prediction", "Result"],
            (
                [
                    inline(p.question),
                    inline(p.prediction),
                    inline(p.result) if p.result else w.NOT_STUDIED,
                ]
                for p in cycle.predictions
            ),
        ),
    ]
    if cycle.measures:
        lines.append(
            table(
                ["Measure", "Prediction"],
                ([inline(m.measure), inline(m.prediction)] for m in cycle.measures),
            )
        )
    if cycle.what_happened:
        how = "" if cycle.as_planned in (None, True) else " _(not as planned)_"
        lines.append(f"**What happened:**{how} {inline(cycle.what_happened)}")
    if cycle.deviations:
        lines.append(f"**Deviations:** {inline(cycle.deviations)}")
    for label, text in (("Learning", cycle.learning), ("Surprises", cycle.surprises)):
        if text:
            lines.append(f"**{label}:** {inline(text)}")
    if cycle.decision:
        lines.append(f"**Decision:** {w.decision(cycle.decision)}. {inline(cycle.rationale)}")
    return "\n\n".join(lines)


def measure_section(story: MeasureStory) -> str:
    """A measure: what it is, its chart in words, its phases, signals and notes, and its
    points; what people typed is escaped, the rest is the report's own words."""
    better = "higher" if story.improvement == "up" else "lower"
    target = "none" if story.target is None else w.figure(story.target, story.unit)
    lines = [
        f"### {inline(story.name)} _({story.kind} measure)_",
        f"**Definition:** {inline(story.definition)}  \n"
        f"**Unit:** {inline(story.unit) if story.unit else 'none'}  \n"
        f"**Improvement:** {better} is better  \n"
        f"**Target:** {inline(target)}  \n"
        f"**Rules:** {story.rules_name}, on a {w.chart(story.chart)}",
        inline(story.summary),
    ]
    phases = [
        [p.starts.isoformat(), inline(p.reason) if p.reason else "first phase", str(p.points),
         w.optional(p.centre), w.limits(p.lower, p.upper), w.yes(p.trial),
         w.yes(p.too_few_points)]
        for p in story.phases
    ]  # fmt: skip
    head = ["From", "Why", "Points", "Centre", "Limits", "Trial limits", "Too few points"]
    lines.append(tabled(head, phases, "No phases yet: no points."))
    if story.signals:
        lines.append(
            "**Signals:**\n\n" + "\n".join(f"- {inline(s.explanation)}" for s in story.signals)
        )
    if story.annotations:
        notes = (f"{a.number}. {a.on.isoformat()}, {a.label}: {inline(a.text)}"
                 for a in story.annotations)  # fmt: skip
        lines.append("**Notes from the pilot's log:**\n\n" + "\n".join(notes))
    points = [[p.on.isoformat(), inline(w.figure(p.value, story.unit)),
               (inline(p.note) + (" _(corrected)_" if p.corrected else "")).strip()]
              for p in story.points]  # fmt: skip
    lines.append(tabled(["Date", "Value", "Note"], points, "No points yet."))
    return "\n\n".join(lines)


def section(title: str, body: str, empty: str) -> list[str]:
    return [f"## {title}", body or empty]


def tabled(head: list[str], rows: list[list[str]], empty: str) -> str:
    return table(head, rows) if rows else empty
