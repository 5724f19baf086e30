"""The co-creation map drawn as a driver diagram in SVG, on the server: four columns, framing
questions, principles, ideas and pilots, with the stories behind each principle named inside
it, and a line from each record to those further out (`layout` says where each box goes). No
script, nothing fetched, every text escaped, one decimal per coordinate: the same map always
gives the same bytes.

It prints legibly (dark ink on white, text of 11 or more), and the kinds differ by their frame
as well as by colour: a framing question's is thick, a principle's rounded, a superseded idea's
dashed, a box a line only passes through dotted. The description says what the map holds; the
outline beside it says it all in words.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from projections.origins.driver import DriverMap
from projections.origins.layout import BOX, GAP_X, LEFT, LINE, PAD, TOP, WIDTH, Box, place
from projections.origins.wording import day, described, story_name
from projections.reports.charts import INK, MUTED, n

HEADINGS = ("Framing questions", "Principles", "Ideas", "Pilots")
FRAMES = {
    "framing": 'stroke="#0b5cad" stroke-width="2.5"',
    "principle": 'rx="10" stroke="#1e6b34" stroke-width="1.5"',
    "idea": f'stroke="{INK}" stroke-width="1.5"',
    "pilot": f'stroke="{MUTED}" stroke-width="1.5"',
}
SUPERSEDED = f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 3"'
PASSING = f'stroke="{MUTED}" stroke-width="1" stroke-dasharray="2 3"'


def draw(found: DriverMap, chart_id: str, framing_text: str | None = None) -> Markup:
    """The map as a complete `<svg>` element. Its parts are built as text around escaped words
    and made markup once, at the end: formatting each part as markup cost most of the time."""
    title = "Co-creation map" + ("" if found.at is None else f" on {day(found.at.date())}")
    desc = described(found, framing_text)
    boxes, lines = place(found)
    if not boxes:
        empty = _text(LEFT, TOP + 12, "Nothing on the map yet: no framing question, principle or "
                      "idea had been recorded by then.", note=False)  # fmt: skip
        return _svg(chart_id, TOP + 40, title, desc, [empty])
    parts = [_heading(i, heading) for i, heading in enumerate(HEADINGS)]
    parts += [_line(boxes[source], boxes[target], chart_id) for source, target in lines]
    parts += [_box(box) for box in boxes.values()]
    height = max(box.y + box.height for box in boxes.values()) + 16
    return _svg(chart_id, height, title, desc, parts)


def _svg(chart_id: str, height: float, title: str, desc: str, body: Iterable[str]) -> Markup:
    i, w, h = escape(chart_id), n(WIDTH), n(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart co-creation-map" role="img" '
        f'viewBox="0 0 {w} {h}" aria-labelledby="{i}-title {i}-desc" '
        f'font-family="system-ui, sans-serif" font-size="12" fill="{INK}">'
        f'<title id="{i}-title">{escape(title)}</title><desc id="{i}-desc">{escape(desc)}</desc>'
        f'<defs><marker id="{i}-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
        f'markerHeight="7" orient="auto"><path d="M 0 0 L 8 4 L 0 8 z" fill="{INK}"/></marker>'
        f'</defs><rect class="paper" width="{w}" height="{h}" fill="#ffffff"/>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 (every word escaped above)


def _heading(column: int, heading: str) -> str:
    x = LEFT + column * (BOX + GAP_X)
    return f'<text x="{n(x)}" y="24" font-size="13" font-weight="700">{escape(heading)}</text>'


def _text(x: float, y: float, label: str, *, note: bool) -> str:
    style = f' font-size="11" fill="{MUTED}"' if note else ""
    return f'<text x="{n(x)}" y="{n(y)}"{style}>{escape(label)}</text>'


def _box(box: Box) -> str:
    node = box.node
    if node is None:
        frame, kind, tip = PASSING, "passing", box.lines[0][0]
    else:
        frame = SUPERSEDED if node.became is not None else FRAMES[node.kind]
        kind, tip = node.kind, f"{node.kind.capitalize()}: {node.text or story_name(node)}"
    rect = (
        f'<rect x="{n(box.x)}" y="{n(box.y)}" width="{n(BOX)}" height="{n(box.height)}" '
        f'fill="#ffffff" {frame}/>'
    )
    texts = "".join(
        _text(box.x + PAD, box.y + PAD + 9 + i * LINE, line, note=note)
        for i, (line, note) in enumerate(box.lines)
    )
    return f'<g class="node {kind}"><title>{escape(tip)}</title>{rect}{texts}</g>'


def _line(source: Box, target: Box, chart_id: str) -> str:
    """A curve from the right of one box to the left of the next column's; from a merged or
    split idea to what it became, a dashed loop out to the right of the column."""
    if source.column == target.column:
        x, bulge = source.x + BOX, source.x + BOX + GAP_X * 0.45
        d = (f"M {n(x)} {n(source.middle)} C {n(bulge)} {n(source.middle)} {n(bulge)} "
             f"{n(target.middle)} {n(x + 2)} {n(target.middle)}")  # fmt: skip
        dash = ' stroke-dasharray="4 3"'
    else:
        x1, x2 = source.x + BOX, target.x - 2
        bend = (x1 + x2) / 2
        d = (f"M {n(x1)} {n(source.middle)} C {n(bend)} {n(source.middle)} {n(bend)} "
             f"{n(target.middle)} {n(x2)} {n(target.middle)}")  # fmt: skip
        dash = ""
    return (
        f'<path class="edge" d="{d}" fill="none" stroke="{INK}" stroke-width="1.2"{dash} '
        f'marker-end="url(#{escape(chart_id)}-arrow)"/>'
    )
