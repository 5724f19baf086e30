"""What people ask of stories and workshops, as data: one frozen dataclass per command, named in
the imperative, holding what was typed, not yet checked (the handlers check it).

A revision gives the new version whole (text and links), never a difference: what it leaves
out, it takes away. Links name records by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.pilot.commands import Command


class OriginCommand(Command):
    """The base of every command to a story or a workshop."""


# -- stories --------------------------------------------------------------------------------------


class RecordStory(OriginCommand):
    """Records a story, with its teller's consent: `team` (the teller, whoever records it and
    the programme team read it) or `community` (every signed-in account). The teller is an
    account (`told_by`) or someone without one (`told_by_name`); neither means the sender."""

    text: str
    consent: str
    title: str = ""
    told_by: UUID | None = None
    told_by_name: str = ""
    themes: Sequence[str] = ()


class StoryCommand(OriginCommand, kw_only=False):
    """A command to one story, named by its id."""

    story_id: UUID


class ReviseStory(StoryCommand):
    """Gives the story a new version, whole, and says why (its teller or whoever recorded it)."""

    text: str
    title: str
    themes: Sequence[str]
    rationale: str


class WithdrawStory(StoryCommand):
    """Withdraws the story for good (its teller or whoever recorded it): its words become
    unreadable everywhere; the story and its links stay."""

    reason: str


# -- workshops ------------------------------------------------------------------------------------


class CreateWorkshop(OriginCommand):
    """Records a workshop that was held (a lead or an admin), with the accounts that facilitated
    it: they may record and revise what it produced."""

    title: str
    held_on: date
    facilitators: Sequence[UUID] = ()


class WorkshopCommand(OriginCommand, kw_only=False):
    """A command to one workshop, named by its id."""

    workshop_id: UUID


class AddFacilitator(WorkshopCommand):
    """Names another facilitator of the workshop (a lead or an admin)."""

    user: UUID


class RecordPrinciple(WorkshopCommand):
    """A principle the workshop drew, from stories (their ids)."""

    text: str
    stories: Sequence[UUID] = ()


class RevisePrinciple(WorkshopCommand):
    principle_id: UUID
    text: str
    stories: Sequence[UUID]
    rationale: str


class RecordFraming(WorkshopCommand):
    """A framing question ("how might we ..."), from principles of the workshop."""

    text: str
    principles: Sequence[UUID] = ()


class ReviseFraming(WorkshopCommand):
    framing_id: UUID
    text: str
    principles: Sequence[UUID]
    rationale: str


class RecordIdea(WorkshopCommand):
    """An idea to try, from principles of the workshop, serving one of its framing questions;
    `from_pilot` is the pilot whose adapt decision gave rise to it."""

    text: str
    principles: Sequence[UUID] = ()
    framing: UUID | None = None
    from_pilot: UUID | None = None


class ReviseWorkshopIdea(WorkshopCommand):
    """Gives an idea of the workshop a new version, whole (`framing` None: it serves none)."""

    idea_id: UUID
    text: str
    principles: Sequence[UUID]
    framing: UUID | None
    rationale: str


class MergeIdeas(WorkshopCommand):
    """Merges two or more ideas of the workshop into a new one, which keeps all their
    principles. It serves their framing question; when they serve different ones, `framing`
    says which of theirs."""

    ideas: Sequence[UUID]
    text: str
    rationale: str
    framing: UUID | None = None


@dataclass(frozen=True)
class NewPart:
    """One idea a split makes: its text, and which of the original's links it keeps."""

    text: str
    principles: Sequence[UUID] = ()
    framing: UUID | None = None


class SplitIdea(WorkshopCommand):
    """Splits an idea of the workshop into two or more new ones."""

    idea_id: UUID
    parts: Sequence[NewPart]
    rationale: str
