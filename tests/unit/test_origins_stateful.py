"""Random sequences of the origins' commands (and pilots registered to test their ideas), valid
and invalid: senders of every role and none, facilitators and not, blank and over-long text,
links to records of another workshop, of another kind or of none, withdrawn stories, ideas
merged or split already. Every command either records exactly one event or raises a domain
error and records nothing; nothing else is ever raised. After every step every link names a
record that exists: a principle's stories, a framing question's and an idea's principles and
framing question (in the same workshop), the ideas at both ends of a merge or a split, and
the idea and framing question a pilot names; and both ends of each merge and split agree."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.errors import DomainError, NotFound
from domain.origins import Story, Workshop
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
from domain.pilot import Pilot
from domain.pilot.commands import Command, RegisterPilot
from domain.service import Pilots, Receipt
from domain.values import Stage
from tests import origins_builders as build
from tests.unit.builders import pilot_with_cycle_at

# Accounts by their role across the programme; None: the caller said no role.
PEOPLE = {
    UUID(f"00000000-0000-4000-8000-0000000000{n:02x}"): role
    for n, role in enumerate(["admin", "lead", "member", "member", "reader", None], start=1)
}
ADMIN, LEAD, MEMBER, FACILITATOR = sorted(PEOPLE)[:4]
# Mostly someone who may write, now and then someone who may not.
SENDER = st.sampled_from([ADMIN, LEAD, LEAD, FACILITATOR, *sorted(PEOPLE)])
NOBODY = UUID("00000000-0000-4000-8000-0000000000ff")  # no record at all
TEXT = st.sampled_from(
    [
        "Listen first",
        "listen  FIRST",
        "How might we meet?",
        "Walks",
        "Circles",
        "Huddles",
        " ",
        "x" * 2_001,
        "nul\x00",
    ]
)
STORY_TEXT = st.sampled_from(["The porter listened", "A short one", "", "y" * 10_001])


class Origins(RuleBasedStateMachine):
    """Links are drawn mostly from the workshop's own outputs, now and then from another
    workshop's, another kind's or none at all."""

    def __init__(self) -> None:
        super().__init__()
        self.app: Pilots = open_pilots(parse_database_url("memory://"))
        self.made: dict[str, list[UUID]] = {
            kind: []
            for kind in ("stories", "workshops", "principles", "framings", "ideas", "pilots")
        }

    def teardown(self) -> None:
        self.app.close()

    @initialize()
    def a_workshop_with_outputs(self) -> None:
        """A workshop with a few of everything, and a pilot that decided to adapt, so that
        revisions, merges and splits have something to work on from the first step."""
        stories = [build.tell(self.app, MEMBER, consent=c) for c in ("community", "team")]
        workshop_id = build.workshop(self.app, LEAD, facilitators=[FACILITATOR])
        principles = [
            build.principle(self.app, workshop_id, LEAD, text=f"P{n}", stories=stories[: n + 1])
            for n in range(3)
        ]
        framings = [
            build.framing(
                self.app, workshop_id, LEAD, text=f"How might we {n}?", principles=principles[n:]
            )
            for n in range(2)
        ]
        ideas = [
            build.idea(
                self.app,
                workshop_id,
                LEAD,
                text=f"I{n}",
                principles=principles[:n],
                framing=framings[n % 2],
            )
            for n in range(3)
        ]
        adapted, _ = pilot_with_cycle_at(self.app, Stage.DECIDED)
        self.made |= {
            "stories": stories,
            "workshops": [workshop_id],
            "principles": principles,
            "framings": framings,
            "ideas": ideas,
            "pilots": [adapted],
        }

    def send(self, command: Command, sender: UUID) -> Receipt | None:
        """Runs the command: one event recorded, or a domain error and none."""
        before = self.app.recorder.max_notification_id() or 0
        try:
            receipt = self.app.execute(command, sender, role=PEOPLE[sender])
        except DomainError as error:
            assert (self.app.recorder.max_notification_id() or 0) == before
            event(f"{type(command).__name__}: refused ({type(error).__name__})")
            return None
        assert len(receipt.events) == 1
        assert self.app.recorder.max_notification_id() == before + 1
        event(f"{type(command).__name__}: recorded")
        return receipt

    def one(self, data: st.DataObject, kind: str, own: Iterable[UUID] | None = None) -> UUID:
        """One id: mostly one of `own` (the workshop's own outputs of the kind; by default,
        every record made of the kind), now and then any id at all, or one of no record."""
        mine = list(self.made[kind] if own is None else own)
        if mine and data.draw(st.integers(0, 7)):
            return data.draw(st.sampled_from(mine))
        return data.draw(st.sampled_from([NOBODY, *(i for ids in self.made.values() for i in ids)]))

    def some(
        self, data: st.DataObject, kind: str, own: Iterable[UUID] | None = None, most: int = 3
    ) -> list[UUID]:
        mine = list(self.made[kind] if own is None else own)
        count = data.draw(st.integers(0, most if mine else 1))
        return [self.one(data, kind, mine) for _ in range(count)]

    def workshop(self, data: st.DataObject) -> tuple[UUID, Workshop | None]:
        workshop_id = self.one(data, "workshops")
        try:
            return workshop_id, self.app.workshop(workshop_id)
        except NotFound:
            return workshop_id, None

    # -- stories ------------------------------------------------------------------------------

    @rule(
        data=st.data(),
        sender=SENDER,
        text=STORY_TEXT,
        consent=st.sampled_from(["team", "community", "community", "all"]),
    )
    def record_story(self, data: st.DataObject, sender: UUID, text: str, consent: str) -> None:
        teller = data.draw(st.sampled_from([None, *PEOPLE]))
        receipt = self.send(RecordStory(text=text, consent=consent, told_by=teller), sender)
        if receipt is not None:
            self.made["stories"].append(receipt.story.id)

    @rule(data=st.data(), sender=SENDER, text=STORY_TEXT)
    def revise_story(self, data: st.DataObject, sender: UUID, text: str) -> None:
        story = self.one(data, "stories")
        self.send(ReviseStory(story, text=text, title="", themes=(), rationale="Why"), sender)

    @rule(data=st.data(), sender=SENDER)
    def withdraw_story(self, data: st.DataObject, sender: UUID) -> None:
        self.send(WithdrawStory(self.one(data, "stories"), reason="I would rather not"), sender)

    # -- workshops ----------------------------------------------------------------------------

    @rule(
        sender=SENDER,
        title=TEXT,
        facilitators=st.lists(st.sampled_from(sorted(PEOPLE)), max_size=2),
    )
    def create_workshop(self, sender: UUID, title: str, facilitators: list[UUID]) -> None:
        command = CreateWorkshop(title=title, held_on=date(2026, 3, 1), facilitators=facilitators)
        receipt = self.send(command, sender)
        if receipt is not None:
            self.made["workshops"].append(receipt.workshop.id)

    @rule(data=st.data(), sender=SENDER, user=SENDER)
    def add_facilitator(self, data: st.DataObject, sender: UUID, user: UUID) -> None:
        self.send(AddFacilitator(self.one(data, "workshops"), user=user), sender)

    @rule(data=st.data(), sender=SENDER, text=TEXT)
    def record_principle(self, data: st.DataObject, sender: UUID, text: str) -> None:
        workshop_id, _ = self.workshop(data)
        stories = self.some(data, "stories")
        receipt = self.send(RecordPrinciple(workshop_id, text=text, stories=stories), sender)
        if receipt is not None:
            self.made["principles"].append(receipt.events[0].principle_id)  # type: ignore[attr-defined]

    @rule(data=st.data(), sender=SENDER, text=TEXT)
    def revise_principle(self, data: st.DataObject, sender: UUID, text: str) -> None:
        workshop_id, found = self.workshop(data)
        principle = self.one(data, "principles", found.principles if found else None)
        stories = self.some(data, "stories")
        self.send(
            RevisePrinciple(
                workshop_id, principle_id=principle, text=text, stories=stories, rationale="Why"
            ),
            sender,
        )

    @rule(data=st.data(), sender=SENDER, text=TEXT)
    def record_framing(self, data: st.DataObject, sender: UUID, text: str) -> None:
        workshop_id, found = self.workshop(data)
        principles = self.some(data, "principles", found.principles if found else None)
        receipt = self.send(RecordFraming(workshop_id, text=text, principles=principles), sender)
        if receipt is not None:
            self.made["framings"].append(receipt.events[0].framing_id)  # type: ignore[attr-defined]

    @rule(data=st.data(), sender=SENDER, text=TEXT)
    def revise_framing(self, data: st.DataObject, sender: UUID, text: str) -> None:
        workshop_id, found = self.workshop(data)
        framing = self.one(data, "framings", found.framings if found else None)
        principles = self.some(data, "principles", found.principles if found else None)
        self.send(
            ReviseFraming(
                workshop_id, framing_id=framing, text=text, principles=principles, rationale="Why"
            ),
            sender,
        )

    # -- ideas --------------------------------------------------------------------------------

    def framing_or_none(self, data: st.DataObject, found: Workshop | None) -> UUID | None:
        if data.draw(st.booleans()):
            return None
        return self.one(data, "framings", found.framings if found else None)

    @rule(data=st.data(), sender=SENDER, text=TEXT)
    def record_idea(self, data: st.DataObject, sender: UUID, text: str) -> None:
        workshop_id, found = self.workshop(data)
        principles = self.some(data, "principles", found.principles if found else None)
        framing = self.framing_or_none(data, found)
        from_pilot = None if data.draw(st.booleans()) else self.one(data, "pilots")
        command = RecordIdea(
            workshop_id, text=text, principles=principles, framing=framing, from_pilot=from_pilot
        )
        receipt = self.send(command, sender)
        if receipt is not None:
            self.made["ideas"].append(receipt.events[0].idea_id)  # type: ignore[attr-defined]

    @rule(data=st.data(), sender=SENDER, text=TEXT)
    def revise_idea(self, data: st.DataObject, sender: UUID, text: str) -> None:
        workshop_id, found = self.workshop(data)
        idea = self.one(data, "ideas", found.ideas if found else None)
        principles = self.some(data, "principles", found.principles if found else None)
        self.send(
            ReviseWorkshopIdea(
                workshop_id,
                idea_id=idea,
                text=text,
                principles=principles,
                framing=self.framing_or_none(data, found),
                rationale="Why",
            ),
            sender,
        )

    @rule(data=st.data(), sender=SENDER, text=TEXT)
    def merge_ideas(self, data: st.DataObject, sender: UUID, text: str) -> None:
        workshop_id, found = self.workshop(data)
        own = list(found.ideas) if found else self.made["ideas"]
        least = data.draw(st.sampled_from([1, 2, 2, 2]))  # now and then a merge of one
        merged = (
            data.draw(
                st.lists(
                    st.sampled_from(own), min_size=min(least, len(own)), max_size=4, unique=True
                )
            )
            if own
            else []
        )
        if data.draw(st.integers(0, 9)) == 0:
            merged.append(self.one(data, "ideas", ()))  # an id of anything, or of nothing
        theirs = [found.ideas[i].framing for i in merged if found and i in found.ideas]
        framing = data.draw(st.sampled_from([None, *theirs, self.one(data, "framings")]))
        command = MergeIdeas(workshop_id, ideas=merged, text=text, rationale="Why", framing=framing)
        receipt = self.send(command, sender)
        if receipt is not None:
            self.made["ideas"].append(receipt.events[0].idea_id)  # type: ignore[attr-defined]

    @rule(data=st.data(), sender=SENDER)
    def split_idea(self, data: st.DataObject, sender: UUID) -> None:
        workshop_id, found = self.workshop(data)
        idea_id = self.one(data, "ideas", found.ideas if found else None)
        idea = found.ideas.get(idea_id) if found else None
        framings = [None, None, idea.framing if idea else None, self.one(data, "framings")]
        kept = idea.principles if idea else None
        parts = [
            NewPart(
                data.draw(TEXT),
                self.some(data, "principles", kept, 2),
                data.draw(st.sampled_from(framings)),
            )
            for _ in range(data.draw(st.sampled_from([1, 2, 2, 3])))
        ]
        receipt = self.send(
            SplitIdea(workshop_id, idea_id=idea_id, parts=parts, rationale="Why"), sender
        )
        if receipt is not None:
            self.made["ideas"].extend(p.idea_id for p in receipt.events[0].parts)  # type: ignore[attr-defined]

    @rule(data=st.data(), sender=SENDER)
    def register_pilot(self, data: st.DataObject, sender: UUID) -> None:
        idea = None if data.draw(st.booleans()) else self.one(data, "ideas")
        framing = None if data.draw(st.booleans()) else self.one(data, "framings")
        command = RegisterPilot(
            title="Circles", question="How?", idea="Circles", tests_idea=idea, framing=framing
        )
        receipt = self.send(command, sender)
        if receipt is not None:
            self.made["pilots"].append(receipt.pilot.id)

    # -- what must always hold ----------------------------------------------------------------

    def records(self) -> list[Story | Workshop | Pilot]:
        found = []
        for notification in self.app.recorder.select_notifications(1, 10_000):
            event = self.app.mapper.to_domain_event(notification)
            if event.originator_version == 1:
                found.append(self.app.repository.get(event.originator_id))
        return found

    def story_exists(self, story_id: UUID) -> bool:
        try:
            self.app.story(story_id)
        except NotFound:
            return False
        return True

    @invariant()
    def every_link_names_a_record_that_exists(self) -> None:
        for record in self.records():
            if isinstance(record, Workshop):
                self.links_of_workshop(record)
            elif isinstance(record, Pilot):
                self.links_of_pilot(record)

    def links_of_workshop(self, workshop: Workshop) -> None:
        for principle in workshop.principles.values():
            assert all(self.story_exists(s) for s in principle.stories)
        for framing in workshop.framings.values():
            assert set(framing.principles) <= set(workshop.principles)
        for idea in workshop.ideas.values():
            assert set(idea.principles) <= set(workshop.principles)
            assert idea.framing is None or idea.framing in workshop.framings
            for merged in idea.merged_from:
                assert workshop.ideas[merged].merged_into == idea.id
            if idea.merged_into is not None:
                assert idea.id in workshop.ideas[idea.merged_into].merged_from
            if idea.split_from is not None:
                assert idea.id in workshop.ideas[idea.split_from].split_into
            for part in idea.split_into:
                assert workshop.ideas[part].split_from == idea.id
            assert not (idea.merged_into and idea.split_into)

    def links_of_pilot(self, pilot: Pilot) -> None:
        if pilot.tests_idea is not None:
            holding = self.app.workshop_holding(pilot.tests_idea)
            assert holding is not None
            assert pilot.tests_idea in holding.ideas
        if pilot.framing is not None:
            holding = self.app.workshop_holding(pilot.framing)
            assert holding is not None
            assert pilot.framing in holding.framings


Origins.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestOrigins = Origins.TestCase
