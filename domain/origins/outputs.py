"""The handlers of a workshop's facilitators, principles and framing questions. A principle is
drawn from stories (that they exist, and may be read by the sender, the application service
checks across the stories' streams); a framing question draws on principles of its workshop.
Each is revised whole, with a rationale, and must change.

Recording and revising a principle or a framing question is the same rule, written once
(`_record`, `_revise`): the two differ only in the names of their fields, what they link and
how those links are checked, which their `Kind` says."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from uuid import UUID

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
from domain.origins.state import Statement
from domain.origins.workshop import FACILITATORS_MAX, Workshop, handle, statement
from domain.records import By, Recorded, derived_id


@handle.register
def _add_facilitator(c: AddFacilitator, workshop: Workshop, by: By) -> None:
    workshop.require_lead(by)
    if c.user in workshop.facilitators:
        raise RuleViolated("that person already facilitates this workshop")
    if len(workshop.facilitators) >= FACILITATORS_MAX:
        raise RuleViolated(f"a workshop has at most {FACILITATORS_MAX} facilitators")
    workshop.record(events.FacilitatorAdded, by, user=c.user)


@dataclass(frozen=True)
class Kind:
    """A kind of statement with links. Its fields are named alike in its commands, its events
    and its state: its id's field is `name` and `_id` (`name` also stems the id a submission
    derives), and `links` is the field of what it draws on, which `linked` checks. `called`
    names it to people; `held` and `find` give the workshop's statements of the kind and one of
    them; `recorded` and `revised` are its events."""

    name: str
    called: str
    links: str
    linked: Callable[[Workshop, str, Iterable[UUID]], tuple[UUID, ...]]
    held: Callable[[Workshop], Mapping[UUID, Statement]]
    find: Callable[[Workshop, UUID], Statement]
    recorded: type[Recorded]
    revised: type[Recorded]


def _stories(_: Workshop, field: str, given: Iterable[UUID]) -> tuple[UUID, ...]:
    """Only ids here: the stories are streams of their own, which the service reads."""
    return rules.ids(field, given)


PRINCIPLE = Kind("principle", "principle", "stories", _stories, attrgetter("principles"),
                 Workshop.principle, events.PrincipleRecorded, events.PrincipleRevised)  # fmt: skip
FRAMING = Kind("framing", "framing question", "principles", Workshop.principle_links,
               attrgetter("framings"), Workshop.framing, events.FramingRecorded,
               events.FramingRevised)  # fmt: skip
KINDS: dict[type, Kind] = {
    RecordPrinciple: PRINCIPLE, RevisePrinciple: PRINCIPLE,
    RecordFraming: FRAMING, ReviseFraming: FRAMING,
}  # fmt: skip


@handle.register
def _record(c: RecordPrinciple | RecordFraming, workshop: Workshop, by: By) -> None:
    kind = KINDS[type(c)]
    workshop.require_writer(by)
    text = statement("text", c.text)
    linked = kind.linked(workshop, kind.links, getattr(c, kind.links))
    workshop.require_room(kind.held(workshop), f"{kind.called}s")
    key = derived_id(by.submission, kind.name)
    workshop.record(kind.recorded, by, **{f"{kind.name}_id": key, "text": text, kind.links: linked})


@handle.register
def _revise(c: RevisePrinciple | ReviseFraming, workshop: Workshop, by: By) -> None:
    kind = KINDS[type(c)]
    workshop.require_writer(by)
    held = kind.find(workshop, getattr(c, f"{kind.name}_id"))
    text = statement("text", c.text)
    linked = kind.linked(workshop, kind.links, getattr(c, kind.links))
    rationale = rules.text("rationale", c.rationale)
    rules.must_change(kind.called, (text, linked) == (held.text, getattr(held, kind.links)))
    workshop.record(
        kind.revised, by,
        **{f"{kind.name}_id": held.id, "text": text, kind.links: linked, "rationale": rationale},
    )  # fmt: skip
