"""The handlers of a workshop's ideas: recorded, revised whole with a rationale, merged and split.

An idea draws on principles of its workshop and serves at most one of its framing questions.
Merging makes a new idea that keeps every principle of the ideas merged, and their framing
question; splitting makes new ideas that each keep a part of the original's links. The ideas
merged, or split, are superseded: they stay, naming what they became, and take no more changes.
That the pilot named by `from_pilot` exists and decided to adapt, the application service
checks across the pilots' streams.
"""

from __future__ import annotations

from uuid import UUID

from domain import rules
from domain.errors import InvalidEntry, RuleViolated
from domain.origins import events
from domain.origins.commands import MergeIdeas, RecordIdea, ReviseWorkshopIdea, SplitIdea
from domain.origins.state import Idea, IdeaPart
from domain.origins.workshop import MERGED_MAX, PARTS_MAX, Workshop, handle, statement
from domain.records import By, derived_id


@handle.register
def _record(c: RecordIdea, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    text = statement("text", c.text)
    principles = workshop.principle_links("principles", c.principles)
    framing = workshop.framing_link("framing", c.framing)
    workshop.require_room(workshop.ideas, "ideas")
    workshop.record(
        events.IdeaRecorded, by,
        idea_id=derived_id(by.submission, "idea"), text=text, principles=principles,
        framing=framing, from_pilot=c.from_pilot,
    )  # fmt: skip


@handle.register
def _revise(c: ReviseWorkshopIdea, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    idea = workshop.live_idea(c.idea_id, "revise")
    text = statement("text", c.text)
    principles = workshop.principle_links("principles", c.principles)
    framing = workshop.framing_link("framing", c.framing)
    rationale = rules.text("rationale", c.rationale)
    rules.must_change(
        "idea", (text, principles, framing) == (idea.text, idea.principles, idea.framing)
    )
    workshop.record(
        events.WorkshopIdeaRevised, by,
        idea_id=idea.id, text=text, principles=principles, framing=framing, rationale=rationale,
    )  # fmt: skip


@handle.register
def _merge(c: MergeIdeas, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    merged = [_named(workshop, "ideas", idea_id) for idea_id in
              rules.ids("ideas", c.ideas, high=MERGED_MAX)]  # fmt: skip
    if len(merged) < 2:
        raise InvalidEntry("ideas", "name two or more ideas of this workshop to merge")
    text, rationale = statement("text", c.text), rules.text("rationale", c.rationale)
    principles = tuple(dict.fromkeys(p for idea in merged for p in idea.principles))
    if len(principles) > rules.LINKS_MAX:
        raise RuleViolated(
            f"the merged idea would draw on {len(principles)} principles; at most "
            f"{rules.LINKS_MAX}: revise the ideas first"
        )
    workshop.require_room(workshop.ideas, "ideas")
    workshop.record(
        events.IdeasMerged, by,
        idea_id=derived_id(by.submission, "idea"), merged=tuple(idea.id for idea in merged),
        text=text, principles=principles, framing=_framing_of(merged, c.framing),
        rationale=rationale,
    )  # fmt: skip


@handle.register
def _split(c: SplitIdea, workshop: Workshop, by: By) -> None:
    workshop.require_writer(by)
    idea = workshop.live_idea(c.idea_id, "split")
    rationale = rules.text("rationale", c.rationale)
    if not 2 <= len(c.parts) <= PARTS_MAX:
        raise InvalidEntry("parts", f"needs between 2 and {PARTS_MAX} ideas, not {len(c.parts)}")
    parts: list[IdeaPart] = []
    for i, part in enumerate(c.parts):
        text = statement(f"parts[{i}].text", part.text)
        if any(rules.same_words(text, earlier.text) for earlier in parts):
            raise InvalidEntry(f"parts[{i}].text", "repeats an earlier part")
        principles = rules.ids(f"parts[{i}].principles", part.principles)
        kept = [p for p in principles if p not in idea.principles]
        if kept:
            raise InvalidEntry(
                f"parts[{i}].principles", f"keeps only principles of the idea split: {kept[0]}"
            )
        if part.framing not in (None, idea.framing):
            raise InvalidEntry(
                f"parts[{i}].framing", "must be the framing question of the idea split, or none"
            )
        part_id = derived_id(by.submission, f"idea/{i}")
        parts.append(IdeaPart(part_id, text, principles, part.framing))
    workshop.require_room(workshop.ideas, "ideas", more=len(parts))
    workshop.record(events.IdeaSplit, by, idea_id=idea.id, parts=tuple(parts), rationale=rationale)


def _named(workshop: Workshop, field: str, idea_id: UUID) -> Idea:
    """An idea the body names: one not in the workshop is refused naming the field; one merged
    or split already takes no more changes."""
    if idea_id not in workshop.ideas:
        raise InvalidEntry(field, f"names no idea of this workshop: {idea_id}")
    return workshop.live_idea(idea_id, "merge")


def _framing_of(merged: list[Idea], chosen: UUID | None) -> UUID | None:
    """The framing question the merged idea serves: theirs, or the one of theirs chosen."""
    theirs = list(dict.fromkeys(idea.framing for idea in merged if idea.framing is not None))
    if chosen is not None:
        if chosen not in theirs:
            raise InvalidEntry("framing", "must be the framing question of one of the ideas")
        return chosen
    if len(theirs) > 1:
        raise InvalidEntry(
            "framing",
            "the ideas serve different framing questions: say which the merged one serves",
        )
    return theirs[0] if theirs else None
