"""Workshops: who records one and what it produced, and how its principles and framing
questions link to stories and to each other."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.clock import now
from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated
from domain.origins.commands import (
    AddFacilitator,
    CreateWorkshop,
    RecordFraming,
    RecordPrinciple,
    ReviseFraming,
    RevisePrinciple,
    WithdrawStory,
)
from domain.origins.events import PrincipleRecorded, PrincipleRevised, WorkshopCreated
from domain.service import Pilots
from tests.origins_builders import (
    HELD_ON,
    framing,
    principle,
    refused_anywhere,
    tell,
    workshop,
)


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_leads_and_admins_record_a_workshop_with_its_facilitators(
    pilots: Pilots, role: str
) -> None:
    sender, one, two = uuid4(), uuid4(), uuid4()
    command = CreateWorkshop(title=" Spring ", held_on=HELD_ON, facilitators=[one, two, one])
    receipt = pilots.execute(command, sender, role=role)
    found = pilots.workshop(receipt.workshop.id)
    assert (found.title, found.held_on, found.facilitators) == ("Spring", HELD_ON, (one, two))
    assert found.created_by == sender
    assert [type(e) for e in receipt.events] == [WorkshopCreated]


@pytest.mark.parametrize("role", ["member", "reader", None])
def test_no_one_else_records_a_workshop(pilots: Pilots, role: str | None) -> None:
    with refused_anywhere(pilots, NotPermitted, match="lead or an admin"):
        pilots.execute(CreateWorkshop(title="W", held_on=HELD_ON), uuid4(), role=role)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"held_on": date.today() + timedelta(days=3)}, "held_on"),
        ({"facilitators": [uuid4() for _ in range(31)]}, "facilitators"),
    ],
)
def test_a_workshop_out_of_bounds_is_refused_naming_the_field(
    pilots: Pilots, fields: dict[str, object], field: str
) -> None:
    given = {"title": "Spring", "held_on": HELD_ON} | fields
    with refused_anywhere(pilots, InvalidEntry, match=f"^{field}:"):
        pilots.execute(CreateWorkshop(**given), uuid4(), role="lead")  # type: ignore[arg-type]


def test_a_workshop_held_today_anywhere_on_earth_is_not_in_the_future(pilots: Pilots) -> None:
    today_somewhere = (now() + timedelta(hours=14)).date()
    workshop(pilots, uuid4(), held_on=today_somewhere)


def test_a_lead_or_an_admin_names_more_facilitators_and_no_one_else_does(pilots: Pilots) -> None:
    lead, facilitator, later = uuid4(), uuid4(), uuid4()
    workshop_id = workshop(pilots, lead, facilitators=[facilitator])
    for sender, role in ((facilitator, "member"), (uuid4(), "member"), (uuid4(), "reader")):
        with refused_anywhere(pilots, NotPermitted, match="facilitators"):
            pilots.execute(AddFacilitator(workshop_id, user=later), sender, role=role)
    pilots.execute(AddFacilitator(workshop_id, user=later), uuid4(), role="admin")
    assert pilots.workshop(workshop_id).facilitators == (facilitator, later)
    with refused_anywhere(pilots, RuleViolated, match="already"):
        pilots.execute(AddFacilitator(workshop_id, user=later), lead, role="lead")


def test_facilitators_leads_and_admins_record_principles(pilots: Pilots) -> None:
    lead, facilitator = uuid4(), uuid4()
    workshop_id = workshop(pilots, lead, facilitators=[facilitator])
    for sender, role in ((facilitator, "member"), (uuid4(), "admin"), (uuid4(), "lead")):
        pilots.execute(RecordPrinciple(workshop_id, text=f"By {role}"), sender, role=role)
    texts = [p.text for p in pilots.workshop(workshop_id).principles.values()]
    assert texts == ["By member", "By admin", "By lead"]


def test_members_who_do_not_facilitate_and_readers_record_nothing_in_a_workshop(
    pilots: Pilots,
) -> None:
    lead, reader_facilitator = uuid4(), uuid4()
    workshop_id = workshop(pilots, lead, facilitators=[reader_facilitator])
    principle_id = principle(pilots, workshop_id, lead)
    framing_id = framing(pilots, workshop_id, lead)
    commands = [
        RecordPrinciple(workshop_id, text="Mine"),
        RevisePrinciple(
            workshop_id, principle_id=principle_id, text="Mine", stories=(), rationale="Mine"
        ),
        RecordFraming(workshop_id, text="How might we?"),
        ReviseFraming(
            workshop_id,
            framing_id=framing_id,
            text="How might we not?",
            principles=(),
            rationale="Mine",
        ),
    ]
    for command in commands:
        for sender, role in (
            (uuid4(), "member"),
            (uuid4(), "reader"),
            (reader_facilitator, "reader"),
            (lead, None),
        ):
            with refused_anywhere(pilots, NotPermitted, match="facilitator of the workshop"):
                pilots.execute(command, sender, role=role)


def test_a_principle_draws_on_stories_the_sender_may_read(pilots: Pilots) -> None:
    lead, facilitator = uuid4(), uuid4()
    workshop_id = workshop(pilots, lead, facilitators=[facilitator])
    shared, confided = tell(pilots, uuid4()), tell(pilots, uuid4(), consent="team")
    principle_id = principle(pilots, workshop_id, lead, stories=[shared, confided, shared])
    assert pilots.workshop(workshop_id).principle(principle_id).stories == (shared, confided)
    unread = RecordPrinciple(workshop_id, text="Listen", stories=[confided])
    with refused_anywhere(pilots, InvalidEntry, match=f"^stories: names no story: {confided}"):
        pilots.execute(unread, facilitator, role="member")
    for missing in (uuid4(), workshop_id):
        with refused_anywhere(pilots, InvalidEntry, match=f"^stories: names no story: {missing}"):
            pilots.execute(
                RecordPrinciple(workshop_id, text="L", stories=[missing]), lead, role="lead"
            )


def test_a_withdrawn_story_is_drawn_on_no_more_but_stays_where_it_was(pilots: Pilots) -> None:
    lead, teller = uuid4(), uuid4()
    workshop_id = workshop(pilots, lead)
    story_id, other = tell(pilots, teller), tell(pilots, uuid4())
    principle_id = principle(pilots, workshop_id, lead, stories=[story_id])
    pilots.execute(WithdrawStory(story_id, reason="No"), teller, role="member")
    with refused_anywhere(pilots, RuleViolated, match="withdrawn"):
        principle(pilots, workshop_id, lead, stories=[story_id])
    pilots.execute(
        RevisePrinciple(
            workshop_id,
            principle_id=principle_id,
            text="Listen first",
            stories=[story_id, other],
            rationale="Clearer",
        ),
        lead,
        role="lead",
    )
    assert pilots.workshop(workshop_id).principle(principle_id).stories == (story_id, other)


def test_revising_a_principle_keeps_its_earlier_version_in_the_log(pilots: Pilots) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    story_id = tell(pilots, uuid4())
    principle_id = principle(pilots, workshop_id, lead, text="Listen")
    revision = RevisePrinciple(
        workshop_id,
        principle_id=principle_id,
        text="Listen first",
        stories=[story_id],
        rationale="From the porter's story",
    )
    pilots.execute(revision, lead, role="lead")
    found = pilots.workshop(workshop_id).principle(principle_id)
    assert (found.text, found.stories, found.revisions) == ("Listen first", (story_id,), 1)
    versions = [
        (e.text, e.stories)
        for e in pilots.record_history(workshop_id)
        if isinstance(e, PrincipleRecorded | PrincipleRevised)
    ]
    assert versions == [("Listen", ()), ("Listen first", (story_id,))]
    with refused_anywhere(pilots, RuleViolated, match="differ"):
        pilots.execute(revision, lead, role="lead")
    with refused_anywhere(pilots, NotFound, match="no such principle"):
        pilots.execute(
            RevisePrinciple(workshop_id, principle_id=uuid4(), text="X", stories=(), rationale="Y"),
            lead,
            role="lead",
        )


def test_a_framing_question_draws_on_principles_of_its_own_workshop(pilots: Pilots) -> None:
    lead = uuid4()
    here, there = workshop(pilots, lead), workshop(pilots, lead, title="Autumn")
    ours, theirs = principle(pilots, here, lead), principle(pilots, there, lead)
    framing_id = framing(pilots, here, lead, principles=[ours])
    assert pilots.workshop(here).framing(framing_id).principles == (ours,)
    with refused_anywhere(
        pilots, InvalidEntry, match=f"^principles: names no principle of this workshop: {theirs}"
    ):
        framing(pilots, here, lead, principles=[theirs])
    revision = ReviseFraming(
        here, framing_id=framing_id, text="How might we listen?", principles=[], rationale="Broader"
    )
    pilots.execute(revision, lead, role="lead")
    found = pilots.workshop(here).framing(framing_id)
    assert (found.text, found.principles, found.revisions) == ("How might we listen?", (), 1)
    with refused_anywhere(pilots, RuleViolated, match="differ"):
        pilots.execute(revision, lead, role="lead")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "w" * 2_001}, "text"),
        ({"stories": [uuid4() for _ in range(51)]}, "stories"),
    ],
)
def test_a_principle_out_of_bounds_is_refused_naming_the_field(
    pilots: Pilots, fields: dict[str, object], field: str
) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    with refused_anywhere(pilots, InvalidEntry, match=f"^{field}:"):
        principle(pilots, workshop_id, lead, **fields)


def test_a_command_to_no_workshop_is_not_found(pilots: Pilots) -> None:
    story_id = tell(pilots, uuid4())
    for missing in (uuid4(), story_id):
        with refused_anywhere(pilots, NotFound, match="no such workshop"):
            pilots.execute(RecordPrinciple(missing, text="Listen"), uuid4(), role="lead")
