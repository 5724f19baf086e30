"""The answers of the co-creation map and of a story's trail, as the contract names their
fields, and the functions that map the read model's views to them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from projections.origins.driver import DriverMap, Node, PilotStanding, Standing
from projections.origins.state import PilotAt, StatementAt, StoryAt, WorkshopAt
from projections.origins.trail import Trail

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


# -- a story's trail ---------------------------------------------------------------------------


class StoryRead(msgspec.Struct):
    """The story as its reader may read it: its words are `null` once it is withdrawn."""

    id: UUID
    title: str | None
    text: str | None
    consent: str
    told_by: UUID | None
    told_by_name: str | None
    recorded_by: UUID
    themes: list[str]
    withdrawn_on: date | None


class WorkshopRef(msgspec.Struct):
    id: UUID
    title: str
    held_on: date


class PrincipleItem(msgspec.Struct):
    id: UUID
    text: str
    workshop: WorkshopRef | None


class IdeaItem(msgspec.Struct):
    """An idea on the trail: the principles it draws on, the framing question it serves, the
    pilot whose adapt decision gave rise to it, and what it became if it was merged or split."""

    id: UUID
    text: str
    workshop: WorkshopRef | None
    principles: list[UUID]
    framing: UUID | None
    from_pilot: UUID | None
    merged_into: UUID | None
    split_into: list[UUID]


class TrailPilot(msgspec.Struct):
    """A pilot that tests an idea on the trail, and its decisions, cycle by cycle."""

    id: UUID
    title: str
    status: str
    decisions: list[str]
    tests_idea: UUID | None


class TrailRead(msgspec.Struct):
    story: StoryRead
    principles: list[PrincipleItem]
    ideas: list[IdeaItem]
    pilots: list[TrailPilot]


def trail_read(trail: Trail) -> TrailRead:
    workshops = trail.origins.workshops
    return TrailRead(
        _story(trail.story),
        [
            PrincipleItem(p.id, p.text, _workshop(workshops.get(p.workshop)))
            for p in trail.principles
        ],
        [_idea(trail, idea) for idea in trail.ideas],
        [_pilot(pilot) for pilot in trail.pilots],
    )


def _story(story: StoryAt) -> StoryRead:
    return StoryRead(
        story.id, story.title or None, story.text, story.consent, story.told_by,
        story.told_by_name or None, story.recorded_by, list(story.themes), story.withdrawn_on,
    )  # fmt: skip


def _workshop(workshop: WorkshopAt | None) -> WorkshopRef | None:
    return None if workshop is None else WorkshopRef(workshop.id, workshop.title, workshop.held_on)


def _idea(trail: Trail, idea: StatementAt) -> IdeaItem:
    became = trail.origins.became.get(idea.id)
    merged = became.ideas[0] if became is not None and became.how == "merged" else None
    split = list(became.ideas) if became is not None and became.how == "split" else []
    workshop = _workshop(trail.origins.workshops.get(idea.workshop))
    return IdeaItem(idea.id, idea.text, workshop, list(idea.links), idea.framing, idea.from_pilot,
                    merged, split)  # fmt: skip


def _pilot(pilot: PilotAt) -> TrailPilot:
    return TrailPilot(pilot.id, pilot.title, pilot.status, list(pilot.decisions), pilot.tests_idea)
