"""A measure's run or XmR chart as SVG drawn on the server, in the house style of the report
charts: an image with a name and a description, no script, nothing fetched, every text escaped,
and one decimal per coordinate, so the same view always gives the same bytes.

It prints legibly: dark ink on white, text of 11 or more, and a signal's points differ from
the others by shape as well as by colour. The description is `wording.summary`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from projections.measures.layout import Dates, Values, rows, spread, values_axis
from projections.measures.view import Annotation, MeasurePoint, MeasureView, Phase
from projections.measures.wording import (
    MONTHS,
    annotation_label,
    chart_name,
    dates_shown,
    day,
    figure,
    marked,
    summary,
    value,
)
from projections.reports.charts import LINE, MUTED, joined, n, short, text

SOLID = Markup('stroke="#1b1f24" stroke-width="1.5"')
DASHED = Markup('stroke="#1b1f24" stroke-width="1" stroke-dasharray="6 4"')
DOTTED = Markup('stroke="#1b1f24" stroke-width="1.5" stroke-dasharray="2 3"')
SEPARATOR = Markup('stroke="#1b1f24" stroke-width="1.5" stroke-dasharray="8 3 2 3"')
# A signal's points: a larger filled circle (blue), a filled diamond (orange) or a hollow
# square (grey), against the small dark dot of any other point.
# Only numbers and fixed words go into a shape, so each is plain text, formatted with the
# numbers its kind uses (a mark a point: Markup's escaping of each field, and numbers worked out
# for nothing, were most of the chart's cost).
MARKS = {
    None: ('<circle class="{role}" cx="{x}" cy="{y}" r="3" fill="#1b1f24">', "</circle>"),
    "improvement": ('<circle class="{role} signal improvement" cx="{x}" cy="{y}" r="5.5" '
                    'fill="#0b5cad" stroke="#1b1f24" stroke-width="1">', "</circle>"),
    "concern": ('<path class="{role} signal concern" d="M {x} {up} L {right} {y} L {x} {down} '
                'L {left} {y} Z" fill="#b34700" stroke="#1b1f24" stroke-width="1">', "</path>"),
    "no-side": ('<rect class="{role} signal no-side" x="{corner_x}" y="{corner_y}" width="9" '
                'height="9" fill="#ffffff" stroke="#4a5360" stroke-width="1.5">', "</rect>"),
}  # fmt: skip
THIN = Markup('stroke="#1b1f24" stroke-width="1"')
GRID = Markup('stroke="{}" stroke-width="1"').format(LINE)
LEGEND = {"improvement": "Improvement", "concern": "Concern", "no-side": "Signal with no side"}


@dataclass(frozen=True)
class Layout:
    width: float
    left: float
    right: float  # the plot's right edge; the latest lines' labels go beyond it
    top: float
    bottom: float
    compact: bool


def draw(
    view: MeasureView, chart_id: str, *, width: int = 720, compact: bool = False,
    said: str | None = None,
) -> Markup:  # fmt: skip
    """The measure's chart as a complete `<svg>` element; `compact` is the smaller version with
    fewer labels. Annotations carry their numbers from `wording.marked`. Its description is
    `wording.summary(view)`, which a caller that has it already passes as `said`."""
    title = f"{view.measure.name}: {chart_name(view)}"
    desc = summary(view) if said is None else said
    shown, notes = dates_shown(view), marked(view)
    wide = max(float(width), 240.0)
    left, margin = (48.0, 88.0) if compact else (60.0, 112.0)
    dates = Dates(shown[0], shown[1], left, wide - left - margin) if shown else None
    places = rows([dates.x(a.on) for _, a in notes], 22, 3) if dates else []
    top = 40.0 + 14 * max(places) if places else 22.0
    box = Layout(wide, left, wide - margin, top, top + (120.0 if compact else 240.0), compact)
    if dates is None:
        return _svg(chart_id, box, box.bottom + 12, title, desc, _empty(box))
    axis = values_axis(_amounts(view), top, box.bottom - top, 3 if compact else 5)
    parts = [*_grid(box, axis, view.measure.unit), *_dates(box, dates)]
    for i, phase in enumerate(view.phases):
        end = dates.x(view.phases[i + 1].starts) if i + 1 < len(view.phases) else box.right
        parts += _phase(box, axis, (dates.x(phase.starts), end), phase, view, new=i > 0)
    parts += _right_labels(box, axis, view)
    kinds = [_signal_kinds(view, phase) for phase in view.phases]
    for phase, found in zip(view.phases, kinds, strict=True):
        parts += _points(axis, dates, phase, found, view.measure.unit)
    parts += [
        _note(number, annotation, dates.x(annotation.on), row, top)
        for (number, annotation), row in zip(notes, places, strict=True)
    ]
    used = [kind for kind in LEGEND if any(kind in found.values() for found in kinds)]
    if used and not compact:
        parts += _legend(box, box.bottom + 40, used)
    return _svg(
        chart_id, box, box.bottom + (50 if used and not compact else 26), title, desc, parts
    )


def _svg(
    chart_id: str, box: Layout, height: float, title: str, desc: str, body: Iterable[Markup]
) -> Markup:
    """As `charts.svg`, at the chart's own width, on white paper; the name, the description
    and the id escaped, the rest numbers."""
    w, h, i = n(box.width), n(height), escape(chart_id)
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart measure-chart" role="img" '
        f'viewBox="0 0 {w} {h}" aria-labelledby="{i}-title {i}-desc" '
        'font-family="system-ui, sans-serif" font-size="12" fill="#1b1f24">'
        f'<title id="{i}-title">{escape(title)}</title><desc id="{i}-desc">{escape(desc)}</desc>'
        f'<rect class="paper" width="{w}" height="{h}" fill="#ffffff"/>'
    )
    return Markup(f"{head}{joined(body)}</svg>")  # noqa: S704


def _empty(box: Layout) -> list[Markup]:
    middle = ((box.left + box.right) / 2, (box.top + box.bottom) / 2)
    return [_frame(box), text(*middle, "No points yet", "middle")]


def _frame(box: Layout) -> Markup:
    x, y, w, h = n(box.left), n(box.top), n(box.right - box.left), n(box.bottom - box.top)
    return Markup(  # noqa: S704 (numbers and a colour)
        f'<rect class="plot" x="{x}" y="{y}" width="{w}" height="{h}" fill="none" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, kind: str, style: Markup) -> Markup:
    """`kind` is one of this module's class names and `style` is markup already, so only
    numbers are added: no field needs escaping."""
    return Markup(  # noqa: S704
        f'<line class="{kind}" x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" {style}/>'
    )


def _small(parts: Iterable[Markup]) -> Markup:
    return Markup('<g font-size="11">') + joined(parts) + Markup("</g>")


def _amounts(view: MeasureView) -> list[float]:
    lines = [at for phase in view.phases for at in (phase.centre, phase.lower, phase.upper)]
    found = [*(point.value for point in view.points), view.measure.target, *lines]
    return [amount for amount in found if amount is not None]


def _grid(box: Layout, axis: Values, unit: str) -> list[Markup]:
    parts = [text(4, 14, short(unit, 40))] if unit.strip() else []
    for tick in axis.ticks:
        y = axis.y(tick)
        parts.append(_line(box.left, y, box.right, y, "grid", GRID))
        parts.append(text(box.left - 6, y + 4, axis.label(tick), "end"))
    return [*parts, _frame(box)]


def _dates(box: Layout, dates: Dates) -> list[Markup]:
    """The first and last dates at the ends, and months between where there is room."""
    y = box.bottom + 16
    if dates.first == dates.last:
        return [text(dates.x(dates.first), y, day(dates.first), "middle")]
    parts = [text(box.left, y, day(dates.first)), text(box.right, y, day(dates.last), "end")]
    for month in [] if box.compact else dates.months(60):
        x = dates.x(month)
        parts.append(_line(x, box.bottom, x, box.bottom + 5, "month", SOLID))
        if box.left + 80 < x < box.right - 80:
            name = MONTHS[month.month - 1] + (f" {month.year}" if month.month == 1 else "")
            parts.append(text(x, y, name, "middle"))
    return parts


def _lines(phase: Phase, view: MeasureView) -> list[tuple[float, str, str, Markup]]:
    """The phase's centre line and limits: value, label, kind and style."""
    found = [
        (phase.centre, f"{view.rules.centre} ", "centre", SOLID),
        (phase.upper, "upper ", "upper", DASHED),
        (phase.lower, "lower ", "lower", DASHED),
    ]
    return [
        (at, name + figure(at), kind, style) for at, name, kind, style in found if at is not None
    ]


