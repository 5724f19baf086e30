"""The handlers of a workshop's facilitators, principles and framing questions. A principle is
drawn from stories (that they exist, and may be read by the sender, the application service
checks across the stories' streams); a framing question draws on principles of its workshop.
Each is revised whole, with a rationale, and must change."""

from __future__ import annotations

from domain import rules
from domain.errors import RuleViolated
from domain.origins import events
from domain.origins.commands import (
    AddFacilitator,
    RecordFraming,
    RecordPrinciple,
    ReviseFraming,
    RevisePrinciple,
)
from domain.origins.workshop import FACILITATORS_MAX, Workshop, handle, statement
from domain.records import By, derived_id


@handle.register
def _add_facilitator(c: AddFacilitator, workshop: Workshop, by: By) -> None:
    workshop.require_lead(by)
    if c.user in workshop.facilitators:
        raise RuleViolated("that person already facilitates this workshop")
    if len(workshop.facilitators) >= FACILITATORS_MAX:
        raise RuleViolated(f"a workshop has at most {FACILITATORS_MAX} facilitators")
    workshop.record(events.FacilitatorAdded, by, user=c.user)


@handle.register
def _record_principle(c: RecordPrinciple, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    text, stories = statement("text", c.text), rules.ids("stories", c.stories)
    workshop.require_room(workshop.principles, "principles")
    workshop.record(
        events.PrincipleRecorded, by,
        principle_id=derived_id(by.submission, "principle"), text=text, stories=stories,
    )  # fmt: skip


@handle.register
def _revise_principle(c: RevisePrinciple, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    principle = workshop.principle(c.principle_id)
    text, stories = statement("text", c.text), rules.ids("stories", c.stories)
    rationale = rules.text("rationale", c.rationale)
    rules.must_change("principle", (text, stories) == (principle.text, principle.stories))
    workshop.record(
        events.PrincipleRevised, by,
        principle_id=principle.id, text=text, stories=stories, rationale=rationale,
    )  # fmt: skip


@handle.register
def _record_framing(c: RecordFraming, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    text = statement("text", c.text)
    principles = workshop.principle_links("principles", c.principles)
    workshop.require_room(workshop.framings, "framing questions")
    workshop.record(
        events.FramingRecorded, by,
        framing_id=derived_id(by.submission, "framing"), text=text, principles=principles,
    )  # fmt: skip


@handle.register
def _revise_framing(c: ReviseFraming, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    framing = workshop.framing(c.framing_id)
    text = statement("text", c.text)
    principles = workshop.principle_links("principles", c.principles)
    rationale = rules.text("rationale", c.rationale)
    rules.must_change("framing question", (text, principles) == (framing.text, framing.principles))
    workshop.record(
        events.FramingRevised, by,
        framing_id=framing.id, text=text, principles=principles, rationale=rationale,
    )  # fmt: skip
