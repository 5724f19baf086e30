"""The Story aggregate: one stream of events per story, in the same log as the pilots.

A story is told by a member (gathered with appreciative inquiry), with consent for who may read
it, and recorded by whoever sends `RecordStory`: the teller, or someone for them. Its text,
title and the name of a teller without an account are withdrawable; after a withdrawal the story
stays, with its links, and its words read as None.
"""

from __future__ import annotations

from datetime import date
from functools import singledispatch
from uuid import UUID

from domain import rules
from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated
from domain.origins import events
from domain.origins.access import STORY_WRITERS, may_read_story
from domain.origins.commands import RecordStory, StoryCommand
from domain.origins.state import Telling
from domain.records import BaseRecord, By
from domain.values import Consent


class Story(BaseRecord):
    TOPIC = "origins:Story"
    KIND = "story"

    # The library looks for these two on the aggregate; every event is in `events`.
    Event = events.Event
    Created = events.Created

    def __init__(
        self, id: UUID, text: str | None, title: str | None, told_by: UUID | None,
        told_by_name: str | None, consent: Consent, themes: tuple[str, ...], actor: UUID,
    ) -> None:  # fmt: skip
        """The state a `StoryRecorded` event starts the story with."""
        self.telling = Telling(id, text, title, told_by_name)
        self.told_by, self.consent, self.themes = told_by, consent, themes
        self.recorded_by = actor
        self.revisions = 0
        self.withdrawn_on: date | None = None
        self.submissions: list[str] = []

    @property
    def text(self) -> str | None:
        return self.telling.text

    @property
    def title(self) -> str | None:
        return self.telling.title

    @property
    def told_by_name(self) -> str | None:
        return self.telling.told_by_name

    # -- commands ---------------------------------------------------------------------------------

    @classmethod
    def new(cls, command: RecordStory, by: By) -> Story:
        """A new story, recorded by the sender. Its id is derived from the submission, so a
        resubmitted form finds its story instead of recording a twin."""
        if by.role not in STORY_WRITERS:
            raise NotPermitted("only members, leads and admins may record a story")
        told_by_name = rules.optional_text("told_by_name", command.told_by_name,
                                           limit=rules.TITLE_MAX)  # fmt: skip
        if command.told_by is not None and told_by_name:
            raise InvalidEntry("told_by", "give an account or a name, not both")
        return cls._made(
            events.StoryRecorded,
            by,
            text=rules.text("text", command.text),
            title=rules.optional_text("title", command.title, limit=rules.TITLE_MAX),
            told_by=command.told_by,
            told_by_name=told_by_name,
            consent=rules.choice("consent", command.consent, Consent),
            themes=rules.themes(command.themes),
        )

    def execute(self, command: StoryCommand, by: By) -> None:
        handle(command, self, by)

    # -- guards -----------------------------------------------------------------------------------

    def require_teller_or_recorder(self, by: By, doing: str) -> None:
        """Only the story's teller (an account) or whoever recorded it may `doing` it; to
        someone who may not even read it, the story does not exist."""
        if not may_read_story(self, by.actor, by.role):
            raise NotFound("no such story")
        if by.actor not in (self.told_by, self.recorded_by):
            raise NotPermitted(f"only the story's teller or whoever recorded it may {doing} it")
        if self.withdrawn_on is not None:
            raise RuleViolated(f"the story was withdrawn on {self.withdrawn_on}")


@singledispatch
def handle(command: StoryCommand, story: Story, by: By) -> None:
    """Runs a command on a story; each command type registers its handler."""
    raise TypeError(f"no handler for {type(command).__name__}")
