"""Small builders for the origins tests: a story, a workshop and its outputs, each recorded by
someone with the standing to record it; and a check that a refused command recorded nothing
anywhere in the log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.errors import DomainError
from domain.origins.commands import (
    AddFacilitator,
    CreateWorkshop,
    MergeIdeas,
    NewPart,
    RecordFraming,
    RecordIdea,
    RecordPrinciple,
    RecordStory,
    ReviseFraming,
    RevisePrinciple,
    ReviseStory,
    ReviseWorkshopIdea,
    SplitIdea,
    WithdrawStory,
)
from domain.pilot.commands import RegisterPilot
from domain.service import Pilots

HELD_ON = date(2026, 3, 12)
STORY = "The porter who stopped to listen, and the ward that changed because of it"
HOW_MIGHT_WE = "How might we make the ways we navigate Q purposeful and participatory?"


def tell(pilots: Pilots, teller: UUID | None = None, **fields: Any) -> UUID:
    """A story recorded by a member; its id. `teller` records it unless `recorder` is given."""
    recorder = fields.pop("recorder", None) or teller or uuid4()
    role = fields.pop("role", "member")
    given = {"text": STORY, "consent": "community", "told_by": teller} | fields
    return pilots.execute(RecordStory(**given), recorder, role=role).story.id


def workshop(pilots: Pilots, lead: UUID, **fields: Any) -> UUID:
    """A workshop recorded by a lead; its id."""
    given = {"title": "Spring co-creation", "held_on": HELD_ON} | fields
    return pilots.execute(CreateWorkshop(**given), lead, role="lead").workshop.id


def principle(pilots: Pilots, workshop_id: UUID, lead: UUID, **fields: Any) -> UUID:
    given = {"text": "People come back when they are listened to"} | fields
    receipt = pilots.execute(RecordPrinciple(workshop_id, **given), lead, role="lead")
    return receipt.events[-1].principle_id  # type: ignore[attr-defined, no-any-return]


def framing(pilots: Pilots, workshop_id: UUID, lead: UUID, **fields: Any) -> UUID:
    given = {"text": HOW_MIGHT_WE} | fields
    receipt = pilots.execute(RecordFraming(workshop_id, **given), lead, role="lead")
    return receipt.events[-1].framing_id  # type: ignore[attr-defined, no-any-return]


def idea(pilots: Pilots, workshop_id: UUID, lead: UUID, **fields: Any) -> UUID:
    given = {"text": "Story-sharing circles"} | fields
    receipt = pilots.execute(RecordIdea(workshop_id, **given), lead, role="lead")
    return receipt.events[-1].idea_id  # type: ignore[attr-defined, no-any-return]


def last_position(pilots: Pilots) -> int | None:
    return pilots.recorder.max_notification_id()


@contextmanager
def refused_anywhere(
    pilots: Pilots, error: type[DomainError], match: str | None = None
) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Expects the command in the block to raise `error` and to record nothing in the log."""
    before = last_position(pilots)
    with pytest.raises(error, match=match) as info:
        yield info
    assert last_position(pilots) == before


def every_origin_event(pilots: Pilots, lead: UUID, teller: UUID) -> dict[str, UUID]:
    """A story of every kind of event (recorded, revised, withdrawn), one kept, and a workshop
    with every kind of output, revised, merged and split; a pilot testing one of its ideas. The
    ids by what they are."""
    withdrawn = tell(pilots, teller, title="Withdrawn", told_by_name="", consent="team")
    kept = tell(pilots, None, recorder=teller, text="Kept story", told_by_name="Sam")
    pilots.execute(
        ReviseStory(withdrawn, text="Revised words", title="Withdrawn", themes=["care"],
                    rationale="Clearer"),
        teller, role="member",
    )  # fmt: skip
    workshop_id = workshop(pilots, lead, facilitators=[teller])
    pilots.execute(AddFacilitator(workshop_id, user=uuid4()), lead, role="lead")
    first = principle(pilots, workshop_id, lead, stories=[withdrawn, kept])
    second = principle(pilots, workshop_id, lead, text="Small is beautiful")
    pilots.execute(
        RevisePrinciple(workshop_id, principle_id=second, text="Small groups", stories=[kept],
                        rationale="Named"),
        teller, role="member",
    )  # fmt: skip
    framing_id = framing(pilots, workshop_id, lead, principles=[first])
    pilots.execute(
        ReviseFraming(workshop_id, framing_id=framing_id, text=HOW_MIGHT_WE + " Together?",
                      principles=[first, second], rationale="Both"),
        lead, role="admin",
    )  # fmt: skip
    ideas = [idea(pilots, workshop_id, lead, text=t, principles=[first], framing=framing_id)
             for t in ("Circles", "Huddles", "Walks")]  # fmt: skip
    pilots.execute(
        ReviseWorkshopIdea(workshop_id, idea_id=ideas[2], text="Walks and talks",
                           principles=[first, second], framing=None, rationale="Outdoors"),
        lead, role="lead",
    )  # fmt: skip
    merged = pilots.execute(
        MergeIdeas(workshop_id, ideas=ideas[:2], text="Short circles", rationale="Alike"),
        lead, role="lead",
    ).events[0].idea_id  # type: ignore[attr-defined]  # fmt: skip
    split = SplitIdea(workshop_id, idea_id=ideas[2], rationale="Two in one", parts=[
        NewPart("Walks", principles=[second]), NewPart("Talks", principles=[first]),
    ])  # fmt: skip
    parts = pilots.execute(split, lead, role="lead").events[0].parts  # type: ignore[attr-defined]
    pilot_id = pilots.execute(
        RegisterPilot(title="Short circles", question="Will they come?", idea="Circles",
                      tests_idea=merged, framing=framing_id),
        lead,
    ).pilot.id  # fmt: skip
    pilots.execute(WithdrawStory(withdrawn, reason="I would rather not"), teller, role="reader")
    return {
        "withdrawn": withdrawn, "kept": kept, "workshop": workshop_id, "framing": framing_id,
        "merged": merged, "part": parts[0].idea_id, "pilot": pilot_id,
    }  # fmt: skip
