"""A workshop and what it produced: principles drawn from stories, framing questions drawn from
principles, ideas drawn from principles and serving a framing question. Each is revised whole,
with a rationale, and the earlier version stays in the log. Ideas are merged and split; each
end of a merge or a split names the other, so where an idea came from is never lost.

Links name records by id: stories (their own streams), and principles, framing questions and
ideas of the same workshop.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.origins.events.base import Created, Event
from domain.origins.state import Framing, Idea, IdeaPart, Principle

if TYPE_CHECKING:
    from domain.origins.workshop import Workshop


class WorkshopCreated(Created):
    """The workshop's first event; `Workshop.__init__` takes its fields. `facilitators` are
    accounts that may record and revise what the workshop produced."""

    TOPIC = "origins:WorkshopCreated"
    title: str
    held_on: date
    facilitators: tuple[UUID, ...]


class FacilitatorAdded(Event):
    TOPIC = "origins:FacilitatorAdded"
    user: UUID

    def evolve(self, workshop: Workshop) -> None:
        workshop.facilitators = (*workshop.facilitators, self.user)


class PrincipleRecorded(Event):
    TOPIC = "origins:PrincipleRecorded"
    principle_id: UUID
    text: str
    stories: tuple[UUID, ...]

    def evolve(self, workshop: Workshop) -> None:
        principle = Principle(self.principle_id, self.text, self.stories)
        workshop.principles[self.principle_id] = principle


class PrincipleRevised(Event):
    """The principle's new version, whole: its text and the stories it is drawn from."""

    TOPIC = "origins:PrincipleRevised"
    principle_id: UUID
    text: str
    stories: tuple[UUID, ...]
    rationale: str

    def evolve(self, workshop: Workshop) -> None:
        workshop.principles[self.principle_id].revise(self.text, stories=self.stories)


class FramingRecorded(Event):
    TOPIC = "origins:FramingRecorded"
    framing_id: UUID
    text: str
    principles: tuple[UUID, ...]

    def evolve(self, workshop: Workshop) -> None:
        workshop.framings[self.framing_id] = Framing(self.framing_id, self.text, self.principles)


class FramingRevised(Event):
    """The framing question's new version, whole: its text and the principles it draws on."""

    TOPIC = "origins:FramingRevised"
    framing_id: UUID
    text: str
    principles: tuple[UUID, ...]
    rationale: str

    def evolve(self, workshop: Workshop) -> None:
        workshop.framings[self.framing_id].revise(self.text, principles=self.principles)


class IdeaRecorded(Event):
    """`from_pilot` is the pilot whose adapt decision gave rise to the idea, or None."""

    TOPIC = "origins:IdeaRecorded"
    idea_id: UUID
    text: str
    principles: tuple[UUID, ...]
    framing: UUID | None
    from_pilot: UUID | None

    def evolve(self, workshop: Workshop) -> None:
        workshop.ideas[self.idea_id] = Idea(
            self.idea_id, self.text, self.principles, self.framing, self.from_pilot
        )


class WorkshopIdeaRevised(Event):
    """The idea's new version, whole: its text, principles and framing question. Named so
    beside `pilots:IdeaRevised`, the revision of a pilot's own idea."""

    TOPIC = "origins:WorkshopIdeaRevised"
    idea_id: UUID
    text: str
    principles: tuple[UUID, ...]
    framing: UUID | None
    rationale: str

    def evolve(self, workshop: Workshop) -> None:
        idea = workshop.ideas[self.idea_id]
        idea.revise(self.text, principles=self.principles, framing=self.framing)


class IdeasMerged(Event):
    """Two or more ideas (`merged`, in the order given) became one new idea, `idea_id`, whose
    principles are all of theirs and whose framing question is theirs. Each merged idea is
    superseded by it (`merged_into`)."""

    TOPIC = "origins:IdeasMerged"
    idea_id: UUID
    merged: tuple[UUID, ...]
    text: str
    principles: tuple[UUID, ...]
    framing: UUID | None
    rationale: str

    def evolve(self, workshop: Workshop) -> None:
        workshop.ideas[self.idea_id] = Idea(
            self.idea_id, self.text, self.principles, self.framing, merged_from=self.merged
        )
        for merged in self.merged:
            workshop.ideas[merged].merged_into = self.idea_id


class IdeaSplit(Event):
    """One idea, `idea_id`, became two or more new ideas (`parts`), each keeping a part of its
    links; the original is superseded by them (`split_into`)."""

    TOPIC = "origins:IdeaSplit"
    idea_id: UUID
    parts: tuple[IdeaPart, ...]
    rationale: str

    def evolve(self, workshop: Workshop) -> None:
        for part in self.parts:
            workshop.ideas[part.idea_id] = Idea(
                part.idea_id, part.text, part.principles, part.framing, split_from=self.idea_id
            )
        workshop.ideas[self.idea_id].split_into = tuple(part.idea_id for part in self.parts)
