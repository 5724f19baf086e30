"""Where each record of the map goes in the diagram: four columns, and in each the boxes in an
order, each as near the middle of the boxes it hangs from as the column allows, so that lines
run mostly straight. A record that hangs from nothing goes to the foot of its column.

Lines only join neighbouring columns: a record that hangs from a framing question past a column
(an idea drawn from none of its principles, a pilot that tests no idea) is reached through a
small box in each column between, which says so; a line never passes under another record's box
and seems to come from it. A merged or split idea joins what it became within its column.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from projections.origins.driver import DriverMap, Node, PilotStanding, Standing
from projections.origins.wording import decided, pilot_words, story_name, tested

COLUMNS = ("framing", "principle", "idea", "pilot")
BOX, GAP_X, LEFT, TOP, GAP_Y = 220.0, 56.0, 12.0, 44.0, 14.0
LINE, PAD, CHARS, MAIN_LINES, STORIES_SHOWN = 15.0, 8.0, 28, 4, 3
WIDTH = 2 * LEFT + len(COLUMNS) * BOX + (len(COLUMNS) - 1) * GAP_X
PASSING = {1: "Not through a principle", 2: "No idea named"}

Key = UUID | tuple[UUID, int]  # a record, or (a record, a column) for a box it passes through


@dataclass(frozen=True)
class Box:
    key: Key
    node: Node | None  # None: a box a line passes through
    column: int
    y: float
    lines: tuple[tuple[str, bool], ...]  # (text, whether it is a note in the smaller type)

    @property
    def x(self) -> float:
        return LEFT + self.column * (BOX + GAP_X)

    @property
    def height(self) -> float:
        return height_of(len(self.lines))

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def height_of(lines: int) -> float:
    return 2 * PAD + LINE * lines - 3


def place(found: DriverMap) -> tuple[dict[Key, Box], list[tuple[Key, Key]]]:
    """The boxes, by key, and the lines between them: each joins neighbouring columns, or two
    ideas in the same column."""
    by_id = {node.id: node for node in found.nodes}
    column = {node.id: COLUMNS.index(node.kind) for node in found.nodes if node.kind in COLUMNS}
    stories: dict[UUID, list[Node]] = {}
    lines: list[tuple[Key, Key]] = []
    for edge in found.edges:
        if by_id[edge.source].kind == "story":
            stories.setdefault(edge.target, []).append(by_id[edge.source])
            continue
        start, end = column[edge.source], column[edge.target]
        path: list[Key] = [edge.source, *((edge.source, c) for c in range(start + 1, end)),
                           edge.target]  # fmt: skip
        lines += itertools.pairwise(path)
    lines = list(dict.fromkeys(lines))
    keys: list[list[Key]] = [[n.id for n in found.of(kind)] for kind in COLUMNS]
    for _, target in lines:
        if isinstance(target, tuple) and target not in keys[target[1]]:
            keys[target[1]].append(target)
    parents: dict[Key, list[Key]] = {}
    for source, target in lines:
        parents.setdefault(target, []).append(source)
    boxes: dict[Key, Box] = {}
    for c, in_column in enumerate(keys):
        texts = {key: tuple(_texts(key, by_id, stories)) for key in in_column}
        wanted = _wanted(in_column, parents, boxes)
        order = sorted(range(len(in_column)), key=lambda i: (wanted[in_column[i]], i))
        bottom = TOP - GAP_Y
        for i in order:
            key = in_column[i]
            height = height_of(len(texts[key]))
            middle = wanted[key] if c and math.isfinite(wanted[key]) else -math.inf
            y = max(middle - height / 2, bottom + GAP_Y)
            node = by_id.get(key) if isinstance(key, UUID) else None
            boxes[key] = Box(key, node, c, y, texts[key])
            bottom = y + height
    return boxes, lines


def _wanted(
    in_column: list[Key], parents: dict[Key, list[Key]], boxes: dict[Key, Box]
) -> dict[Key, float]:
    """Where each box of a column would sit: the middle of the boxes it hangs from in earlier
    columns; an idea hanging only from a merged or split one, where that one would sit. In the
    map's order, so an idea merged or split comes before what it became."""
    wanted: dict[Key, float] = {}
    for key in in_column:
        placed = [boxes[p].middle for p in parents.get(key, ()) if p in boxes]
        earlier = [wanted[p] for p in parents.get(key, ()) if p in wanted]
        above = placed or earlier
        wanted[key] = sum(above) / len(above) if above else math.inf
    return wanted


def _texts(
    key: Key, by_id: dict[UUID, Node], stories: dict[UUID, list[Node]]
) -> Iterable[tuple[str, bool]]:
    if isinstance(key, tuple):
        yield PASSING[key[1]], True
        return
    node = by_id[key]
    main = textwrap.wrap(node.text or "", CHARS) or [""]
    if len(main) > MAIN_LINES:
        main = [*main[: MAIN_LINES - 1], textwrap.shorten(main[MAIN_LINES - 1] + " …", CHARS)]
    yield from ((line, False) for line in main)
    behind = stories.get(key, [])
    if behind:
        yield "Stories behind it:", True
        for story in behind[:STORIES_SHOWN]:
            if story.withdrawn_on is not None:
                yield f"· withdrawn {story.withdrawn_on.isoformat()}", True
            else:
                yield "· " + story_name(story, CHARS - 4), True
        if len(behind) > STORIES_SHOWN:
            yield f"and {len(behind) - STORIES_SHOWN} more", True
    if isinstance(node.status, Standing):
        yield tested(node.status), True
        yield decided(node.status), True
    if isinstance(node.status, PilotStanding):
        yield pilot_words(node.status), True
    if node.became is not None:
        count = len(node.became.ideas)
        yield ("Merged into another idea" if node.became.how == "merged"
               else f"Split into {count} ideas"), True  # fmt: skip
