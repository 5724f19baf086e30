"""The stories and workshops the forms choose among, found from the log (web/origins/catalogue.py):
what a person may link, as the records stand, and read again only from where the last read
stopped."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from domain.origins.commands import CreateWorkshop, RecordStory, WithdrawStory
from domain.pilot.commands import RegisterPilot
from domain.service import Pilots
from web.origins.catalogue import stories_for, workshops


def tell(pilots: Pilots, who: Any, consent: str = "community", text: str = "A story") -> Any:
    return pilots.execute(RecordStory(text=text, consent=consent), who, role="member").story.id


def test_a_person_may_link_the_stories_they_may_read_newest_first(pilots: Pilots) -> None:
    teller, other = uuid4(), uuid4()
    first = tell(pilots, teller, text="First")
    kept = tell(pilots, teller, consent="team", text="Kept")
    gone = tell(pilots, teller, text="Gone")
    pilots.execute(WithdrawStory(gone, reason="Asked"), teller, role="member")
    last = tell(pilots, other, text="Last")
    assert [s.id for s in stories_for(pilots, teller, "member")] == [last, kept, first]
    assert [s.id for s in stories_for(pilots, other, "member")] == [last, first]
    assert [s.id for s in stories_for(pilots, other, "lead")] == [last, kept, first]


def test_workshops_are_listed_the_most_recently_held_first(pilots: Pilots) -> None:
    lead = uuid4()
    made = [
        pilots.execute(CreateWorkshop(title=title, held_on=day), lead, role="lead").workshop.id
        for title, day in (("Spring", date(2026, 3, 1)), ("Winter", date(2026, 1, 1)),
                           ("Summer", date(2026, 6, 1)))
    ]  # fmt: skip
    assert [w.id for w in workshops(pilots)] == [made[2], made[0], made[1]]


def test_each_read_starts_where_the_last_stopped(
    pilots: Pilots, monkeypatch: pytest.MonkeyPatch
) -> None:
    teller = uuid4()
    first = tell(pilots, teller)
    assert [s.id for s in stories_for(pilots, teller, "member")] == [first]
    for n in range(3):  # the log moves on without a story
        pilots.execute(RegisterPilot(title=f"P{n}", question="How?", idea="This"), uuid4())
    asked: list[tuple[Any, ...]] = []
    select = pilots.recorder.select_notifications

    def counted(start: Any, limit: int, *args: Any, **kwargs: Any) -> Any:
        asked.append((start, kwargs.get("stop")))
        return select(start, limit, *args, **kwargs)

    monkeypatch.setattr(pilots.recorder, "select_notifications", counted)
    later = tell(pilots, teller)
    head = pilots.recorder.max_notification_id()
    assert [s.id for s in stories_for(pilots, teller, "member")] == [later, first]
    assert [s.id for s in stories_for(pilots, teller, "member")] == [later, first]
    # The second read found nothing new to read; the first read only what came after the story.
    assert len(asked) == 1
    assert asked[0][1] == head
    assert asked[0][0] == head - 4  # the first story's position: three pilots and a story since
