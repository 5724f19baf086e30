"""How each event changes the question ledger's rows, folded over one batch in memory."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from domain.values import QuestionStatus

Key = tuple[str, str]


class LedgerFold:
    """One batch's changes: new rows complete, and updates to rows of earlier batches."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.questions: dict[Key, list[Any]] = {}
        self.statuses: dict[Key, str] = {}
        self.changes: list[tuple[object, ...]] = []
        self.insights: dict[Key, list[Any]] = {}
        self.corrected: dict[Key, str] = {}

    @singledispatchmethod
    def event(self, event: events.Event, pilot: str, position: int) -> None:
        """Other events say nothing about questions."""

    @event.register
    def _(self, event: events.Registered, pilot: str, position: int) -> None:
        self.titles[pilot] = event.title

    @event.register
    def _(self, event: events.EntryCorrected, pilot: str, position: int) -> None:
        """Only a withdrawn reflection's corrections read as None, and the ledger keeps none."""
        if event.text is None:
            return
        kind, _, ref = event.entry.partition(":")
        if event.entry == "title":
            self.titles[pilot] = event.text
        elif kind == "insight":
            key = (pilot, ref)
            if key in self.insights:
                self.insights[key][4] = event.text
            else:
                self.corrected[key] = event.text

    @event.register
    def _(self, event: events.QuestionSetRecorded, pilot: str, position: int) -> None:
        at, actor = event.timestamp.isoformat(), str(event.actor)
        for ordinal, asked in enumerate(event.questions):
            self.questions[(pilot, str(asked.id))] = [
                pilot, str(asked.id), str(event.set_id), event.held_on.isoformat(), at,
                position, ordinal, asked.text, _text_or_none(asked.asker),
                int(asked.looks_closed), QuestionStatus.OPEN.value,
            ]  # fmt: skip
            version = event.originator_version
            self.changes.append((pilot, str(asked.id), version, "open", at, actor))

    @event.register
    def _(self, event: events.QuestionStatusChanged, pilot: str, position: int) -> None:
        key, status = (pilot, str(event.question_id)), str(event.status)
        if key in self.questions:
            self.questions[key][10] = status
        else:
            self.statuses[key] = status
        self.changes.append(
            (*key, event.originator_version, status, event.timestamp.isoformat(), str(event.actor))
        )

    @event.register
    def _(self, event: events.InsightAdded, pilot: str, position: int) -> None:
        self.insights[(pilot, str(event.insight_id))] = [
            pilot, str(event.insight_id), str(event.question_id), position, event.text,
            event.timestamp.isoformat(), str(event.actor),
        ]  # fmt: skip


def _text_or_none(value: UUID | None) -> str | None:
    return None if value is None else str(value)