def _phase(
    box: Layout, axis: Values, span: tuple[float, float], phase: Phase, view: MeasureView,
    *, new: bool,
) -> list[Markup]:  # fmt: skip
    """The phase's lines across its span, with "new phase" at its start when it is not the first,
    "trial" on trial limits, and (but for the latest, labelled at the side) each line's value."""
    start, end = span
    parts, labels = [], []
    if new:
        why = f"New phase from {day(phase.starts)}"
        why += f": {short(phase.reason, 120)}" if phase.reason.strip() else ""
        separator = _line(start, box.top, start, box.bottom, "separator", SEPARATOR)
        parts.append(Markup('<g class="phase-start"><title>{}</title>{}{}</g>').format(
            why, separator, text(start + 4, box.top + 12, "new phase")))  # fmt: skip
    for at, label, kind, style in _lines(phase, view):
        y = axis.y(at)
        parts.append(_line(start, y, end, y, kind, style))
        if kind != "centre" and phase.trial:
            labels.append(text(start + 4, y - 4 if kind == "upper" else y + 13, "trial"))
        if phase is not view.phases[-1] and not box.compact:
            labels.append(text(end - 4, y - 4, label, "end"))
    return [*parts, _small(labels)]


def _right_labels(box: Layout, axis: Values, view: MeasureView) -> list[Markup]:
    """The target line, and the labels beside the plot: the target and the latest lines."""
    parts, wanted = [], []
    if view.measure.target is not None:
        y = axis.y(view.measure.target)
        parts.append(_line(box.left, y, box.right, y, "target", DOTTED))
        wanted.append((y, f"target {figure(view.measure.target)}"))
    wanted += [(axis.y(at), label) for at, label, _, _ in _lines(view.phases[-1], view)]
    heights = spread([y + 4 for y, _ in wanted], 13, box.bottom + 4)
    labels = [text(box.right + 6, y, label) for y, (_, label) in zip(heights, wanted, strict=True)]
    return [*parts, _small(labels)]


