"""Charts as SVG drawn on the server: no script, no web fonts, nothing fetched.

Every chart is an image with a name and a description (`role="img"`, `<title>`, `<desc>`);
decisions differ by fill pattern and by label as well as by colour; every text placed in the
SVG is escaped by `Markup.format`. Coordinates are printed with one decimal, so the same data
always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from markupsafe import Markup, escape

from projections.learning.series import PilotCycles, ThemeDecisions, WeekCount

WIDTH = 720
INK, LINE, MUTED = "#1b1f24", "#c9d0d8", "#4a5360"
# (name, colour, fill): solid, hatched and outlined bars, so colour is never the only cue.
DECISIONS = {
    "adopt": ("Adopt", "#1e6b34", "#1e6b34"),
    "adapt": ("Adapt", "#0b5cad", "url(#{id}-hatch)"),
    "abandon": ("Abandon", "#b00020", "#ffffff"),
    None: ("Not decided yet", MUTED, "url(#{id}-dots)"),
}


def n(value: float) -> str:
    return f"{value:.1f}"


def joined(parts: Iterable[Markup]) -> Markup:
    """As `Markup("").join`, which escapes each part, but without making each part that is
    markup already into a new Markup: the same text, for less."""
    return Markup("".join(p if isinstance(p, Markup) else escape(p) for p in parts))  # noqa: S704


def short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def svg(chart_id: str, height: float, title: str, desc: str, body: Iterable[Markup]) -> Markup:
    head = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'viewBox="0 0 {w} {h}" aria-labelledby="{i}-title {i}-desc" '
        'font-family="system-ui, sans-serif" font-size="12" fill="#1b1f24">'
        '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>'
    ).format(w=WIDTH, h=n(height), i=chart_id, t=title, d=desc)
    return head + _patterns(chart_id) + Markup("").join(body) + Markup("</svg>")


def _patterns(chart_id: str) -> Markup:
    return Markup(
        '<defs><pattern id="{i}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#dbe7f5"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#0b5cad" stroke-width="3"/></pattern>'
        '<pattern id="{i}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.2" '
        'fill="#4a5360"/></pattern></defs>'
    ).format(i=chart_id)


def text(x: float, y: float, label: str, anchor: str = "start") -> Markup:
    """The label escaped; the rest is numbers and an anchor word chosen here."""
    return Markup(  # noqa: S704
        f'<text x="{n(x)}" y="{n(y)}" text-anchor="{anchor}">{escape(label)}</text>'
    )


def bar(chart_id: str, decision: str | None, x: float, y: float, w: float, h: float) -> Markup:
    _, colour, fill = DECISIONS[decision if decision in DECISIONS else None]
    return Markup(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1.5"/>'
    ).format(n(x), n(y), n(w), n(h), fill.format(id=chart_id), colour)


def legend(chart_id: str, y: float, decisions: Iterable[str | None]) -> list[Markup]:
    parts, x = [], 0.0
    for decision in decisions:
        name = DECISIONS[decision][0]
        parts += [bar(chart_id, decision, x, y - 10, 14, 12), text(x + 20, y, name)]
        x += 40 + 8 * len(name)
    return parts


def cycles_chart(
    pilots: list[PilotCycles], not_drawn: int, chart_id: str = "chart-cycles"
) -> Markup:
    """One row per pilot, one bar per cycle from its planning to its decision."""
    label, row, top = 190.0, 24.0, 28.0
    spans = [s for p in pilots for s in p.cycles]
    start = min(s.planned_at for s in spans)
    end = max(max(s.ended_at for s in spans), start)
    scale = (WIDTH - label - 16) / max((end - start).total_seconds(), 86_400.0)

    def x(moment: datetime) -> float:
        return label + (moment - start).total_seconds() * scale

    parts = [text(label, 14, start.date().isoformat()),
             text(WIDTH - 16, 14, end.date().isoformat(), "end")]  # fmt: skip
    for i, pilot in enumerate(pilots):
        y = top + i * row
        parts.append(text(label - 8, y + 13, short(pilot.title, 28), "end"))
        parts.append(Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>').format(
            n(label), n(y + row - 2), WIDTH - 16, n(y + row - 2), LINE))  # fmt: skip
        for s in pilot.cycles:
            left = x(s.planned_at)
            tip = (
                f"{pilot.title}, cycle {s.number}: {DECISIONS.get(s.decision, DECISIONS[None])[0]}"
            )
            tip += f", {s.planned_at.date().isoformat()} to {s.ended_at.date().isoformat()}"
            drawn = bar(chart_id, s.decision, left, y + 3, max(3.0, x(s.ended_at) - left), 14)
            parts.append(Markup("<g><title>{}</title>{}</g>").format(tip, drawn))
    bottom = top + len(pilots) * row + 24
    parts += legend(chart_id, bottom, ["adopt", "adapt", "abandon", None])
    if not_drawn:
        parts.append(text(0, bottom + 22, f"{not_drawn} earlier pilots are not drawn."))
    desc = (f"{len(spans)} cycles of {len(pilots)} pilots between {start.date().isoformat()} "
            f"and {end.date().isoformat()}.")  # fmt: skip
    return svg(chart_id, bottom + (30 if not_drawn else 10), "Cycles across pilots", desc, parts)


def decisions_chart(themes: list[ThemeDecisions], chart_id: str = "chart-decisions") -> Markup:
    """Grouped bars: adopt, adapt and abandon for each theme, each bar labelled with its count."""
    left, top, plot, group = 36.0, 34.0, 180.0, (WIDTH - 36.0) / max(len(themes), 1)
    most = max(max(t.adopt, t.adapt, t.abandon) for t in themes) or 1
    step = max(1, math.ceil(most / 4))
    high = step * math.ceil(most / step)
    parts = legend(chart_id, 14, ["adopt", "adapt", "abandon"])
    for tick in range(0, high + 1, step):
        y = top + plot - tick / high * plot
        parts.append(text(left - 6, y + 4, str(tick), "end"))
        parts.append(Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>').format(
            n(left), n(y), WIDTH, n(y), LINE))  # fmt: skip
    width = group * 0.8 / 3
    for i, theme in enumerate(themes):
        x0 = left + i * group + group * 0.1
        for j, (decision, count) in enumerate(
            (("adopt", theme.adopt), ("adapt", theme.adapt), ("abandon", theme.abandon))
        ):
            h = count / high * plot
            x = x0 + j * width
            tip = f"{theme.theme}: {count} {DECISIONS[decision][0].lower()}"
            parts.append(Markup("<g><title>{}</title>{}{}</g>").format(
                tip, bar(chart_id, decision, x, top + plot - h, width - 2, h),
                text(x + width / 2 - 1, top + plot - h - 4, str(count), "middle")))  # fmt: skip
        parts.append(text(x0 + width * 1.5, top + plot + 18, short(theme.theme, 18), "middle"))
    desc = "; ".join(
        f"{t.theme}: {t.adopt} adopt, {t.adapt} adapt, {t.abandon} abandon" for t in themes
    )
    return svg(chart_id, top + plot + 30, "Decisions by theme", desc + ".", parts)


def open_questions_chart(weeks: list[WeekCount], chart_id: str = "chart-open-questions") -> Markup:
    """A step line: how many questions were still open at the end of each week."""
    left, top, plot = 36.0, 12.0, 160.0
    most = max(w.open for w in weeks) or 1
    step = max(1, math.ceil(most / 4))
    high = step * math.ceil(most / step)
    every = (WIDTH - left - 16) / max(len(weeks), 1)
    parts = []
    for tick in range(0, high + 1, step):
        y = top + plot - tick / high * plot
        parts.append(text(left - 6, y + 4, str(tick), "end"))
        parts.append(Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>').format(
            n(left), n(y), WIDTH - 16, n(y), LINE))  # fmt: skip
    path, label_every = [], max(1, math.ceil(len(weeks) / 6))
    for i, week in enumerate(weeks):
        x, y = left + i * every, top + plot - week.open / high * plot
        path.append(f"M {n(x)} {n(y)}" if i == 0 else f"H {n(x)} V {n(y)}")
        tip = f"Week of {week.week.isoformat()}: {week.open} open"
        parts.append(Markup('<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}</title></circle>')
                     .format(n(x), n(y), INK, tip))  # fmt: skip
        if i % label_every == 0:
            parts.append(text(x, top + plot + 18, week.week.isoformat(), "middle"))
    path.append(f"H {n(left + len(weeks) * every)}")
    parts.insert(0, Markup('<path d="{}" fill="none" stroke="{}" stroke-width="2.5"/>').format(
        " ".join(path), "#0b5cad"))  # fmt: skip
    desc = "; ".join(f"week of {w.week.isoformat()}: {w.open}" for w in weeks)
    return svg(chart_id, top + plot + 30, "Open questions by week", desc + ".", parts)
