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


# The brief lists every idea with its standing and the ids of the pilots that test it: about
# 340 bytes an idea on `large` (252 ideas and their 841 pilots in 85 KB). Past 500 ideas (some
# 170 KB) that list would crowd the 300 KB a cross-pilot answer keeps to, so the brief gives
# each framing question's ideas in outline instead: counted, with where they are listed
# (`ideas_at`). `large` is still listed whole; `huge` (2,504 ideas tested by 8,532 pilots,
# 978 KB listed) is in outline.
MOST_IDEAS = 500


class IdeaBrief(msgspec.Struct):
    """An idea in brief: its standing, the pilots that test it by id, and what it `became`."""

    id: UUID
    text: str
    standing: StandingNote
    pilots: list[UUID]
    became: str | None = None
    became_ideas: list[UUID] = msgspec.field(default_factory=list)


class IdeasCounted(msgspec.Struct):
    """Ideas in outline: how many, their standing summed, and where they are listed (`at`)."""

    count: int
    standing: StandingNote
    at: str


class FramingBrief(msgspec.Struct, omit_defaults=True):
    """A framing question in brief: how many principles it draws on, and of the distinct stories
    behind them how many there are, how many were withdrawn and how many this reader may not
    read; then its ideas, or in outline none listed and `ideas_counted` instead."""

    id: UUID
    text: str
    principles: int
    stories: int
    withdrawn: int
    not_shown: int
    ideas: list[IdeaBrief]
    ideas_counted: IdeasCounted | None = None


class IdeasBrief(msgspec.Struct, omit_defaults=True):
    """Ideas and where they came from in counts, for the learning summary: it stays small on a
    programme of a thousand pilots, where the stories are counted rather than named (the map,
    `GET /api/v1/map`, and each story's trail name them to whoever may read them). Past
    `MOST_IDEAS` it is in `outline`: no idea and no pilot is listed, each framing question's
    ideas are counted (`ideas_counted`), and so are those serving none (`other_ideas_counted`).
    Fields past `other_ideas` are left out while they hold their defaults, so a brief that lists
    its ideas reads as it always has."""

    framings: list[FramingBrief]
    other_ideas: list[IdeaBrief]
    outline: bool = False
    other_ideas_counted: IdeasCounted | None = None


def ideas_in_brief(origins: Origins, reader: Reader) -> IdeasBrief:
    """`idea_sources` in counts, for `reader`; in outline past `MOST_IDEAS` ideas."""
    found = idea_sources(origins, reader)
    outline = len(origins.ideas) > MOST_IDEAS

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
        counts = (question.id, question.text, len(question.principles), len(stories), gone, hidden)
        if outline:
            at = f"{MAP}?framing={question.id}"
            return FramingBrief(*counts, [], _counted(question.ideas, at))
        return FramingBrief(*counts, [_brief(i) for i in question.ideas])

    framings = [framing(q) for q in found.framings]
    if outline:
        return IdeasBrief(framings, [], True, _counted(found.other_ideas, MAP))
    return IdeasBrief(framings, [_brief(i) for i in found.other_ideas])


# Where the map lists ideas: whole (with those serving no framing question), or `?framing=`.
MAP = "/api/v1/map"


def idea_counts(question: FramingBrief) -> tuple[int, StandingNote]:
    """How many ideas serve a framing question and their standing summed, whether the brief
    lists them or is in outline."""
    if question.ideas_counted is not None:
        return question.ideas_counted.count, question.ideas_counted.standing
    return len(question.ideas), _summed(question.ideas)


def _counted(ideas: list[IdeaNote], at: str) -> IdeasCounted:
    return IdeasCounted(len(ideas), _summed(ideas), at)


def _summed(ideas: list[IdeaNote] | list[IdeaBrief]) -> StandingNote:
    fields = StandingNote.__struct_fields__
    return StandingNote(*(sum(getattr(i.standing, k) for i in ideas) for k in fields))


def _brief(idea: IdeaNote) -> IdeaBrief:
    pilots = [p.id for p in idea.pilots]
    return IdeaBrief(idea.id, idea.text, idea.standing, pilots, idea.became, idea.became_ideas)