def _signal_kinds(view: MeasureView, phase: Phase) -> dict[date, str | None]:
    """How each point of the phase is marked: by the signals it is part of, a concern first."""
    found: dict[date, str | None] = {}
    for point in phase.points:
        sides = {
            signal.direction
            for signal in view.signals
            if signal.phase == phase.starts and signal.first <= point.on <= signal.last
        }
        kinds = [kind for kind in ("concern", "improvement") if kind in sides]
        found[point.on] = kinds[0] if kinds else "no-side" if sides else None
    return found


def _points(
    axis: Values, dates: Dates, phase: Phase, kinds: dict[date, str | None], unit: str
) -> list[Markup]:
    """The phase's points joined by a line; the line breaks between phases."""
    at = [(dates.x(point.on), axis.y(point.value)) for point in phase.points]
    parts = []
    if len(at) > 1:
        path = " ".join(f"{n(x)},{n(y)}" for x, y in at)  # numbers only
        parts.append(Markup(f'<polyline class="data" points="{path}" fill="none" {SOLID}/>'))  # noqa: S704
    marks = [
        _mark_text(x, y, kinds[point.on], _tip(point, kinds[point.on], unit))
        for point, (x, y) in zip(phase.points, at, strict=True)
    ]
    return [*parts, Markup("".join(marks))]  # noqa: S704 (each mark's text is escaped)


def _tip(point: MeasurePoint, kind: str | None, unit: str) -> str:
    tip = f"{day(point.on)}: {value(point.value, unit)}"
    tip += " (corrected)" if point.corrected else ""
    tip += f". {short(point.note, 120)}" if point.note.strip() else ""
    return tip + (f". Part of a signal: {LEGEND[kind].lower()}" if kind else "")


def _mark(x: float, y: float, kind: str | None, tip: str, role: str = "point") -> Markup:
    return Markup(_mark_text(x, y, kind, tip, role))  # noqa: S704 (the tip is escaped)


def _mark_text(x: float, y: float, kind: str | None, tip: str, role: str = "point") -> str:
    """A point's mark as text: its shape (`MARKS`), with the tip escaped."""
    opening, closing = MARKS[kind]
    if kind == "concern":
        extra = {"up": n(y - 7), "down": n(y + 7), "left": n(x - 7), "right": n(x + 7)}
    elif kind == "no-side":
        extra = {"corner_x": n(x - 4.5), "corner_y": n(y - 4.5)}
    else:
        extra = {}
    shape = opening.format(role=role, x=n(x), y=n(y), **extra)
    return f"{shape}<title>{escape(tip)}</title>{closing}"


def _note(number: int, annotation: Annotation, x: float, row: int, top: float) -> Markup:
    """A numbered mark above the plot: a short tick down into it, and its number over the tick,
    stacked above the numbers of marks close by."""
    tip = f"{number}. {day(annotation.on)}, {annotation_label(annotation)}: "
    tip += short(annotation.text, 120)
    tick = _line(x, top - 5, x, top + 6, "tick", THIN)
    label = text(x, top - 8 - 14 * row, str(number), "middle")
    return Markup(f'<g class="annotation"><title>{escape(tip)}</title>{tick}{label}</g>')  # noqa: S704


def _legend(box: Layout, y: float, used: list[str]) -> list[Markup]:
    parts, x = [], box.left
    for kind in used:
        parts += [_mark(x + 6, y - 4, kind, LEGEND[kind], "key"), text(x + 16, y, LEGEND[kind])]
        x += 44 + 7 * len(LEGEND[kind])
    return parts
