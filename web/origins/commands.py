"""The commands to stories and workshops as the web exposes them, each an API route under
`/api/v1/stories/{id}` or `/api/v1/workshops/{id}`, and each also a form on the record's page
(a story's is `web.map.story_page`, a workshop's `web.origins.workshop_page`).
Recording a story or a workshop makes a new record, so those two have routes of their own
(`web.origins.api`, `web.origins.pages`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from adapters.bootstrap import Services
from domain.errors import InvalidEntry
from domain.origins import commands as c
from domain.origins import events
from domain.service import Receipt
from web.commands import Exposed
from web.origins.reads import Readable, StoryRead, WorkshopRead, story_read, workshop_read
from web.origins.schemas import (
    FacilitatorCreate,
    FramingCreate,
    FramingRef,
    FramingUpdate,
    MergeCreate,
    PrincipleCreate,
    PrincipleRef,
    PrincipleUpdate,
    SplitCreate,
    SplitRef,
    StoryUpdate,
    WorkshopIdeaCreate,
    WorkshopIdeaRef,
    WorkshopIdeaUpdate,
)
from web.people import Viewer
from web.reflections.schemas import WithdrawalCreate
from web.writes import Reply, command, reply_from

STORY = "/stories/{story_id:uuid}"
WORKSHOP = "/workshops/{workshop_id:uuid}"


def account(services: Services, field: str, given: str) -> UUID:
    """An account given by its email or its id; a name alone names no account."""
    text = given.strip()
    try:
        found = (
            services.accounts.by_email(text) if "@" in text else services.accounts.by_id(UUID(text))
        )
    except ValueError:
        found = None
    if found is None:
        raise InvalidEntry(field, "is not the email or the id of an account")
    return found.id


# -- answers --------------------------------------------------------------------------------------


def the_story(receipt: Receipt, _: Viewer) -> Reply:
    return Reply(story_read(receipt.story))


def the_workshop(receipt: Receipt, viewer: Viewer) -> Reply:
    workshop = receipt.workshop
    if viewer.records is None or viewer.account is None:
        raise TypeError("a workshop is answered for an account, with the stories it may read")
    readable = Readable(viewer.records, viewer.account, viewer.role)
    return Reply(workshop_read(workshop, readable))


new_principle = reply_from(events.PrincipleRecorded, lambda e: PrincipleRef(e.principle_id))
new_framing = reply_from(events.FramingRecorded, lambda e: FramingRef(e.framing_id))
new_idea = reply_from(events.IdeaRecorded, lambda e: WorkshopIdeaRef(e.idea_id))
merged = reply_from(events.IdeasMerged, lambda e: WorkshopIdeaRef(e.idea_id))
split = reply_from(events.IdeaSplit, lambda e: SplitRef([part.idea_id for part in e.parts]))

# -- commands that need more than their body ------------------------------------------------------


def principle_revision(
    data: PrincipleUpdate, params: dict[str, Any], services: Services, actor: UUID
) -> Any:
    """The revision, keeping the stories the principle draws on that the sender may not read:
    to them those stories do not exist, so they cannot be asked to name them."""
    had = services.pilots.workshop(params["workshop_id"]).principle(params["principle_id"])
    sender = services.accounts.by_id(actor)
    readable = Readable(services.pilots, actor, None if sender is None else sender.role)
    unseen = [story for story in had.stories if readable.story(story) is None]
    return command(c.RevisePrinciple, data, **params, stories=[*data.stories, *unseen])


def facilitator(
    data: FacilitatorCreate, params: dict[str, Any], services: Services, _: UUID
) -> Any:
    user = account(services, "facilitator", data.facilitator)
    return c.AddFacilitator(params["workshop_id"], user=user)


STORY_COMMANDS = [
    Exposed("story-revision", "/revision", c.ReviseStory, StoryUpdate, "story", StoryRead,
            the_story,
            doc="Gives the story a new version, whole, with the reason (its teller or whoever "
            "recorded it; anyone else 403). The earlier version stays in the log."),
    Exposed("story-withdrawal", "/withdraw", c.WithdrawStory, WithdrawalCreate, "story",
            StoryRead, the_story,
            doc="Withdraws a story for good (its teller or whoever recorded it; anyone else "
            "403): it stays, with its links, with `text`, `title` and `told_by_name` null and "
            "`withdrawn_on` set, and its words become unreadable everywhere, the database "
            "included."),
]  # fmt: skip

PRINCIPLE, FRAMING = "/principles/{principle_id:uuid}", "/framings/{framing_id:uuid}"
IDEA = "/ideas/{idea_id:uuid}"

WORKSHOP_COMMANDS = [
    Exposed("facilitators", "/facilitators", c.AddFacilitator, FacilitatorCreate, "workshop",
            WorkshopRead, the_workshop, build=facilitator, form="facilitator",
            doc="Names another facilitator of the workshop, an account given by its id or "
            "email (leads and admins)."),
    Exposed("principles", "/principles", c.RecordPrinciple, PrincipleCreate, "principles",
            PrincipleRef, new_principle, status=201, form="principle"),
    Exposed("principle-revision", f"{PRINCIPLE}/revision", c.RevisePrinciple, PrincipleUpdate,
            "principles", WorkshopRead, the_workshop, form="revise-{principle_id}",
            build=principle_revision,
            doc="Gives a principle a new version, whole (its text and stories), with the reason. "
            "Stories it draws on that the sender may not read stay linked."),
    Exposed("framings", "/framings", c.RecordFraming, FramingCreate, "framings", FramingRef,
            new_framing, status=201, form="framing"),
    Exposed("framing-revision", f"{FRAMING}/revision", c.ReviseFraming, FramingUpdate,
            "framings", WorkshopRead, the_workshop, form="revise-{framing_id}",
            doc="Gives a framing question a new version, whole (its text and principles), with "
            "the reason."),
    Exposed("ideas", "/ideas", c.RecordIdea, WorkshopIdeaCreate, "ideas", WorkshopIdeaRef,
            new_idea, status=201, form="idea"),
    Exposed("idea-revision", f"{IDEA}/revision", c.ReviseWorkshopIdea, WorkshopIdeaUpdate,
            "ideas", WorkshopRead, the_workshop, form="revise-{idea_id}"),
    Exposed("merge", "/ideas/merge", c.MergeIdeas, MergeCreate, "ideas", WorkshopIdeaRef, merged,
            status=201, form="merge"),
    Exposed("split", f"{IDEA}/split", c.SplitIdea, SplitCreate, "ideas", SplitRef, split,
            status=201, form="split-{idea_id}",
            doc="Splits an idea of the workshop into two or more new ones, each keeping a part "
            "of its principles, and its framing question or none; `ids` are the new ideas."),
]  # fmt: skip
