"""Ideas and where they came from, as data: for each framing question, the principles it draws
on with the stories that fed each, the ideas that serve it with their standing (as the map
counts it, `driver.standings`), and the pilots that test each idea with their decisions. The
learning summary gives it to its reader, and the programme report to the community.

A story is named only to a reader who may read it (`state.Reader.may_read`), and only while it
keeps its words; every other story is counted: `withdrawn` ones, and those `not_shown` (told
for the programme team, to anyone outside it). A principle, framing question or idea drawn on
by a question's ideas but not by the question itself is listed under the question too, so each
question's part of the map is whole. Ideas that serve no framing question come after.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from projections.origins.driver import NOT_TESTED, Standing, standings
from projections.origins.state import Origins, PilotAt, Reader, StatementAt, StoryAt


class StoryNote(msgspec.Struct):
    """A story the reader may read and that keeps its words: its title, or its words."""

    id: UUID
    title: str | None
    text: str


class PrincipleNote(msgspec.Struct):
    """A principle and how many stories fed it: `stories` in all, of which `told` are named,
    `withdrawn` were withdrawn and `not_shown` the reader may not read."""

    id: UUID
    text: str
    stories: int
    withdrawn: int
    not_shown: int
    told: list[StoryNote]


class StandingNote(msgspec.Struct):
    tested: int
    running: int
    adopt: int
    adapt: int
    abandon: int


class PilotNote(msgspec.Struct):
    """A pilot that tests the idea: its status and its decisions, cycle by cycle."""

    id: UUID
    title: str
    status: str
    decisions: list[str]


class IdeaNote(msgspec.Struct):
    """An idea, the principles it draws on, its standing, and the pilots that test it; a
    superseded idea says what it `became` (`merged` or `split`) and into which ideas."""

    id: UUID
    text: str
    principles: list[UUID]
    standing: StandingNote
    pilots: list[PilotNote]
    became: str | None = None
    became_ideas: list[UUID] = msgspec.field(default_factory=list)


class FramingNote(msgspec.Struct):
    id: UUID
    text: str
    principles: list[PrincipleNote]
    ideas: list[IdeaNote]


class IdeaSources(msgspec.Struct):
    """Every framing question with its principles and ideas, then the ideas serving none."""

    framings: list[FramingNote]
    other_ideas: list[IdeaNote]


def idea_sources(origins: Origins, reader: Reader) -> IdeaSources:
    tested = standings(origins)
    tests: dict[UUID, list[PilotAt]] = {}
    for pilot in origins.pilots.values():
        if pilot.tests_idea is not None:
            tests.setdefault(pilot.tests_idea, []).append(pilot)

    def idea(found: StatementAt) -> IdeaNote:
        became = origins.became.get(found.id)
        pilots = [PilotNote(p.id, p.title, p.status, list(p.decisions))
                  for p in tests.get(found.id, [])]  # fmt: skip
        return IdeaNote(
            found.id, found.text, list(found.links), _standing(tested.get(found.id, NOT_TESTED)),
            pilots, None if became is None else became.how,
            [] if became is None else list(became.ideas),
        )  # fmt: skip

    framings = []
    for question in origins.framings.values():
        serving = [i for i in origins.ideas.values() if i.framing == question.id]
        drawn_on = dict.fromkeys([*question.links, *(p for i in serving for p in i.links)])
        principles = [origins.principles[p] for p in drawn_on if p in origins.principles]
        framings.append(FramingNote(
            question.id, question.text,
            [_principle(origins, principle, reader) for principle in principles],
            [idea(found) for found in serving],
        ))  # fmt: skip
    others = [idea(i) for i in origins.ideas.values() if i.framing not in origins.framings]
    return IdeaSources(framings, others)


def _principle(origins: Origins, principle: StatementAt, reader: Reader) -> PrincipleNote:
    stories = [origins.stories[s] for s in principle.links if s in origins.stories]
    gone = [s for s in stories if _withdrawn(s)]
    hidden = [s for s in stories if not _withdrawn(s) and not reader.may_read(s)]
    told = [
        StoryNote(s.id, s.title or None, s.text or "")
        for s in stories
        if not _withdrawn(s) and reader.may_read(s)
    ]
    return PrincipleNote(principle.id, principle.text, len(stories), len(gone), len(hidden), told)


def _withdrawn(story: StoryAt) -> bool:
    """Withdrawn, or its words gone with its key: a report at a stamp before the withdrawal is
    folded from the log, where the words already read as nothing."""
    return story.withdrawn_on is not None or story.text is None


def _standing(found: Standing) -> StandingNote:
    return StandingNote(found.tested, found.running, found.adopt, found.adapt, found.abandon)


# Whom a programme report is for, as far as stories go: no account and no role, so it names
# only the stories told with `community` consent (the nil UUID is never an account's id).
COMMUNITY = Reader(UUID(int=0), None)


class IdeaBrief(msgspec.Struct):
    """An idea in brief: its standing, the pilots that test it by id, and what it `became`."""

    id: UUID
    text: str
    standing: StandingNote
    pilots: list[UUID]
    became: str | None = None
    became_ideas: list[UUID] = msgspec.field(default_factory=list)


class FramingBrief(msgspec.Struct):
    """A framing question in brief: how many principles it draws on, and of the distinct stories
    behind them how many there are, how many were withdrawn and how many this reader may not
    read; then its ideas."""

    id: UUID
    text: str
    principles: int
    stories: int
    withdrawn: int
    not_shown: int
    ideas: list[IdeaBrief]


class IdeasBrief(msgspec.Struct):
    """Ideas and where they came from in counts, for the learning summary: it stays small on a
    programme of a thousand pilots, where the stories are counted rather than named (the map,
    `GET /api/v1/map`, and each story's trail name them to whoever may read them)."""

    framings: list[FramingBrief]
    other_ideas: list[IdeaBrief]


def ideas_in_brief(origins: Origins, reader: Reader) -> IdeasBrief:
    """`idea_sources` in counts, for `reader`."""
    found = idea_sources(origins, reader)

    def framing(question: FramingNote) -> FramingBrief:
        behind = dict.fromkeys(
            s
            for note in question.principles
            for s in origins.principles[note.id].links
            if s in origins.stories
        )
        stories = [origins.stories[s] for s in behind]
        gone = sum(_withdrawn(s) for s in stories)
        hidden = sum(not _withdrawn(s) and not reader.may_read(s) for s in stories)
        ideas = [_brief(i) for i in question.ideas]
        return FramingBrief(question.id, question.text, len(question.principles), len(stories),
                            gone, hidden, ideas)  # fmt: skip

    return IdeasBrief([framing(q) for q in found.framings], [_brief(i) for i in found.other_ideas])


def _brief(idea: IdeaNote) -> IdeaBrief:
    pilots = [p.id for p in idea.pilots]
    return IdeaBrief(idea.id, idea.text, idea.standing, pilots, idea.became, idea.became_ideas)
