"""The co-creation map as a driver diagram: nodes and the edges between them, for one reader,
the whole programme or one framing question's tree.

Every edge points away from the aim, the way the diagram reads: a framing question to the
principles it draws on, a principle to the ideas drawn from it, an idea to the pilots that test
it; a story to the principle drawn from it (stories stand behind principles); a superseded idea
to what it became. An idea that serves a framing question but draws on none of its principles
hangs from the question itself, as does a pilot that serves one and tests no idea, so nothing
that serves a question floats free of it.

A story appears once a principle draws on it, and only to a reader who may read it; a withdrawn
one keeps its node and edges, without its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from projections.origins.state import Became, Origins, PilotAt, Reader, StatementAt

KINDS = ("framing", "principle", "idea", "pilot", "story")
DECISIONS = ("adopt", "adapt", "abandon")


@dataclass(frozen=True)
class Standing:
    """An idea's standing: how many pilots test it, how many of them are active, and how many
    last decided to adopt, adapt or abandon."""

    tested: int
    running: int
    adopt: int
    adapt: int
    abandon: int


NOT_TESTED = Standing(0, 0, 0, 0, 0)


@dataclass(frozen=True)
class PilotStanding:
    status: str
    decision: str | None


@dataclass(frozen=True)
class Node:
    id: UUID
    kind: str
    text: str | None
    status: Standing | PilotStanding | None = None
    title: str | None = None  # a story's
    withdrawn_on: date | None = None  # a withdrawn story's
    became: Became | None = None  # a superseded idea's


@dataclass(frozen=True)
class Edge:
    source: UUID
    target: UUID


@dataclass(frozen=True)
class DriverMap:
    at: datetime | None
    framing: UUID | None
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def of(self, kind: str) -> list[Node]:
        return [node for node in self.nodes if node.kind == kind]


def driver_map(origins: Origins, reader: Reader, framing: UUID | None = None) -> DriverMap:
    """The map of `origins` for `reader`; with `framing`, only that framing question's tree
    (the caller checks it is one)."""
    nodes = list(_nodes(origins, reader))
    edges = list(dict.fromkeys(_edges(origins, {node.id for node in nodes})))
    if framing is not None:
        kept = _tree(origins, framing, edges)
        nodes = [node for node in nodes if node.id in kept]
        edges = [edge for edge in edges if edge.source in kept and edge.target in kept]
    return DriverMap(origins.at, framing, tuple(nodes), tuple(edges))


def standing(origins: Origins, idea: UUID) -> Standing:
    return standings(origins).get(idea, NOT_TESTED)


def standings(origins: Origins) -> dict[UUID, Standing]:
    """Each tested idea's standing, from one pass over the pilots."""
    counts: dict[UUID, list[int]] = {}
    for pilot in origins.pilots.values():
        if pilot.tests_idea is None:
            continue
        found = counts.setdefault(pilot.tests_idea, [0, 0, 0, 0, 0])
        found[0] += 1
        found[1] += pilot.status == "active"
        if pilot.decision in DECISIONS:
            found[2 + DECISIONS.index(pilot.decision)] += 1
    return {idea: Standing(*found) for idea, found in counts.items()}


def _nodes(origins: Origins, reader: Reader) -> Iterator[Node]:
    tested = standings(origins)
    for framing in origins.framings.values():
        yield Node(framing.id, "framing", framing.text)
    for principle in origins.principles.values():
        yield Node(principle.id, "principle", principle.text)
    for idea in origins.ideas.values():
        yield Node(idea.id, "idea", idea.text, tested.get(idea.id, NOT_TESTED),
                   became=origins.became.get(idea.id))  # fmt: skip
    for pilot in origins.pilots.values():
        yield Node(pilot.id, "pilot", pilot.title, PilotStanding(pilot.status, pilot.decision))
    behind = {story for p in origins.principles.values() for story in p.links}
    for story in origins.stories.values():
        if story.id in behind and reader.may_read(story):
            yield Node(story.id, "story", story.text, None, story.title or None, story.withdrawn_on)


def _edges(origins: Origins, present: set[UUID]) -> Iterator[Edge]:
    principles, framings, ideas = origins.principles, origins.framings, origins.ideas
    for framing in framings.values():
        yield from _to(framing.id, _present(framing.links, principles))
    for principle in principles.values():
        yield from (Edge(story, principle.id) for story in principle.links if story in present)
    for idea in ideas.values():
        drawn_from = _present(idea.links, principles)
        yield from (Edge(source, idea.id) for source in drawn_from)
        served = framings.get(idea.framing) if idea.framing is not None else None
        if served is not None and not set(drawn_from) & set(served.links):
            yield Edge(served.id, idea.id)
    for idea_id, became in origins.became.items():
        yield from _to(idea_id, _present(became.ideas, ideas))
    for pilot in origins.pilots.values():
        if pilot.tests_idea in ideas:
            yield Edge(pilot.tests_idea, pilot.id)
        elif pilot.framing in framings:
            yield Edge(pilot.framing, pilot.id)


def _tree(origins: Origins, framing: UUID, edges: Iterable[Edge]) -> set[UUID]:
    """The framing question, the principles it draws on, the ideas that serve it (or serve
    none and draw on one of its principles) with every principle they draw on, the pilots that
    test those ideas or serve the question, and the stories behind those principles."""
    question = origins.framings[framing]
    own = set(question.links)
    ideas = {idea.id for idea in origins.ideas.values() if _serves(idea, framing, own)}
    principles = own | {p for i in ideas for p in origins.ideas[i].links}
    pilots = {pilot.id for pilot in origins.pilots.values() if _tests(pilot, framing, ideas)}
    stories = {e.source for e in edges if e.target in principles and e.source in origins.stories}
    return {framing, *principles, *ideas, *pilots, *stories}


def _serves(idea: StatementAt, framing: UUID, principles: set[UUID]) -> bool:
    return idea.framing == framing or (idea.framing is None and bool(principles & set(idea.links)))


def _tests(pilot: PilotAt, framing: UUID, ideas: set[UUID]) -> bool:
    return pilot.tests_idea in ideas or pilot.framing == framing


def _present(ids: Iterable[UUID], kept: dict[UUID, StatementAt]) -> list[UUID]:
    return [key for key in ids if key in kept]


def _to(source: UUID, targets: Iterable[UUID]) -> Iterator[Edge]:
    return (Edge(source, target) for target in targets)
