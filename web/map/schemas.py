"""The answers of the co-creation map and of a story's trail, as the contract names their
fields, and the functions that map the read model's views to them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from projections.origins.answers import EdgeRead, MapRead, NodeRead, Status, map_read
from projections.origins.state import PilotAt, StatementAt, StoryAt, WorkshopAt
from projections.origins.trail import Trail
from projections.reads import struct_from

__all__ = ["EdgeRead", "MapRead", "NodeRead", "Status", "TrailRead", "map_read", "trail_read"]

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
    return struct_from(
        StoryRead,
        story,
        title=story.title or None,
        told_by_name=story.told_by_name or None,
        themes=list(story.themes),
    )


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
