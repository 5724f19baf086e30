"""Where the site's ideas came from, recorded through the service layer for the browser tests:
two stories (one for the community, one for the team), and a workshop facilitated by the member
with a principle drawn from both, a framing question, and ideas, two of them merged, so every
part of a workshop's page has something to show."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.origins.commands import (
    CreateWorkshop,
    MergeIdeas,
    RecordFraming,
    RecordIdea,
    RecordPrinciple,
    RecordStory,
)
from domain.service import Pilots

HOW_MIGHT_WE = "How might we foster purposeful groups that develop connections and confidence?"


def record_origins(pilots: Pilots, lead: UUID, member: UUID) -> dict[str, str]:
    def made(command: object, who: UUID, role: str, field: str = "") -> UUID:
        """The id of what the command made: the record, or the output named by `field`."""
        receipt = pilots.execute(command, who, role=role)  # type: ignore[arg-type]
        found: UUID = getattr(receipt.events[-1], field) if field else receipt.record.id
        return found

    told = RecordStory(
        text="At the library café the same six people met every week and started to bring "
        "friends.",
        consent="community", title="The library café", told_by=member, themes=("groups",),
    )  # fmt: skip
    story = made(told, member, "member")
    kept = RecordStory(text="Why I nearly stopped coming.", consent="team", title="Nearly")
    team_story = made(kept, member, "member")
    held = CreateWorkshop(title="Spring co-creation", held_on=date(2026, 3, 12),
                          facilitators=(member,))  # fmt: skip
    workshop = made(held, lead, "lead")
    drawn = RecordPrinciple(workshop, text="Start from what is already great",
                            stories=(story, team_story))  # fmt: skip
    principle = made(drawn, member, "member", "principle_id")
    asked = RecordFraming(workshop, text=HOW_MIGHT_WE, principles=(principle,))
    framing = made(asked, member, "member", "framing_id")
    ideas = [
        made(RecordIdea(workshop, text=text, principles=(principle,), framing=framing),
             member, "member", "idea_id")
        for text in ("Story circles online", "Story circles in small rooms", "Walking groups")
    ]  # fmt: skip
    merged = MergeIdeas(workshop, ideas=ideas[:2], text="Story circles", rationale="One idea")
    made(merged, member, "member", "idea_id")
    return {"workshop_id": str(workshop), "workshop_story_id": str(story)}
