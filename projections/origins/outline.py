"""The map as an outline, the same content as the diagram in nested lists, for screen readers
and for print: each framing question with the principles it draws on (and the stories behind
them), the ideas drawn from those, and the pilots that test them. A record under two parents is
listed under each, in full the first time and by name after (`again`), so the outline grows
with the map's records and edges, not with its paths. What hangs from no framing question is
listed after, on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from projections.origins.driver import DriverMap, Node, PilotStanding, Standing
from projections.origins.wording import became_words, pilot_words, standing_words


@dataclass(frozen=True)
class Branch:
    """One record in the outline: what it says about itself (`notes`), the stories behind a
    principle, and the records under it."""

    node: Node
    notes: tuple[str, ...] = ()
    stories: tuple[Node, ...] = ()
    children: tuple[Branch, ...] = field(default=())
    again: bool = False  # listed in full above: here by name alone


@dataclass(frozen=True)
class Outline:
    framings: tuple[Branch, ...]
    unplaced: tuple[Branch, ...]  # records that hang from no framing question

    @property
    def empty(self) -> bool:
        return not self.framings and not self.unplaced


def outline(found: DriverMap) -> Outline:
    nodes = {node.id: node for node in found.nodes}
    names = {node.id: node.text or "" for node in found.nodes}
    down: dict[UUID, list[UUID]] = {}
    stories: dict[UUID, list[Node]] = {}
    placed: set[UUID] = set()
    for edge in found.edges:
        source, target = nodes[edge.source], nodes[edge.target]
        if source.kind == "story":
            stories.setdefault(target.id, []).append(source)
        elif not _lineage(source, target):
            down.setdefault(source.id, []).append(target.id)
            placed.add(target.id)

    listed: set[UUID] = set()

    def branch(node: Node) -> Branch:
        if node.id in listed:
            return Branch(node, again=True)
        listed.add(node.id)
        children = tuple(branch(nodes[child]) for child in down.get(node.id, ()))
        return Branch(node, _notes(node, names), tuple(stories.get(node.id, ())), children)

    roots = [node for node in found.nodes if node.kind != "story" and node.id not in placed]
    return Outline(
        tuple(branch(node) for node in roots if node.kind == "framing"),
        tuple(branch(node) for node in roots if node.kind != "framing"),
    )


def _lineage(source: Node, target: Node) -> bool:
    """An edge from a merged or split idea to what it became: said in words, not nested."""
    return source.kind == target.kind == "idea"


def _notes(node: Node, names: dict[UUID, str]) -> tuple[str, ...]:
    notes: list[str] = []
    if isinstance(node.status, Standing):
        notes.append(standing_words(node.status))
    elif isinstance(node.status, PilotStanding):
        notes.append(pilot_words(node.status) + ".")
    if node.became is not None:
        notes.append(became_words(node.became, names))
    return tuple(notes)
