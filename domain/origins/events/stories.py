"""A story: recorded with its teller's consent, revised, withdrawn.

Its text, its title and the name of a teller without an account are withdrawable: storage keeps
them sealed under the story's own key (its id), so a withdrawal leaves every stored copy
unreadable, and they read back as None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from domain.origins.events.base import Created, Event
from domain.values import Consent

if TYPE_CHECKING:
    from domain.origins.story import Story


class StoryRecorded(Created):
    """The story's first event; `Story.__init__` takes its fields. The actor recorded it;
    `told_by` is the teller's account, or None for a teller named by `told_by_name`."""

    TOPIC = "origins:StoryRecorded"
    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("text", "title", "told_by_name")
    text: str | None
    title: str | None
    told_by: UUID | None
    told_by_name: str | None
    consent: Consent
    themes: tuple[str, ...]

    def withdrawable_key(self) -> UUID:
        return self.originator_id


class StoryRevised(Event):
    """A new version of the story, whole: its text, title and themes, and why it changed."""

    TOPIC = "origins:StoryRevised"
    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("text", "title")
    text: str | None
    title: str | None
    themes: tuple[str, ...]
    rationale: str

    def withdrawable_key(self) -> UUID:
        return self.originator_id

    def evolve(self, story: Story) -> None:
        story.telling.text, story.telling.title = self.text, self.title
        story.themes = self.themes
        story.revisions += 1


class StoryWithdrawn(Event):
    """The teller, or whoever recorded it, withdrew the story: its words are gone for good, in
    every version; the story stays, with its links, as a withdrawn story."""

    TOPIC = "origins:StoryWithdrawn"
    reason: str

    def withdraws(self) -> UUID:
        """The entry whose key storage must delete once this event is recorded."""
        return self.originator_id

    def evolve(self, story: Story) -> None:
        story.telling.text = story.telling.title = story.telling.told_by_name = None
        story.withdrawn_on = self.timestamp.date()
