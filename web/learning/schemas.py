"""What the API gives about learning across pilots."""

from __future__ import annotations

from uuid import UUID

import msgspec

from projections.learning.summary import InsightNote, OpenQuestion, Surprise
from web.question_sets.schemas import QuestionItem


class QuestionPage(msgspec.Struct):
    items: list[QuestionItem]
    next: str | None


class MethodCheckRead(msgspec.Struct):
    """`check` is the check's stable name; `ok` whether the pilot's record keeps to it."""

    check: str
    label: str
    ok: bool
    prompt: str


class MethodChecksRead(msgspec.Struct):
    checks: list[MethodCheckRead]


class MethodCheckItem(msgspec.Struct):
    """Of the `applies` pilots the check applies to, it holds in `holds`."""

    check: str
    label: str
    holds: int
    applies: int


class MethodCheckPage(msgspec.Struct):
    items: list[MethodCheckItem]
    next: str | None


class SnippetPieceRead(msgspec.Struct):
    text: str
    match: bool


class SearchItem(msgspec.Struct):
    """An entry found. `record` says what it is in: a `pilot` (`pilot_id` and `pilot_title`
    name it), a `story` or a `workshop` (`pilot_id` is null and `pilot_title` empty);
    `record_id` and `title` name that record, and `href` is the page that shows the entry.
    `kind` says what the entry is: a pilot's `idea`, `reflection`, `learning`, `surprises`,
    `results` or `insight`; a `story`; a workshop's title (`workshop`), `principle`, `framing`
    (a "how might we" question) or `workshop_idea`. `snippet` is plain text; `pieces` is the
    same text split where the words matched."""

    pilot_id: UUID | None
    kind: str
    snippet: str
    pieces: list[SnippetPieceRead]
    pilot_title: str
    record: str
    record_id: UUID
    title: str
    href: str


class SearchPage(msgspec.Struct):
    items: list[SearchItem]
    next: str | None


class OpenQuestionPage(msgspec.Struct):
    items: list[OpenQuestion]
    next: str | None


class InsightPage(msgspec.Struct):
    items: list[InsightNote]
    next: str | None


class SurprisePage(msgspec.Struct):
    items: list[Surprise]
    next: str | None
