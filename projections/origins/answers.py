"""The co-creation map as the contract names its fields (`GET /api/v1/map`): the answer the web
gives, and the map of a programme report, made from a `DriverMap` here and turned back into one
(`driver_of`) so the report's diagram and outline are drawn from what its JSON holds."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from projections.origins.driver import DriverMap, Edge, Node, PilotStanding, Standing
from projections.origins.state import Became

# An idea's standing: how many pilots test it, how many of them are active, and how many last
# decided to adopt, adapt or abandon; or a pilot's status and last decision (null before its
# first). A plain mapping, since a union of two shapes would need a tag field in the answer.
Status = dict[str, int | str | None]


class NodeRead(msgspec.Struct):
    """A record on the map. `status` is an idea's standing `{tested, running, adopt, adapt,
    abandon}` or a pilot's `{status, decision}`, `null` for the others; a story has its `title`
    too, and `withdrawn_on` once withdrawn (its `text` is then `null`)."""

    id: UUID
    kind: str
    text: str | None
    status: Status | None
    title: str | None = None
    withdrawn_on: date | None = None


class EdgeRead(msgspec.Struct):
    """From the record nearer the framing question to the one further out: a framing question
    to a principle (or to an idea or a pilot that serves it and hangs from no principle of it),
    a story to the principle drawn from it, a principle to an idea, an idea to a pilot that
    tests it, and a merged or split idea to what it became."""

    source: UUID = msgspec.field(name="from")
    target: UUID = msgspec.field(name="to")


class MapRead(msgspec.Struct):
    """The co-creation map as a driver diagram: `at` is the moment it stood at (`null`: now),
    `framing` the framing question whose tree it is (`null`: all)."""

    nodes: list[NodeRead]
    edges: list[EdgeRead]
    at: datetime | None
    framing: UUID | None


def map_read(found: DriverMap) -> MapRead:
    return MapRead(
        [_node(node) for node in found.nodes],
        [EdgeRead(edge.source, edge.target) for edge in found.edges],
        found.at,
        found.framing,
    )


def _node(node: Node) -> NodeRead:
    status: Status | None = None
    if isinstance(node.status, Standing):
        s = node.status
        status = {"tested": s.tested, "running": s.running, "adopt": s.adopt, "adapt": s.adapt,
                  "abandon": s.abandon}  # fmt: skip
    elif isinstance(node.status, PilotStanding):
        status = {"status": node.status.status, "decision": node.status.decision}
    return NodeRead(node.id, node.kind, node.text, status, node.title, node.withdrawn_on)


def driver_of(read: MapRead) -> DriverMap:
    """The `DriverMap` a `MapRead` was made from (`map_read`). What a superseded idea became is
    read back from the edges between ideas: an idea split goes to several, ideas merged each go
    to one (a split makes 2 to 10 ideas, a merge takes 2 or more)."""
    kinds = {node.id: node.kind for node in read.nodes}
    lineage: dict[UUID, list[UUID]] = {}
    for edge in read.edges:
        if kinds.get(edge.source) == kinds.get(edge.target) == "idea":
            lineage.setdefault(edge.source, []).append(edge.target)
    became = {
        idea: Became("split" if len(into) > 1 else "merged", tuple(into))
        for idea, into in lineage.items()
    }
    nodes = tuple(
        Node(
            node.id,
            node.kind,
            node.text,
            _standing(node),
            node.title,
            node.withdrawn_on,
            became.get(node.id),
        )
        for node in read.nodes
    )
    edges = tuple(Edge(edge.source, edge.target) for edge in read.edges)
    return DriverMap(read.at, read.framing, nodes, edges)


def _standing(node: NodeRead) -> Standing | PilotStanding | None:
    status = node.status
    if status is None:
        return None
    if node.kind == "idea":
        return Standing(*(int(status[k] or 0) for k in ("tested", "running", "adopt", "adapt",
                                                        "abandon")))  # fmt: skip
    decision = status.get("decision")
    return PilotStanding(str(status["status"]), None if decision is None else str(decision))
