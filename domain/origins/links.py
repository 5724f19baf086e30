"""Links that cross from one record to another, checked by the application service once the
command has passed the rules of its own record, and before anything is saved: a principle's
stories, an idea's `from_pilot`, and a pilot's idea and framing question.

A link names a record by id in the command's body: one that names nothing (or a story the
sender may not read, which to them does not exist) is refused naming the field (400). A record
that exists but may not be linked now (a withdrawn story, an idea already merged or split, a
pilot that never decided to adapt) is a broken rule (409).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from domain.errors import InvalidEntry, NotFound, RuleViolated
from domain.origins.access import may_read_story
from domain.origins.commands import RecordIdea, RecordPrinciple, RevisePrinciple
from domain.pilot.commands import Command, RegisterPilot
from domain.records import By
from domain.values import Decision

if TYPE_CHECKING:
    from domain.origins.story import Story
    from domain.origins.workshop import Workshop
    from domain.pilot import Pilot


class Records(Protocol):
    """What the checks read: the application service."""

    def story(self, story_id: UUID) -> Story: ...

    def pilot(self, pilot_id: UUID, *, version: int | None = None) -> Pilot: ...

    def workshop(self, workshop_id: UUID, *, version: int | None = None) -> Workshop: ...

    def workshop_holding(self, output_id: UUID) -> Workshop | None: ...


@singledispatch
def check(command: Command, record: object, records: Records, by: By) -> None:
    """Checks the links `command` makes beyond `record`, the record it was run on, which holds
    the command's event already (or the new record, for a command that makes one); most
    commands make none."""


@check.register(RecordPrinciple)
def _(c: RecordPrinciple, _: object, records: Records, by: By) -> None:
    stories(records, "stories", c.stories, by)


@check.register(RevisePrinciple)
def _(c: RevisePrinciple, workshop: Workshop, records: Records, by: By) -> None:
    # A story the principle already draws on stays, even one withdrawn since. The workshop
    # has taken the revision already, so the stories it had are those of the version before.
    before = records.workshop(workshop.id, version=workshop.version - 1)
    had = before.principles[c.principle_id].stories
    stories(records, "stories", (s for s in c.stories if s not in had), by)


@check.register(RecordIdea)
def _(c: RecordIdea, _: object, records: Records, by: By) -> None:
    if c.from_pilot is None:
        return
    try:
        pilot = records.pilot(c.from_pilot)
    except NotFound:
        raise InvalidEntry("from_pilot", f"names no pilot: {c.from_pilot}") from None
    if all(cycle.decision != Decision.ADAPT for cycle in pilot.cycles.values()):
        raise RuleViolated("from_pilot: that pilot has not decided to adapt in any cycle")


@check.register(RegisterPilot)
def _(c: RegisterPilot, _: object, records: Records, by: By) -> None:
    serves: UUID | None = None
    if c.tests_idea is not None:
        workshop = records.workshop_holding(c.tests_idea)
        if workshop is None or c.tests_idea not in workshop.ideas:
            raise InvalidEntry("tests_idea", f"names no idea of any workshop: {c.tests_idea}")
        idea = workshop.ideas[c.tests_idea]
        if idea.superseded:
            raise RuleViolated(
                "tests_idea: that idea was merged or split since; test an idea it became"
            )
        serves = idea.framing
    if c.framing is not None:
        workshop = records.workshop_holding(c.framing)
        if workshop is None or c.framing not in workshop.framings:
            raise InvalidEntry("framing", f"names no framing question of any workshop: {c.framing}")
        if serves not in (None, c.framing):
            raise InvalidEntry("framing", "the idea tested serves another framing question")


def stories(records: Records, field: str, given: Iterable[UUID], by: By) -> None:
    for story_id in dict.fromkeys(given):
        try:
            story = records.story(story_id)
        except NotFound:
            story = None
        if story is None or not may_read_story(story, by.actor, by.role):
            raise InvalidEntry(field, f"names no story: {story_id}")
        if story.withdrawn_on is not None:
            raise RuleViolated(f"{field}: the story {story_id} was withdrawn")
