"""How each event changes the learning summary's rows, in one place for both of its folds.

An event becomes a few row changes: `Insert` a whole row, or `Update` some fields of one row,
handed in order to `change`. The fold over the log (`from_log.LearningFold`) applies them to
dictionaries and the read model (`model`) to one batch's statements; both inherit these
handlers, so the two read the log the same way and cannot drift apart.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from projections.learning.rows import (
    SETTLED,
    Change,
    CycleRow,
    IdeaRow,
    Insert,
    InsightRow,
    PilotRow,
    QuestionRow,
    Update,
)


class RowChanges(ABC):
    @abstractmethod
    def change(self, change: Change) -> None:
        """Applies one change to the rows."""

    @singledispatchmethod  # noqa: B027 (the default for most events, not a hook to fill in)
    def event(self, event: events.Event) -> None:
        """Most events change nothing the summary reads."""

    @event.register
    def _(self, event: events.Registered) -> None:
        pilot, at = event.originator_id, event.timestamp
        self.change(Insert(PilotRow(pilot, event.title, tuple(event.themes), at)))
        self.change(Insert(IdeaRow(pilot, event.originator_version, at, event.idea)))

    @event.register
    def _(self, event: events.IdeaRevised) -> None:
        row = IdeaRow(event.originator_id, event.originator_version, event.timestamp, event.idea)
        self.change(Insert(row))

    @event.register
    def _(self, event: events.CyclePlanned) -> None:
        pilot, version = event.originator_id, event.originator_version
        self.change(Insert(CycleRow(pilot, event.number, version, event.timestamp)))

    @event.register
    def _(self, event: events.StudyRecorded) -> None:
        fields = {"studied_at": event.timestamp, "learning": event.learning,
                  "surprises": event.surprises}  # fmt: skip
        self.change(Update(CycleRow, (event.originator_id, event.number), fields))

    @event.register
    def _(self, event: events.CycleDecided) -> None:
        fields = {"decided_at": event.timestamp, "decision": str(event.decision)}
        self.change(Update(CycleRow, (event.originator_id, event.number), fields))

    @event.register
    def _(self, event: events.QuestionSetRecorded) -> None:
        pilot, at = event.originator_id, event.timestamp
        for q in event.questions:
            self.change(Insert(QuestionRow(pilot, q.id, q.text, event.held_on, at)))

    @event.register
    def _(self, event: events.QuestionStatusChanged) -> None:
        status = str(event.status)
        settled_at = event.timestamp if status in SETTLED else None
        fields = {"status": status, "settled_at": settled_at}
        self.change(Update(QuestionRow, (event.originator_id, event.question_id), fields))

    @event.register
    def _(self, event: events.InsightAdded) -> None:
        pilot = event.originator_id
        row = InsightRow(pilot, event.insight_id, event.question_id, event.text, event.timestamp)
        self.change(Insert(row))

    @event.register
    def _(self, event: events.EntryCorrected) -> None:
        """Corrections to the texts the summary shows; the entry names are canonical in events."""
        pilot, text = event.originator_id, event.text
        if text is None:  # a withdrawn reflection's correction: the summary shows no reflections
            return
        kind, _, rest = event.entry.partition(":")
        if event.entry == "title":
            self.change(Update(PilotRow, (pilot,), {"title": text}))
        elif kind == "cycle":
            number, _, name = rest.partition(":")
            if name in ("learning", "surprises"):
                self.change(Update(CycleRow, (pilot, int(number)), {name: text}))
        elif kind == "insight":
            self.change(Update(InsightRow, (pilot, UUID(rest)), {"text": text}))
