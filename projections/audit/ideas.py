"""Every version of a pilot's idea, each with a word-level diff against the one before.

A pure function over the pilot's event list, served as it is: no read model keeps it, and its
Structs are what the API answers. The word
diff also shows auditors what changed in a text between two versions of a pilot (`compare`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec
from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events


class DiffPiece(msgspec.Struct, frozen=True):
    op: Literal["same", "added", "removed"]
    text: str


class IdeaVersion(msgspec.Struct, frozen=True):
    """One version of the idea. `version` is the pilot's version when it took effect, so the
    as-of view can show the whole pilot as it stood then."""

    version: int
    at: datetime
    actor: UUID
    idea: str
    rationale: str
    prompted_by: str
    diff: tuple[DiffPiece, ...]


def idea_history(stored: Sequence[events.Event]) -> list[IdeaVersion]:
    """The registered idea first, then each revision with its diff and rationale."""
    fold = _Versions()
    take = fold.event  # bound once: see `projections.engine`
    for event in stored:
        take(event)
    return fold.versions


class _Versions:
    def __init__(self) -> None:
        self.versions: list[IdeaVersion] = []

    @singledispatchmethod
    def event(self, event: events.Event) -> None:
        """Other events leave the idea as it was."""

    @event.register
    def _(self, event: events.Registered) -> None:
        self.add(event, (DiffPiece("same", event.idea),), rationale="", prompted_by="")

    @event.register
    def _(self, event: events.IdeaRevised) -> None:
        diff = word_diff(self.versions[-1].idea if self.versions else "", event.idea)
        self.add(event, diff, rationale=event.rationale, prompted_by=event.prompted_by)

    def add(
        self,
        event: events.Registered | events.IdeaRevised,
        diff: tuple[DiffPiece, ...],
        *,
        rationale: str,
        prompted_by: str,
    ) -> None:
        self.versions.append(
            IdeaVersion(
                version=event.originator_version,
                at=event.timestamp,
                actor=event.actor,
                idea=event.idea,
                rationale=rationale,
                prompted_by=prompted_by,
                diff=diff,
            )
        )


# A word and the whitespace after it: words are compared, but the text keeps its own spacing
# and line breaks, so the pieces read as the writer wrote them.
_WORD = re.compile(r"\s*\S+\s*|\s+")


def word_diff(old: str, new: str) -> tuple[DiffPiece, ...]:
    """Pieces whose `same` and `added` texts make up `new`, and whose `same` and `removed`
    texts make up the words of `old`. A replaced run reads as removed, then added."""
    old_tokens, new_tokens = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(
        a=[t.strip() for t in old_tokens], b=[t.strip() for t in new_tokens], autojunk=False
    )
    pieces: list[DiffPiece] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            _add(pieces, "same", new_tokens[b_start:b_end])
            continue
        _add(pieces, "removed", old_tokens[a_start:a_end])
        _add(pieces, "added", new_tokens[b_start:b_end])
    return tuple(pieces)


def _add(
    pieces: list[DiffPiece], op: Literal["same", "added", "removed"], tokens: list[str]
) -> None:
    text = "".join(tokens)
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = DiffPiece(op, pieces[-1].text + text)
        return
    if pieces and not pieces[-1].text[-1].isspace() and not text[0].isspace():
        # Two words would run together where one text ends. Only removed text may take the
        # space: the same and added pieces must still spell the new idea exactly.
        if op == "removed":
            text = " " + text
        elif pieces[-1].op == "removed":
            pieces[-1] = DiffPiece("removed", pieces[-1].text + " ")
    pieces.append(DiffPiece(op, text))
