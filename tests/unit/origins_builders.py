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
    CreateWorkshop,
    RecordFraming,
    RecordIdea,
    RecordPrinciple,
    RecordStory,
)
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
