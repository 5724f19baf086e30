"""What stories and workshops hold. Mutable, because events evolve them on every replay.

Snapshots store these classes by their module and name: move or rename one only with
`register_topic` for its old topic, as `domain/pilot/state.py` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID


@dataclass
class Telling:
    """A story's words as they now stand: its text, its title and the name of a teller without
    an account. All three are withdrawable, sealed under the story's own key, and read as None
    once the story is withdrawn."""

    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("text", "title", "told_by_name")

    story_id: UUID
    text: str | None
    title: str | None
    told_by_name: str | None

    def withdrawable_key(self) -> UUID:
        return self.story_id


@dataclass
class Statement:
    """What a workshop produced: a principle, a framing question or an idea, each a statement
    that names what it draws on. It is revised whole, and counts its revisions.

    `revisions` is the last field given but not the last field stored: the state of each kind
    is stored by its fields' names, so a snapshot reads back whatever their order."""

    id: UUID
    text: str
    revisions: int = field(default=0, kw_only=True)

    def revise(self, text: str, **links: object) -> None:
        """Takes a new version, whole: its text and each of its links (by their field)."""
        self.text = text
        for name, linked in links.items():
            setattr(self, name, linked)
        self.revisions += 1


@dataclass
class Principle(Statement):
    """A principle a workshop drew from stories (their ids)."""

    stories: tuple[UUID, ...]


@dataclass
class Framing(Statement):
    """A framing question ("how might we ..."), drawn from principles of its workshop."""

    principles: tuple[UUID, ...]


@dataclass
class Idea(Statement):
    """An idea to try: drawn from principles, serving one framing question, perhaps given rise
    to by a pilot's adapt decision (`from_pilot`). Where it came from and where it went stay
    with it: the ideas merged into it, or the idea it was split from; and the idea it was merged
    into, or the ideas it was split into, once it is superseded."""

    principles: tuple[UUID, ...]
    framing: UUID | None
    from_pilot: UUID | None = None
    merged_from: tuple[UUID, ...] = ()
    split_from: UUID | None = None
    merged_into: UUID | None = None
    split_into: tuple[UUID, ...] = ()

    @property
    def superseded(self) -> bool:
        """Merged into another idea, or split into others: it takes no more changes."""
        return self.merged_into is not None or bool(self.split_into)


@dataclass(frozen=True, slots=True)
class IdeaPart:
    """One of the ideas an idea is split into, as `IdeaSplit` records it: its id, text and the
    part of the original's links it keeps."""

    idea_id: UUID
    text: str
    principles: tuple[UUID, ...]
    framing: UUID | None
