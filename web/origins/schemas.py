"""What the API takes for stories and workshops, and the references it answers with when it
records something new. Each body refuses unknown fields and bounds every text and list, as the
pilots' do; the domain checks the rest. A revision gives the new version whole: a list it leaves
out is a list emptied."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from domain import rules
from domain.origins.workshop import FACILITATORS_MAX, MERGED_MAX, PARTS_MAX, STATEMENT_MAX
from web.forms import COMMAS
from web.question_sets.schemas import Someone
from web.schemas import SAID, Entry, Input, OptionalTitle, Theme, Title

ConsentName = Literal["team", "community"]
Statement = Annotated[str, msgspec.Meta(max_length=STATEMENT_MAX, extra_json_schema=SAID)]
# A merge takes two ideas or more, and a split makes two or more.
TWO = {"minItems": 2}
Links = Annotated[list[UUID], msgspec.Meta(max_length=rules.LINKS_MAX)]
Themes = Annotated[list[Theme], msgspec.Meta(max_length=rules.THEMES_MAX, extra=COMMAS)]
Account = Annotated[
    str,
    msgspec.Meta(
        max_length=254,
        description="An account's id or email.",
        examples=["fay@example.org"],
    ),
]


class StoryCreate(Input):
    """`consent` is the teller's: `team` (the teller, whoever records it, and the programme
    team: admins and leads) or `community` (every signed-in account). `told_by` is the teller:
    an account's id or email, or the name of someone without an account; left out, the
    teller is whoever records it."""

    text: Entry
    consent: ConsentName
    title: OptionalTitle = ""
    told_by: Someone | None = None
    themes: Themes = []


class StoryUpdate(Input):
    """A story's new version, whole, and why it changed."""

    text: Entry
    rationale: Entry
    title: OptionalTitle = ""
    themes: Themes = []


class WorkshopCreate(Input):
    """`facilitators` are accounts (each an id or an email) who may record and revise what the
    workshop produced, besides leads and admins."""

    title: Title
    held_on: date
    facilitators: Annotated[list[Account], msgspec.Meta(max_length=FACILITATORS_MAX)] = []


class FacilitatorCreate(Input):
    facilitator: Account


class PrincipleCreate(Input):
    """A principle the workshop drew, from stories (their ids)."""

    text: Statement
    stories: Links = []


class PrincipleUpdate(PrincipleCreate, kw_only=True):
    """The principle's new version, whole, and why it changed."""

    rationale: Entry


class FramingCreate(Input):
    """A framing question ("how might we …"), from principles of the workshop."""

    text: Statement
    principles: Links = []


class FramingUpdate(FramingCreate, kw_only=True):
    """The framing question's new version, whole, and why it changed."""

    rationale: Entry


class WorkshopIdeaCreate(Input):
    """An idea to try, from principles of the workshop, serving one of its framing questions;
    `from_pilot` names the pilot whose adapt decision gave rise to it."""

    text: Statement
    principles: Links = []
    framing: UUID | None = None
    from_pilot: UUID | None = None


class WorkshopIdeaUpdate(Input):
    """The idea's new version, whole: without `framing` it serves no framing question."""

    text: Statement
    rationale: Entry
    principles: Links = []
    framing: UUID | None = None


class MergeCreate(Input):
    """Two or more ideas of the workshop become one new idea, which keeps all their principles
    and serves their framing question (`framing` says which, when they serve different ones)."""

    ideas: Annotated[list[UUID], msgspec.Meta(max_length=MERGED_MAX, extra_json_schema=TWO)]
    text: Statement
    rationale: Entry
    framing: UUID | None = None


class PartCreate(Input):
    """One idea a split makes, keeping some of the original's principles, and its framing
    question or none."""

    text: Statement
    principles: Links = []
    framing: UUID | None = None


class SplitCreate(Input):
    parts: Annotated[list[PartCreate], msgspec.Meta(max_length=PARTS_MAX, extra_json_schema=TWO)]
    rationale: Entry


class StoryRef(msgspec.Struct):
    id: UUID


class WorkshopRef(msgspec.Struct):
    id: UUID


class PrincipleRef(msgspec.Struct):
    id: UUID


class FramingRef(msgspec.Struct):
    id: UUID


class WorkshopIdeaRef(msgspec.Struct):
    id: UUID


class SplitRef(msgspec.Struct):
    """The ideas the split made, in the order of the parts given."""

    ids: list[UUID]
