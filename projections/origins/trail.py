"""A story's trail: what became of it. The principles drawn from it, the ideas drawn from those
principles, followed through merges and splits to what they became, and the pilots that test
any of them, with what they decided; an idea that a pilot's adapt decision gave rise to carries
the trail on, to the pilots that test it in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from projections.origins.state import Origins, PilotAt, StatementAt, StoryAt


@dataclass(frozen=True)
class Trail:
    """The story and what it led to, each in the order it came into the log. `origins` is what
    they were found in, for the names of workshops, framing questions and ideas beside them."""

    story: StoryAt
    principles: tuple[StatementAt, ...]
    ideas: tuple[StatementAt, ...]
    pilots: tuple[PilotAt, ...]
    origins: Origins

    def reached_from(self, idea: StatementAt) -> list[str]:
        """How the idea is on the trail, in words for its teller: drawn from which of the
        trail's principles, merged or split from which ideas, given rise to by which pilot."""
        said = [f"drawn from “{p.text}”" for p in self.principles if p.id in idea.links]
        for earlier, became in self.origins.became.items():
            if idea.id in became.ideas and earlier in self.origins.ideas:
                verb = "merged from" if became.how == "merged" else "split from"
                said.append(f"{verb} “{self.origins.ideas[earlier].text}”")
        pilot = self.origins.pilots.get(idea.from_pilot) if idea.from_pilot else None
        if pilot is not None:
            said.append(f"given rise to by the pilot “{pilot.title}”")
        return said


def trail_of(origins: Origins, story_id: UUID) -> Trail | None:
    """The story's trail, or None when there is no such story."""
    story = origins.stories.get(story_id)
    if story is None:
        return None
    principles = [p for p in origins.principles.values() if story_id in p.links]
    drawn = {p.id for p in principles}
    ideas = {idea.id for idea in origins.ideas.values() if drawn & set(idea.links)}
    pilots: set[UUID] = set()
    while True:
        grown = set(ideas)
        for idea in ideas:
            if (became := origins.became.get(idea)) is not None:
                grown |= {new for new in became.ideas if new in origins.ideas}
        pilots = {p.id for p in origins.pilots.values() if p.tests_idea in grown}
        grown |= {i.id for i in origins.ideas.values() if i.from_pilot in pilots}
        if grown == ideas:
            break
        ideas = grown
    return Trail(
        story,
        tuple(principles),
        tuple(i for i in origins.ideas.values() if i.id in ideas),
        tuple(p for p in origins.pilots.values() if p.id in pilots),
        origins,
    )
