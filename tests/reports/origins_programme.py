"""A programme whose pilots came from a workshop, as the demo's did: three stories (one told for
the programme team, one for the community, one for the community and then withdrawn), a workshop
with two principles, a framing question, ideas serving it and one serving none, and pilots
testing the ideas through cycles to decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.origins.commands import WithdrawStory
from domain.pilot.commands import RegisterPilot
from domain.service import Pilots
from tests.origins_builders import framing, idea, principle, tell, workshop
from tests.reports.programmes import Programme, on

LEAD = UUID("00000000-0000-4000-8000-00000000b001")
TELLER = UUID("00000000-0000-4000-8000-00000000b002")
TEAM_TEXT = "TEAM-ONLY words: the night shift nobody thanked"
TEAM_TITLE = "TEAM-ONLY title"
COMMUNITY_TITLE = "The porter who listened"
COMMUNITY_TEXT = "The porter stopped, listened, and the ward changed."
GONE_TITLE = "GONE-TITLE the bus that waited"
GONE_TEXT = "GONE-TEXT the driver waited for me every Tuesday"
QUESTION = "How might we make every new member feel expected?"
SECRETS = (TEAM_TEXT, TEAM_TITLE, GONE_TITLE, GONE_TEXT, "GONE-", "TEAM-ONLY")


@dataclass(frozen=True)
class Chain:
    workshop: UUID
    team: UUID
    community: UUID
    gone: UUID
    listened: UUID  # principle: the three stories
    small: UUID  # principle: the community story
    question: UUID
    circles: UUID  # idea: tested by two pilots
    huddles: UUID  # idea: tested by one, still running
    walks: UUID  # idea: serving no framing question, untested
    a: UUID
    b: UUID
    c: UUID


def chain(pilots: Pilots, lead: UUID = LEAD, teller: UUID = TELLER) -> Chain:
    """The chain, its workshop's outputs recorded by `lead` and its stories told by `teller`."""
    with on(-10):
        team = tell(pilots, teller, text=TEAM_TEXT, title=TEAM_TITLE, consent="team")
        community = tell(pilots, teller, text=COMMUNITY_TEXT, title=COMMUNITY_TITLE)
        gone = tell(pilots, teller, text=GONE_TEXT, title=GONE_TITLE)
        held = workshop(pilots, lead, title="Spring co-creation", held_on=date(2026, 2, 20))
        listened = principle(pilots, held, lead, text="People come back when they are heard",
                             stories=[team, community, gone])  # fmt: skip
        small = principle(pilots, held, lead, text="Small groups", stories=[community])
        question = framing(pilots, held, lead, text=QUESTION, principles=[listened, small])
        circles = idea(pilots, held, lead, text="Story circles", principles=[listened],
                       framing=question)  # fmt: skip
        huddles = idea(pilots, held, lead, text="Huddles", principles=[small], framing=question)
        walks = idea(pilots, held, lead, text="Walks", principles=[small])
    p = Programme(pilots, lead)
    a, b, c = (_register(pilots, lead, day, title, tested, question)
               for day, title, tested in ((0, "Tuesday circles", circles),
                                          (1, "Friday circles", circles),
                                          (2, "Lunch huddles", huddles)))  # fmt: skip
    p.cycle(a, 0, 7, "adapt")
    p.cycle(a, 8, 14, "adopt")
    p.cycle(b, 2, 12, "abandon")
    p.cycle(c, 3)
    with on(20):
        pilots.execute(WithdrawStory(gone, reason="I would rather not"), teller, role="member")
    return Chain(
        held, team, community, gone, listened, small, question, circles, huddles, walks, a, b, c
    )


def _register(
    pilots: Pilots, lead: UUID, day: int, title: str, tested: UUID, question: UUID
) -> UUID:
    with on(day):
        return pilots.execute(
            RegisterPilot(title=title, question="Will they come?", idea=title,
                          tests_idea=tested, framing=question),
            lead,
        ).pilot.id  # fmt: skip
