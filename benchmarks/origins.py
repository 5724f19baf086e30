"""Where a generated programme's ideas came from: stories, workshops with their principles,
framing questions and ideas, and which idea each pilot tests (`dataset.py` saves them).

About one story for every two pilots (four in five for the community, the rest for the team
only; a few withdrawn halfway through the programme, after principles drew on them) and one
workshop for every fifty pilots: eight principles drawn from its share of the stories, three
framing questions drawn from the principles, twelve ideas drawn from principles and each serving
a question, and now and then two ideas merged into one. Most pilots test a live idea and serve
its question; a few serve a question alone, and a few name neither.

Records are built in memory through the aggregates' own commands, and every link is checked by
the rules the application service applies (`domain.origins.links`), against the records made
here. Every draw comes from a stream seeded apart from the pilots', so the pilots' own events
are the same draw for draw as in a programme without origins.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from itertools import count
from uuid import UUID

from domain.errors import NotFound
from domain.origins import Story, Workshop, links
from domain.origins.commands import (
    CreateWorkshop,
    MergeIdeas,
    RecordFraming,
    RecordIdea,
    RecordPrinciple,
    RecordStory,
    WithdrawStory,
    WorkshopCommand,
)
from domain.pilot import By, Pilot
from domain.pilot.commands import RegisterPilot
from domain.values import AccountRole

PILOTS_PER_STORY = 2
PILOTS_PER_WORKSHOP = 50
PRINCIPLES, FRAMINGS, IDEAS = 8, 3, 12
WITHDRAWN_SHARE = 0.03
THEMES = ("loneliness", "walks", "food", "digital", "carers", "youth", "housing", "art")
FIRST_WORKSHOP = date(2024, 11, 4)
# Workshops are held three days apart in the nine weeks before the programme starts
# (`dataset.START`, 6 January 2025), so none is in the future on the generator's clock; a
# programme of more than 21 workshops (`huge` has 200) goes round those weeks again.
WORKSHOP_WEEKS_DAYS = 63


class Origins:
    """The stories and workshops of a programme of `pilots` pilots, made from `seed`; the
    records the link rules read (`links.Records`), and the ties pilots make to them."""

    def __init__(self, seed: int, pilots: int) -> None:
        self.rng = random.Random(f"{seed}/origins")  # noqa: S311 - test data, not secrets
        self.stories: dict[UUID, Story] = {}
        self.workshops: dict[UUID, Workshop] = {}
        self.tellers: dict[UUID, UUID] = {}
        self.lead = self._person()
        self._submissions = (f"bench/origins/{n}" for n in count())
        for n in range(max(1, pilots // PILOTS_PER_STORY)):
            self._story(n)
        told = list(self.stories)
        workshops = max(1, pilots // PILOTS_PER_WORKSHOP)
        for w in range(workshops):
            self._workshop(w, told[w::workshops] or told)
        self.live = [(idea.id, idea.framing) for workshop in self.workshops.values()
                     for idea in workshop.ideas.values() if not idea.superseded]  # fmt: skip

    # -- what the generator saves -----------------------------------------------------------------

    def records(self) -> list[Story | Workshop]:
        return [*self.stories.values(), *self.workshops.values()]

    def withdraw_some(self) -> list[Story]:
        """A few stories withdrawn by their tellers, principles having drawn on some of them."""
        chosen = [s for s in self.stories.values() if self.rng.random() < WITHDRAWN_SHARE]
        for story in chosen:
            by = By(self.tellers[story.id], next(self._submissions), AccountRole.MEMBER)
            story.execute(WithdrawStory(story.id, reason="I would rather it were not kept."), by)
        return chosen

    def tie(self, registration: RegisterPilot, by: By) -> RegisterPilot:
        """The registration naming the idea the pilot tests and its question, or a question
        alone, or neither; checked as the service checks it."""
        draw = self.rng.random()
        if draw < 0.85:
            idea, framing = self.rng.choice(self.live)
            tied = replace(registration, tests_idea=idea, framing=framing)
        elif draw < 0.92:
            framing = self.rng.choice([f for w in self.workshops.values() for f in w.framings])
            tied = replace(registration, framing=framing)
        else:
            return registration
        links.check(tied, None, self, by)
        return tied

    # -- links.Records ----------------------------------------------------------------------------

    def story(self, story_id: UUID) -> Story:
        try:
            return self.stories[story_id]
        except KeyError:
            raise NotFound("no such story") from None

    def pilot(self, pilot_id: UUID, *, version: int | None = None) -> Pilot:
        raise NotFound("no such pilot")  # no generated idea comes from a pilot

    def workshop(self, workshop_id: UUID, *, version: int | None = None) -> Workshop:
        # Only each workshop's latest version is held. An earlier one is asked for by one check
        # alone, a revised principle's (`links`), and the generator revises no principle.
        if version is not None:
            raise NotImplementedError("the generator holds only each workshop's latest version")
        return self.workshops[workshop_id]

    def workshop_holding(self, output_id: UUID) -> Workshop | None:
        for workshop in self.workshops.values():
            if output_id in workshop.ideas or output_id in workshop.framings:
                return workshop
        return None

    # -- making them ------------------------------------------------------------------------------

    def _person(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128))

    def _story(self, n: int) -> None:
        teller = self._person()
        consent = "community" if self.rng.random() < 0.8 else "team"
        command = RecordStory(
            text=f"Story {n}: the week a neighbour was listened to, and came back to the group "
            "with a friend. We made tea and nobody was in a hurry.",
            consent=consent,
            title=f"Story {n}: {self.rng.choice(THEMES)}",
            told_by=teller,
            themes=self.rng.sample(THEMES, self.rng.randint(1, 2)),
        )
        story = Story.new(command, By(teller, next(self._submissions), AccountRole.MEMBER))
        self.stories[story.id], self.tellers[story.id] = story, teller

    def _workshop(self, w: int, pool: list[UUID]) -> None:
        facilitators = [self._person() for _ in range(2)]
        held_on = FIRST_WORKSHOP + timedelta(days=3 * w % WORKSHOP_WEEKS_DAYS)
        create = CreateWorkshop(title=f"Workshop {w}", held_on=held_on, facilitators=facilitators)
        by = By(self.lead, next(self._submissions), AccountRole.LEAD)
        workshop = Workshop.new(create, by)
        self.workshops[workshop.id] = workshop
        rng, run = self.rng, self._runner(workshop)
        principles = [run(RecordPrinciple(workshop.id, text=f"Principle {w}.{p}: people come "
                                          "back when they are heard",
                                          stories=rng.sample(pool, min(len(pool),
                                                                       rng.randint(1, 3)))))
                      for p in range(PRINCIPLES)]  # fmt: skip
        framings = [run(RecordFraming(workshop.id, text=f"How might we {w}.{f} make groups ours?",
                                      principles=rng.sample(principles, rng.randint(2, 4))))
                    for f in range(FRAMINGS)]  # fmt: skip
        ideas = [run(RecordIdea(workshop.id, text=f"Idea {w}.{i}: short story circles with tea",
                                principles=rng.sample(principles, rng.randint(1, 2)),
                                framing=framings[i % FRAMINGS]))
                 for i in range(IDEAS)]  # fmt: skip
        if w == 0 or rng.random() < 0.5:  # two ideas serving the same question become one
            first = rng.randrange(IDEAS - FRAMINGS)
            run(MergeIdeas(workshop.id, ideas=[ideas[first], ideas[first + FRAMINGS]],
                           text=f"Ideas {w}.{first} and {w}.{first + FRAMINGS}, as one",
                           rationale="The same idea, told twice"))  # fmt: skip

    def _runner(self, workshop: Workshop) -> _Run:
        return _Run(self, workshop, (f"bench/origins/{workshop.id}/{n}" for n in count()))


class _Run:
    """Runs a command on a workshop, checks its links, and gives the id of the output it
    made."""

    def __init__(self, origins: Origins, workshop: Workshop, submissions: Iterator[str]) -> None:
        self.origins, self.workshop, self.submissions = origins, workshop, submissions

    def __call__(self, command: WorkshopCommand) -> UUID:
        # The programme's lead draws the principles, since only the programme team reads every
        # story; a facilitator (a member) records the rest.
        if isinstance(command, RecordPrinciple):
            by = By(self.origins.lead, next(self.submissions), AccountRole.LEAD)
        else:
            by = By(self.workshop.facilitators[0], next(self.submissions), AccountRole.MEMBER)
        self.workshop.execute(command, by)
        links.check(command, self.workshop, self.origins, by)
        made = self.workshop.pending_events[-1]
        found: UUID = next(getattr(made, f) for f in ("principle_id", "framing_id", "idea_id")
                           if hasattr(made, f))  # fmt: skip
        return found
