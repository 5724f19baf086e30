"""A workshop as its page shows it to one person: every output with the texts of what it links
to, the stories they may read (and how many they may not), each idea's lineage, and the choices
its forms offer."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from adapters.accounts import Account
from domain.errors import NotPermitted
from domain.origins import Story, Workshop
from domain.origins.access import PROGRAMME_TEAM, standing
from domain.origins.state import Framing, Idea, Principle
from domain.records import By
from domain.service import Pilots
from web.origins.catalogue import stories_for
from web.origins.reads import Readable
from web.people import People

EXCERPT = 80  # characters of an untitled story shown as its name


def may_write(workshop: Workshop, account: Account) -> bool:
    """Whether the account may record and revise what the workshop produced."""
    try:
        workshop.require_writer(By(account.id, "", standing(account.role)))
    except NotPermitted:
        return False
    return True


def story_name(story: Story) -> str:
    """A story's title, or the first words of an untitled one."""
    if story.title:
        return story.title
    text = " ".join((story.text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


@dataclass(frozen=True)
class StoryLink:
    id: UUID
    name: str
    withdrawn_on: str  # the day, ISO; empty while the story stands

    @property
    def label(self) -> str:
        return self.name or f"A story withdrawn on {self.withdrawn_on}"


@dataclass(frozen=True)
class PrincipleView:
    principle: Principle
    stories: list[StoryLink]
    hidden: int  # stories it draws on that this person may not read


@dataclass(frozen=True)
class IdeaView:
    idea: Idea
    framing: Framing | None
    from_pilot: str  # the pilot's title, or empty


@dataclass(frozen=True)
class WorkshopView:
    workshop: Workshop
    facilitators: list[str]
    principles: list[PrincipleView]
    ideas: list[IdeaView]
    writable: bool
    may_name_facilitators: bool
    choices: list[StoryLink]  # the stories a principle may be drawn from

    def principle_text(self, principle_id: UUID) -> str:
        return self.workshop.principles[principle_id].text

    def framing_text(self, framing_id: UUID) -> str:
        return self.workshop.framings[framing_id].text

    def idea_text(self, idea_id: UUID) -> str:
        return self.workshop.ideas[idea_id].text

    @property
    def live_ideas(self) -> list[Idea]:
        return [i for i in self.workshop.ideas.values() if not i.superseded]

    # -- the choices of the forms, as (value, text) pairs -----------------------------------------

    def story_options(self, item: PrincipleView | None = None) -> list[tuple[str, str]]:
        """The stories a principle may be drawn from: those it is drawn from already (a
        withdrawn one may stay), then every other story this person may read."""
        linked = [] if item is None else item.stories
        taken = {s.id for s in linked}
        return [(str(s.id), s.label) for s in [*linked, *(c for c in self.choices
                                                          if c.id not in taken)]]  # fmt: skip

    def principle_options(self, among: tuple[UUID, ...] | None = None) -> list[tuple[str, str]]:
        """Every principle of the workshop, or those `among` (an idea's, for its split)."""
        ids = list(self.workshop.principles) if among is None else among
        return [(str(p), self.principle_text(p)) for p in ids]

    def framing_options(self, none: str) -> list[tuple[str, str]]:
        return [("", none), *((str(f), self.framing_text(f)) for f in self.workshop.framings)]

    def idea_options(self) -> list[tuple[str, str]]:
        return [(str(i.id), i.text) for i in self.live_ideas]


def link(story: Story) -> StoryLink:
    withdrawn = story.withdrawn_on.isoformat() if story.withdrawn_on else ""
    return StoryLink(story.id, story_name(story) if not withdrawn else "", withdrawn)


def workshop_view(
    pilots: Pilots, workshop: Workshop, account: Account, people: People
) -> WorkshopView:
    readable = Readable(pilots, account.id, account.role)
    principles = []
    for principle in workshop.principles.values():
        found = [readable.story(s) for s in principle.stories]
        shown = [link(s) for s in found if s is not None]
        principles.append(PrincipleView(principle, shown, len(found) - len(shown)))
    ideas = [
        IdeaView(idea, workshop.framings.get(idea.framing) if idea.framing else None,
                 _pilot_title(pilots, idea.from_pilot))
        for idea in workshop.ideas.values()
    ]  # fmt: skip
    writable = may_write(workshop, account)
    choices = [link(s) for s in stories_for(pilots, account.id, account.role)] if writable else []
    return WorkshopView(
        workshop=workshop,
        facilitators=[people.name(user) for user in workshop.facilitators],
        principles=principles,
        ideas=ideas,
        writable=writable,
        may_name_facilitators=standing(account.role) in PROGRAMME_TEAM,
        choices=choices,
    )


def _pilot_title(pilots: Pilots, pilot_id: UUID | None) -> str:
    if pilot_id is None:
        return ""
    return pilots.pilot(pilot_id).title
