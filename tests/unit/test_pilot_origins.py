"""A pilot names the workshop idea it tests and the framing question it serves; an idea names
the pilot whose adapt decision gave rise to it. Each link must name a record that exists."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.errors import InvalidEntry, RuleViolated
from domain.origins.commands import MergeIdeas, NewPart, SplitIdea
from domain.origins.events import IdeaSplit
from domain.pilot.commands import RegisterPilot
from domain.pilot.events import Registered
from domain.service import Pilots
from domain.values import Stage
from tests.origins_builders import framing, idea, principle, refused_anywhere, tell, workshop
from tests.unit.builders import new_pilot, pilot_with_cycle_at

FRAMED = {"title": "Story circles", "question": "How might we connect?", "idea": "Circles"}


def register(
    pilots: Pilots, submission: str | None = None, lead: UUID | None = None, **links: UUID | None
) -> UUID:
    command = RegisterPilot(**FRAMED, **links)  # type: ignore[arg-type]
    return pilots.execute(command, lead or uuid4(), submission=submission).pilot.id


def test_a_pilot_records_the_idea_it_tests_and_the_framing_question_it_serves(
    pilots: Pilots,
) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    framing_id = framing(pilots, workshop_id, lead)
    idea_id = idea(pilots, workshop_id, lead, framing=framing_id)
    pilot_id = register(pilots, tests_idea=idea_id, framing=framing_id)
    pilot = pilots.pilot(pilot_id)
    assert (pilot.tests_idea, pilot.framing, pilot.origin) == (idea_id, framing_id, "")
    (registered,) = pilots.history(pilot_id)
    assert isinstance(registered, Registered)
    assert (registered.tests_idea, registered.framing) == (idea_id, framing_id)
    only_idea = pilots.pilot(register(pilots, tests_idea=idea_id))
    assert (only_idea.tests_idea, only_idea.framing) == (idea_id, None)


def test_a_pilot_without_them_keeps_its_free_text_origin(pilots: Pilots) -> None:
    pilot_id, _ = new_pilot(pilots, origin="The spring workshop")
    pilot = pilots.pilot(pilot_id)
    assert (pilot.origin, pilot.tests_idea, pilot.framing) == ("The spring workshop", None, None)


def test_links_that_name_no_idea_or_framing_question_are_refused_naming_the_field(
    pilots: Pilots,
) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    framing_id, principle_id = (
        framing(pilots, workshop_id, lead),
        principle(pilots, workshop_id, lead),
    )
    idea_id, story_id = idea(pilots, workshop_id, lead), tell(pilots, uuid4())
    for wrong in (uuid4(), framing_id, principle_id, story_id, workshop_id):
        with refused_anywhere(
            pilots, InvalidEntry, match=f"^tests_idea: names no idea of any workshop: {wrong}"
        ):
            register(pilots, tests_idea=wrong)
    for wrong in (uuid4(), idea_id, principle_id):
        with refused_anywhere(
            pilots,
            InvalidEntry,
            match=f"^framing: names no framing question of any workshop: {wrong}",
        ):
            register(pilots, framing=wrong)


def test_a_pilot_serves_the_framing_question_its_idea_serves(pilots: Pilots) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    served, other = (
        framing(pilots, workshop_id, lead),
        framing(pilots, workshop_id, lead, text="How might we not?"),
    )
    idea_id = idea(pilots, workshop_id, lead, framing=served)
    with refused_anywhere(pilots, InvalidEntry, match="^framing: the idea tested serves another"):
        register(pilots, tests_idea=idea_id, framing=other)
    unframed = idea(pilots, workshop_id, lead, text="Walks")
    assert pilots.pilot(register(pilots, tests_idea=unframed, framing=other)).framing == other


def test_a_pilot_tests_what_a_merged_or_split_idea_became_not_the_idea_itself(
    pilots: Pilots,
) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    first, second = (
        idea(pilots, workshop_id, lead, text="A"),
        idea(pilots, workshop_id, lead, text="B"),
    )
    tested_before = register(pilots, "registered-before", lead, tests_idea=first)
    pilots.execute(
        MergeIdeas(workshop_id, ideas=[first, second], text="AB", rationale="R"), lead, role="lead"
    )
    with refused_anywhere(pilots, RuleViolated, match="^tests_idea: that idea was merged or split"):
        register(pilots, tests_idea=first)
    # A repeat of the registration sent before the merge is answered from the log.
    assert register(pilots, "registered-before", lead, tests_idea=first) == tested_before
    third = idea(pilots, workshop_id, lead, text="C")
    split = SplitIdea(
        workshop_id, idea_id=third, parts=[NewPart("C1"), NewPart("C2")], rationale="R"
    )
    (event,) = pilots.execute(split, lead, role="lead").events
    assert isinstance(event, IdeaSplit)
    part = event.parts[1].idea_id
    assert pilots.pilot(register(pilots, tests_idea=part)).tests_idea == part


def test_an_idea_found_by_one_lookup_and_one_recorded_after_it_are_both_found(
    pilots: Pilots,
) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    early = idea(pilots, workshop_id, lead, text="Early")
    register(pilots, tests_idea=early)
    with refused_anywhere(pilots, InvalidEntry, match="^tests_idea"):
        register(pilots, tests_idea=uuid4())
    late = idea(pilots, workshop(pilots, lead, title="Autumn"), lead, text="Late")
    assert pilots.pilot(register(pilots, tests_idea=late)).tests_idea == late


def test_an_idea_comes_from_a_pilot_that_decided_to_adapt(pilots: Pilots) -> None:
    lead = uuid4()
    workshop_id = workshop(pilots, lead)
    studied, _ = pilot_with_cycle_at(pilots, Stage.STUDIED)
    adapted, _ = pilot_with_cycle_at(pilots, Stage.DECIDED)  # the builders decide to adapt
    with refused_anywhere(
        pilots, RuleViolated, match="^from_pilot: that pilot has not decided to adapt"
    ):
        idea(pilots, workshop_id, lead, from_pilot=studied)
    for missing in (uuid4(), workshop_id):
        with refused_anywhere(
            pilots, InvalidEntry, match=f"^from_pilot: names no pilot: {missing}"
        ):
            idea(pilots, workshop_id, lead, from_pilot=missing)
    idea_id = idea(pilots, workshop_id, lead, from_pilot=adapted)
    assert pilots.workshop(workshop_id).idea(idea_id).from_pilot == adapted
