"""A workshop's ideas: recorded from its principles for one of its framing questions, revised
whole, merged and split, with where each came from kept at both ends."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated
from domain.origins.commands import MergeIdeas, NewPart, RecordIdea, ReviseWorkshopIdea, SplitIdea
from domain.origins.events import IdeaRecorded, IdeasMerged, IdeaSplit, WorkshopIdeaRevised
from domain.origins.state import IdeaPart
from domain.service import Pilots
from tests.origins_builders import framing, idea, principle, refused_anywhere, workshop


def with_outputs(pilots: Pilots) -> tuple[UUID, UUID, list[UUID], list[UUID]]:
    """A workshop, its lead, three principles and two framing questions."""
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    principles = [principle(pilots, workshop_id, lead, text=f"Principle {n}") for n in range(3)]
    framings = [framing(pilots, workshop_id, lead, text=f"How might we {n}?") for n in range(2)]
    return workshop_id, lead, principles, framings


def test_an_idea_draws_on_principles_and_serves_a_framing_question_of_its_workshop(
    pilots: Pilots,
) -> None:
    workshop_id, lead, (p0, p1, _), (f0, _) = with_outputs(pilots)
    idea_id = idea(pilots, workshop_id, lead, principles=[p1, p0, p1], framing=f0)
    found = pilots.workshop(workshop_id).idea(idea_id)
    assert (found.principles, found.framing, found.from_pilot) == ((p1, p0), f0, None)
    other = workshop(pilots, lead, title="Autumn")
    foreign_principle, foreign_framing = (
        principle(pilots, other, lead),
        framing(pilots, other, lead),
    )
    with refused_anywhere(pilots, InvalidEntry, match="^principles: names no principle"):
        idea(pilots, workshop_id, lead, principles=[foreign_principle])
    with refused_anywhere(pilots, InvalidEntry, match="^framing: names no framing question"):
        idea(pilots, workshop_id, lead, framing=foreign_framing)


def test_revising_an_idea_keeps_every_version_in_the_log(pilots: Pilots) -> None:
    workshop_id, lead, (p0, p1, _), (f0, f1) = with_outputs(pilots)
    idea_id = idea(pilots, workshop_id, lead, text="Circles", principles=[p0], framing=f0)
    revision = ReviseWorkshopIdea(
        workshop_id,
        idea_id=idea_id,
        text="Walking circles",
        principles=[p1],
        framing=f1,
        rationale="Rooms are scarce",
    )
    pilots.execute(revision, lead, role="lead")
    found = pilots.workshop(workshop_id).idea(idea_id)
    assert (found.text, found.principles, found.framing, found.revisions) == (
        "Walking circles",
        (p1,),
        f1,
        1,
    )
    versions = [
        (e.text, e.principles, e.framing)
        for e in pilots.record_history(workshop_id)
        if isinstance(e, IdeaRecorded | WorkshopIdeaRevised)
    ]
    assert versions == [("Circles", (p0,), f0), ("Walking circles", (p1,), f1)]
    with refused_anywhere(pilots, RuleViolated, match="differ"):
        pilots.execute(revision, lead, role="lead")
    unframed = ReviseWorkshopIdea(
        workshop_id,
        idea_id=idea_id,
        text="Walking circles",
        principles=[p1],
        framing=None,
        rationale="Serves both",
    )
    pilots.execute(unframed, lead, role="lead")
    assert pilots.workshop(workshop_id).idea(idea_id).framing is None
    with refused_anywhere(pilots, NotFound, match="no such idea"):
        pilots.execute(
            ReviseWorkshopIdea(
                workshop_id, idea_id=uuid4(), text="X", principles=(), framing=None, rationale="Y"
            ),
            lead,
            role="lead",
        )


def test_merged_ideas_become_one_that_keeps_all_their_principles(pilots: Pilots) -> None:
    workshop_id, lead, (p0, p1, p2), (f0, _) = with_outputs(pilots)
    first = idea(pilots, workshop_id, lead, text="Circles", principles=[p0, p1], framing=f0)
    second = idea(pilots, workshop_id, lead, text="Huddles", principles=[p2, p1])
    merge = MergeIdeas(
        workshop_id, ideas=[second, first], text="Short circles", rationale="The same thing twice"
    )
    receipt = pilots.execute(merge, lead, role="lead")
    (merged_event,) = receipt.events
    assert isinstance(merged_event, IdeasMerged)
    ideas = pilots.workshop(workshop_id).ideas
    merged = ideas[merged_event.idea_id]
    assert (merged.text, merged.principles, merged.framing) == ("Short circles", (p2, p1, p0), f0)
    assert merged.merged_from == (second, first)
    assert (ideas[first].merged_into, ideas[second].merged_into) == (merged.id, merged.id)
    assert ideas[first].superseded
    assert not merged.superseded
    assert (ideas[first].text, ideas[first].principles) == ("Circles", (p0, p1))


def test_ideas_serving_different_framing_questions_merge_only_into_one_of_theirs(
    pilots: Pilots,
) -> None:
    workshop_id, lead, _, (f0, f1) = with_outputs(pilots)
    first, second = (
        idea(pilots, workshop_id, lead, text=t, framing=f)
        for t, f in (("Circles", f0), ("Walks", f1))
    )
    unchosen = MergeIdeas(workshop_id, ideas=[first, second], text="Both", rationale="One")
    with refused_anywhere(pilots, InvalidEntry, match="^framing: the ideas serve different"):
        pilots.execute(unchosen, lead, role="lead")
    stray = framing(pilots, workshop_id, lead, text="How might we stray?")
    with refused_anywhere(pilots, InvalidEntry, match="^framing: must be the framing question"):
        pilots.execute(
            MergeIdeas(
                workshop_id, ideas=[first, second], text="Both", rationale="One", framing=stray
            ),
            lead,
            role="lead",
        )
    chosen = MergeIdeas(
        workshop_id, ideas=[first, second], text="Both", rationale="One", framing=f1
    )
    merged_id = pilots.execute(chosen, lead, role="lead").events[0].idea_id  # type: ignore[attr-defined]
    assert pilots.workshop(workshop_id).idea(merged_id).framing == f1


def test_a_merge_names_two_or_more_live_ideas_of_its_workshop(pilots: Pilots) -> None:
    workshop_id, lead, _, _ = with_outputs(pilots)
    first, second, third = (idea(pilots, workshop_id, lead, text=t) for t in "ABC")
    elsewhere = idea(pilots, workshop(pilots, lead, title="Autumn"), lead)
    for ideas, error, match in (
        ([first, first], InvalidEntry, "^ideas: name two or more"),
        ([first, elsewhere], InvalidEntry, f"^ideas: names no idea of this workshop: {elsewhere}"),
    ):
        with refused_anywhere(pilots, error, match=match):
            pilots.execute(
                MergeIdeas(workshop_id, ideas=ideas, text="M", rationale="R"), lead, role="lead"
            )
    pilots.execute(
        MergeIdeas(workshop_id, ideas=[first, second], text="M", rationale="R"), lead, role="lead"
    )
    superseded = [
        MergeIdeas(workshop_id, ideas=[first, third], text="N", rationale="R"),
        SplitIdea(workshop_id, idea_id=second, parts=[NewPart("X"), NewPart("Y")], rationale="R"),
        ReviseWorkshopIdea(
            workshop_id, idea_id=first, text="Z", principles=(), framing=None, rationale="R"
        ),
    ]
    for command in superseded:
        with refused_anywhere(pilots, RuleViolated, match="merged into another"):
            pilots.execute(command, lead, role="lead")


def test_a_split_idea_becomes_ideas_that_each_keep_a_part_of_its_links(pilots: Pilots) -> None:
    workshop_id, lead, (p0, p1, p2), (f0, _) = with_outputs(pilots)
    original = idea(
        pilots, workshop_id, lead, text="Circles and walks", principles=[p0, p1, p2], framing=f0
    )
    split = SplitIdea(
        workshop_id,
        idea_id=original,
        rationale="Two ideas in one",
        parts=[
            NewPart("Circles", principles=[p0, p1], framing=f0),
            NewPart("Walks", principles=[p2]),
        ],
    )
    (event,) = pilots.execute(split, lead, role="lead").events
    assert isinstance(event, IdeaSplit)
    circles, walks = (part.idea_id for part in event.parts)
    assert event.parts == (
        IdeaPart(circles, "Circles", (p0, p1), f0),
        IdeaPart(walks, "Walks", (p2,), None),
    )
    ideas = pilots.workshop(workshop_id).ideas
    assert ideas[original].split_into == (circles, walks)
    assert (ideas[circles].split_from, ideas[walks].split_from) == (original, original)
    assert (ideas[walks].text, ideas[walks].principles, ideas[walks].framing) == (
        "Walks",
        (p2,),
        None,
    )
    again = SplitIdea(
        workshop_id, idea_id=original, parts=[NewPart("A"), NewPart("B")], rationale="R"
    )
    with refused_anywhere(pilots, RuleViolated, match="split into others"):
        pilots.execute(again, lead, role="lead")


# Each case builds its parts from a principle and a framing question of the workshop that the
# idea split does not have.
SPLITS_OUT_OF_BOUNDS = {
    "one part": (lambda p, f: [NewPart("Alone")], "parts"),
    "eleven parts": (lambda p, f: [NewPart(str(n)) for n in range(11)], "parts"),
    "a repeated part": (lambda p, f: [NewPart("Same"), NewPart(" same ")], r"parts\[1\].text"),
    "a blank part": (lambda p, f: [NewPart("A"), NewPart("")], r"parts\[1\].text"),
    "a principle it lacks": (
        lambda p, f: [NewPart("A"), NewPart("B", principles=[p])],
        r"parts\[1\].principles",
    ),
    "a framing it lacks": (
        lambda p, f: [NewPart("A", framing=f), NewPart("B")],
        r"parts\[0\].framing",
    ),
}


@pytest.mark.parametrize("case", SPLITS_OUT_OF_BOUNDS)
def test_a_split_out_of_bounds_is_refused_naming_the_field(pilots: Pilots, case: str) -> None:
    workshop_id, lead, (p0, p1, _), (f0, f1) = with_outputs(pilots)
    original = idea(pilots, workshop_id, lead, principles=[p0], framing=f0)
    parts, field = SPLITS_OUT_OF_BOUNDS[case]
    split = SplitIdea(workshop_id, idea_id=original, parts=parts(p1, f1), rationale="R")
    with refused_anywhere(pilots, InvalidEntry, match=f"^{field}:"):
        pilots.execute(split, lead, role="lead")


def test_members_who_do_not_facilitate_and_readers_change_no_idea(pilots: Pilots) -> None:
    workshop_id, lead, _, _ = with_outputs(pilots)
    first, second = (
        idea(pilots, workshop_id, lead, text="A"),
        idea(pilots, workshop_id, lead, text="B"),
    )
    commands = [
        RecordIdea(workshop_id, text="Mine"),
        ReviseWorkshopIdea(
            workshop_id, idea_id=first, text="Mine", principles=(), framing=None, rationale="Mine"
        ),
        MergeIdeas(workshop_id, ideas=[first, second], text="Mine", rationale="Mine"),
        SplitIdea(workshop_id, idea_id=first, parts=[NewPart("X"), NewPart("Y")], rationale="R"),
    ]
    for command in commands:
        for role in ("member", "reader", None):
            with refused_anywhere(pilots, NotPermitted, match="facilitator of the workshop"):
                pilots.execute(command, uuid4(), role=role)
