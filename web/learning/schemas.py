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
    """`snippet` is plain text; `pieces` is the same text split where the words matched."""

    pilot_id: UUID
    kind: str
    snippet: str
    pieces: list[SnippetPieceRead]
    pilot_title: str


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
