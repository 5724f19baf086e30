"""Stories and workshops as the API answers them (domain objects never leave as JSON), for one
reader: a principle names only the stories its reader may read, and counts the others, since to
someone who may not read a story it does not exist."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from domain.errors import NotFound
from domain.origins import Story, Workshop, may_read_story
from domain.origins.state import Framing, Idea, Principle
from domain.service import Pilots
from domain.values import AccountRole
from projections.reads import struct_from


class StoryRead(msgspec.Struct):
    """`text`, `title` and `told_by_name` are null, and `withdrawn_on` the day, once the story
    is withdrawn. `told_by` is the teller's account, or null for a teller named by
    `told_by_name`, or for the person who recorded it when neither is given."""

    id: UUID
    version: int
    title: str | None
    text: str | None
    consent: str
    told_by: UUID | None
    told_by_name: str | None
    recorded_by: UUID
    themes: list[str]
    revisions: int
    withdrawn_on: date | None


class PrincipleRead(msgspec.Struct):
    """`stories` are those the reader may read; `hidden` counts the others it draws on."""

    id: UUID
    text: str
    stories: list[UUID]
    hidden: int
    revisions: int


class FramingRead(msgspec.Struct):
    id: UUID
    text: str
    principles: list[UUID]
    revisions: int


class WorkshopIdeaRead(msgspec.Struct):
    """Where the idea came from (`merged_from`, `split_from`, `from_pilot`) and, once it is
    superseded, what it became (`merged_into`, `split_into`)."""

    id: UUID
    text: str
    principles: list[UUID]
    framing: UUID | None
    from_pilot: UUID | None
    merged_from: list[UUID]
    split_from: UUID | None
    merged_into: UUID | None
    split_into: list[UUID]
    revisions: int


class WorkshopRead(msgspec.Struct):
    """The workshop as it stands: who facilitated it, and what it produced."""

    id: UUID
    version: int
    title: str
    held_on: date
    created_by: UUID
    facilitators: list[UUID]
    principles: list[PrincipleRead]
    framings: list[FramingRead]
    ideas: list[WorkshopIdeaRead]


class Readable:
    """Which stories one reader may read, each looked up once."""

    def __init__(self, pilots: Pilots, account: UUID, role: AccountRole | str | None) -> None:
        self._pilots, self._account, self._role = pilots, account, role
        self._found: dict[UUID, Story | None] = {}

    def story(self, story_id: UUID) -> Story | None:
        """The story, if the reader may read it."""
        if story_id not in self._found:
            try:
                story: Story | None = self._pilots.story(story_id)
            except NotFound:
                story = None
            if story is not None and not may_read_story(story, self._account, self._role):
                story = None
            self._found[story_id] = story
        return self._found[story_id]


def story_read(story: Story) -> StoryRead:
    return struct_from(StoryRead, story, consent=story.consent.value, themes=list(story.themes))


def principle_read(principle: Principle, readable: Readable) -> PrincipleRead:
    shown = [s for s in principle.stories if readable.story(s) is not None]
    hidden = len(principle.stories) - len(shown)
    return PrincipleRead(principle.id, principle.text, shown, hidden, principle.revisions)


def framing_read(framing: Framing) -> FramingRead:
    return struct_from(FramingRead, framing, principles=list(framing.principles))


def idea_read(idea: Idea) -> WorkshopIdeaRead:
    return struct_from(
        WorkshopIdeaRead,
        idea,
        principles=list(idea.principles),
        merged_from=list(idea.merged_from),
        split_into=list(idea.split_into),
    )


def workshop_read(workshop: Workshop, readable: Readable) -> WorkshopRead:
    return struct_from(
        WorkshopRead,
        workshop,
        facilitators=list(workshop.facilitators),
        principles=[principle_read(p, readable) for p in workshop.principles.values()],
        framings=[framing_read(f) for f in workshop.framings.values()],
        ideas=[idea_read(i) for i in workshop.ideas.values()],
    )
