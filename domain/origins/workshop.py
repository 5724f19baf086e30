"""The Workshop aggregate: one stream of events per workshop, in the same log as the pilots.

A workshop of the co-creation phase turns stories into principles, framing questions ("how might
we ...") and ideas to try. Leads and admins record it and name its facilitators; they and the
facilitators record and revise what it produced. Links between its outputs name outputs of the
same workshop: one that names no such output is refused naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import singledispatch
from typing import Any
from uuid import UUID

from domain import rules
from domain.errors import InvalidEntry, NotPermitted, RuleViolated
from domain.origins import events
from domain.origins.access import PROGRAMME_TEAM, STORY_WRITERS
from domain.origins.commands import CreateWorkshop, WorkshopCommand
from domain.origins.state import Framing, Idea, Principle
from domain.records import BaseRecord, By

STATEMENT_MAX = 2_000  # a principle, a framing question or an idea: a statement, not an essay
FACILITATORS_MAX = 30
OUTPUTS_MAX = 500  # principles, framing questions or ideas of one workshop, each
PARTS_MAX = 10  # ideas one split makes
MERGED_MAX = 20  # ideas one merge takes


class Workshop(BaseRecord):
    TOPIC = "origins:Workshop"
    KIND = "workshop"

    # The library looks for these two on the aggregate; every event is in `events`.
    Event = events.Event
    Created = events.Created

    def __init__(
        self, title: str, held_on: date, facilitators: tuple[UUID, ...], actor: UUID
    ) -> None:
        """The state a `WorkshopCreated` event starts the workshop with."""
        self.title, self.held_on, self.facilitators = title, held_on, facilitators
        self.created_by = actor
        self.principles: dict[UUID, Principle] = {}
        self.framings: dict[UUID, Framing] = {}
        self.ideas: dict[UUID, Idea] = {}
        self.submissions: list[str] = []

    # -- commands ---------------------------------------------------------------------------------

    @classmethod
    def new(cls, command: CreateWorkshop, by: By) -> Workshop:
        """A workshop that was held. Its id is derived from the submission, so a resubmitted
        form finds its workshop instead of recording a twin."""
        if by.role not in PROGRAMME_TEAM:
            raise NotPermitted("only a lead or an admin may record a workshop")
        return cls._made(
            events.WorkshopCreated,
            by,
            title=rules.text("title", command.title, limit=rules.TITLE_MAX),
            held_on=rules.day("held_on", command.held_on),
            facilitators=rules.ids("facilitators", command.facilitators, high=FACILITATORS_MAX),
        )

    def execute(self, command: WorkshopCommand, by: By) -> None:
        handle(command, self, by)

    # -- queries ----------------------------------------------------------------------------------

    def principle(self, principle_id: UUID) -> Principle:
        return self.found(self.principles, principle_id, "this workshop has no such principle")

    def framing(self, framing_id: UUID) -> Framing:
        return self.found(self.framings, framing_id, "this workshop has no such framing question")

    def idea(self, idea_id: UUID) -> Idea:
        return self.found(self.ideas, idea_id, "this workshop has no such idea")

    # -- guards -----------------------------------------------------------------------------------

    def require_writer(self, by: By) -> None:
        """A lead or an admin, or a facilitator of the workshop who is not only a reader."""
        if by.role in PROGRAMME_TEAM:
            return
        if by.actor in self.facilitators and by.role in STORY_WRITERS:
            return
        raise NotPermitted(
            "only a lead, an admin or a facilitator of the workshop may record what it produced"
        )

    def require_lead(self, by: By) -> None:
        if by.role not in PROGRAMME_TEAM:
            raise NotPermitted("only a lead or an admin may name a workshop's facilitators")

    def require_room(self, outputs: Mapping[UUID, Any], what: str, more: int = 1) -> None:
        if len(outputs) + more > OUTPUTS_MAX:
            raise RuleViolated(f"a workshop holds at most {OUTPUTS_MAX} {what}")

    def live_idea(self, idea_id: UUID, doing: str) -> Idea:
        """An idea that was neither merged nor split: a superseded one takes no more changes."""
        idea = self.idea(idea_id)
        if idea.merged_into is not None:
            raise RuleViolated(f"cannot {doing} an idea merged into another ({idea.merged_into})")
        if idea.split_into:
            raise RuleViolated(f"cannot {doing} an idea that was split into others")
        return idea

    # -- links within the workshop ----------------------------------------------------------------

    def principle_links(self, field: str, given: Iterable[UUID]) -> tuple[UUID, ...]:
        found = rules.ids(field, given)
        for principle_id in found:
            if principle_id not in self.principles:
                raise InvalidEntry(field, f"names no principle of this workshop: {principle_id}")
        return found

    def framing_link(self, field: str, given: UUID | None) -> UUID | None:
        if given is not None and given not in self.framings:
            raise InvalidEntry(field, f"names no framing question of this workshop: {given}")
        return given


def statement(field: str, value: str) -> str:
    return rules.text(field, value, limit=STATEMENT_MAX)


@singledispatch
def handle(command: WorkshopCommand, workshop: Workshop, by: By) -> None:
    """Runs a command on a workshop; each command type registers its handler."""
    raise TypeError(f"no handler for {type(command).__name__}")
