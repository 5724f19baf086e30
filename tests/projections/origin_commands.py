"""Random steps on stories and a workshop, among the pilots' (`commands`): stories told at
either consent, by someone or for someone, revised and withdrawn; a workshop's principles
recorded and revised. A step names a story or a principle by its place in the order made, and a
person; the domain refuses some (a withdrawn story revised), which record nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.errors import DomainError
from domain.origins.commands import (
    CreateWorkshop,
    RecordPrinciple,
    RecordStory,
    RevisePrinciple,
    ReviseStory,
    StoryCommand,
    WithdrawStory,
)
from domain.service import Pilots

ORIGIN_COMMANDS = ("story", "story", "revise_story", "withdraw_story", "principle",
                   "revise_principle")  # fmt: skip
CONSENTS = ("team", "community")


@dataclass
class Origins:
    """What the steps have made so far."""

    stories: list[UUID] = field(default_factory=list)
    workshop: UUID | None = None
    principles: list[UUID] = field(default_factory=list)


LEAD = UUID(int=1)  # records the workshop and what it drew


def origin_step(pilots: Pilots, made: Origins, command: str, which: int, person: UUID,
                number: int) -> None:  # fmt: skip
    """Runs one step; raises DomainError when the rules refuse it or it has nothing to act on."""
    if command == "story":
        teller = None if number == 0 else person
        told = RecordStory(text=f"Tea with the porters {number}", consent=CONSENTS[number % 2],
                           title=f"Porters {number}", told_by=teller)  # fmt: skip
        made.stories.append(pilots.execute(told, person, role="member").story.id)
    elif command in ("revise_story", "withdraw_story"):
        story = pilots.story(_nth(made.stories, which))
        change: StoryCommand = WithdrawStory(story.id, reason="Mine to take back")
        if command == "revise_story":
            change = ReviseStory(story.id, text=f"Tea and cake {number}", title="", themes=[],
                                 rationale="Remembered more")  # fmt: skip
        pilots.execute(change, story.recorded_by, role="member")
    elif command == "principle":
        workshop = _workshop(pilots, made)
        drawn = RecordPrinciple(workshop, text=f"Listen first {number}")
        receipt = pilots.execute(drawn, LEAD, role="lead")
        made.principles.append(receipt.events[-1].principle_id)  # type: ignore[attr-defined]
    else:
        principle = _nth(made.principles, which)
        revised = RevisePrinciple(_workshop(pilots, made), principle_id=principle,
                                  text=f"Listen well {number}", stories=[],
                                  rationale="Said better")  # fmt: skip
        pilots.execute(revised, LEAD, role="lead")


def _workshop(pilots: Pilots, made: Origins) -> UUID:
    if made.workshop is None:
        held = CreateWorkshop(title="Spring co-creation", held_on=date(2026, 3, 12))
        made.workshop = pilots.execute(held, LEAD, role="lead").workshop.id
    return made.workshop


def _nth(made: list[UUID], which: int) -> UUID:
    if not made:
        raise DomainError("nothing made yet to act on")
    return made[which % len(made)]
