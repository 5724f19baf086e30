"""The origins as they stood at one moment: stories, workshops and what they produced, and the
pilots that test an idea or serve a framing question. The map and a story's trail are drawn
from this, and both the read model's queries (`queries`) and the fold of the log (`from_log`)
give it, so the tests hold one to the other.

Each dictionary is in the order its records came into the log. A story's words are None once it
is withdrawn, whatever the moment: a withdrawal takes them from every version, and the date it
was withdrawn stays to say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, cast
from uuid import UUID

from domain.origins.access import may_read_story
from domain.values import AccountRole

if TYPE_CHECKING:
    from domain.origins.story import Story


@dataclass(frozen=True)
class StoryAt:
    id: UUID
    consent: str
    recorded_by: UUID
    told_by: UUID | None
    told_by_name: str | None
    title: str | None
    text: str | None
    themes: tuple[str, ...]
    withdrawn_on: date | None


@dataclass(frozen=True)
class WorkshopAt:
    id: UUID
    title: str
    held_on: date


@dataclass(frozen=True)
class StatementAt:
    """A principle, a framing question or an idea, at its version of the moment. `links` are a
    principle's stories, or the principles a framing question or an idea draws on, in the order
    recorded; `framing` is the framing question an idea serves, and `from_pilot` the pilot whose
    adapt decision gave rise to it."""

    id: UUID
    workshop: UUID
    text: str
    links: tuple[UUID, ...]
    framing: UUID | None = None
    from_pilot: UUID | None = None


@dataclass(frozen=True)
class Became:
    """What a superseded idea became: `merged` into one idea, or `split` into several."""

    how: str
    ideas: tuple[UUID, ...]


@dataclass(frozen=True)
class PilotAt:
    """A pilot that names the idea it tests or the framing question it serves: its title, its
    status and its decisions, cycle by cycle."""

    id: UUID
    title: str
    tests_idea: UUID | None
    framing: UUID | None
    status: str
    decisions: tuple[str, ...]

    @property
    def decision(self) -> str | None:
        """Its last decision, if it has made one."""
        return self.decisions[-1] if self.decisions else None


@dataclass
class Origins:
    at: datetime | None
    stories: dict[UUID, StoryAt] = field(default_factory=dict)
    workshops: dict[UUID, WorkshopAt] = field(default_factory=dict)
    principles: dict[UUID, StatementAt] = field(default_factory=dict)
    framings: dict[UUID, StatementAt] = field(default_factory=dict)
    ideas: dict[UUID, StatementAt] = field(default_factory=dict)
    became: dict[UUID, Became] = field(default_factory=dict)
    pilots: dict[UUID, PilotAt] = field(default_factory=dict)

    def ordered(self) -> tuple[object, ...]:
        """Everything held, in order: two are the same origins only if this is equal."""
        parts = (self.stories, self.workshops, self.principles, self.framings, self.ideas,
                 self.became, self.pilots)  # fmt: skip
        return (self.at, *(tuple(part.items()) for part in parts))


@dataclass(frozen=True)
class Reader:
    """Who reads the map or a trail: an account and its role across the programme."""

    account: UUID
    role: AccountRole | str | None

    def may_read(self, story: StoryAt) -> bool:
        """The domain's rule (`domain.origins.may_read_story`), which reads only a story's
        consent, teller and recorder: a `StoryAt` has the same three."""
        return may_read_story(cast("Story", story), self.account, self.role)
