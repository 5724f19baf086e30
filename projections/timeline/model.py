"""The timeline read model: every entry of every pilot, in order, as a sentence a person reads.

Each row names the part of the pilot it is about (`projections.access.parts`), so a reader sees
only the rows of entries they may read. A row that quotes withdrawable text keeps, beside its
sentence, the sentence without that text; withdrawing the entry puts that one in its place, in
the batch that applies the withdrawal, which is the sentence a rebuild would write.

People are named when the timeline is read, not when it is written, so renaming an account
renames it in every sentence. Each sentence is stored as a `str.format` template whose people
are `{}` fields, with their ids beside it in order. Some sentences quote what earlier events
said (a question's text, how many predictions a cycle locked); those notes are kept per pilot,
so a batch can continue where the last one stopped.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import UTC
from uuid import UUID

from domain.pilot import events
from projections.access.parts import part_of
from projections.engine.base import Notice, ReadModel, Sql
from projections.engine.rows import rows_of_pilots
from projections.timeline.sentences import Sentences

# Events whose sentence reads the notes of earlier events.
_READS_NOTES = (
    events.CycleStarted,
    events.InsightAdded,
    events.QuestionStatusChanged,
    events.ActionReported,
    events.QuestionSetVisibilityChanged,
    events.PointsRecorded,
    events.PointCorrected,
    events.PhaseStarted,
)
_PREDICTIONS = "predictions:"
_TEXT = "text:"


class TimelineModel(ReadModel):
    name = "timeline"
    tables = ("rm_timeline_entries", "rm_timeline_notes")
    shape = 2  # 2: each row's part, and its sentence once withdrawn

    def create(self, sql: Sql) -> None:
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_timeline_entries (pilot_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, position BIGINT NOT NULL, at TEXT NOT NULL, "
            "kind TEXT NOT NULL, actor TEXT NOT NULL, template TEXT NOT NULL, "
            "people TEXT NOT NULL, part_id TEXT NOT NULL, withdrawn TEXT, "
            "PRIMARY KEY (pilot_id, version))"
        )
        sql.run(
            "CREATE INDEX IF NOT EXISTS rm_timeline_entries_position "
            "ON rm_timeline_entries (position)"
        )
        sql.run(
            "CREATE INDEX IF NOT EXISTS rm_timeline_entries_at "
            f"ON rm_timeline_entries (at{bytewise(sql)}, position)"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_timeline_notes (pilot_id TEXT NOT NULL, "
            "ref TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (pilot_id, ref))"
        )

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        by_pilot: dict[str, list[Notice]] = {}
        for notice in batch:
            by_pilot.setdefault(notice.pilot, []).append(notice)
        entries: list[tuple[object, ...]] = []
        notes: list[tuple[str, str, str]] = []
        withdrawals = [
            (notice.pilot, part_of(notice.event))
            for notice in batch
            if isinstance(notice.event, events.ReflectionWithdrawn)
        ]
        recalled = _recall(sql, [p for p, found in by_pilot.items() if _reads_notes(found)])
        for pilot_id, notices in by_pilot.items():
            people = _People()
            sentences = Sentences(people)
            before = dict(recalled.get(pilot_id, ()))  # as `_notes_of` wrote them
            for ref, note in before.items():
                _remember(sentences, ref, note)
            for notice in notices:
                entries.append(_entry_row(notice, sentences, people))
            after = _notes_of(sentences)
            notes.extend((pilot_id, ref, note) for ref, note in after.items()
                         if before.get(ref) != note)  # fmt: skip
        sql.insert(
            "rm_timeline_entries",
            "pilot_id, version, position, at, kind, actor, template, people, part_id, withdrawn",
            entries,
        )
        sql.many(
            "UPDATE rm_timeline_entries SET template = withdrawn "
            "WHERE pilot_id = ? AND part_id = ? AND withdrawn IS NOT NULL",
            withdrawals,
        )
        sql.many(
            "INSERT INTO rm_timeline_notes (pilot_id, ref, note) VALUES (?, ?, ?) "
            "ON CONFLICT (pilot_id, ref) DO UPDATE SET note = excluded.note",
            notes,
        )


class _People:
    """Stands in for names while a sentence is written: each person becomes a NUL, which no
    entered text may hold (the domain refuses it), and their id is remembered in order."""

    def __init__(self) -> None:
        self.ids: list[UUID] = []

    def __call__(self, user: UUID) -> str:
        self.ids.append(user)
        return "\x00"


def _entry_row(notice: Notice, sentences: Sentences, people: _People) -> tuple[object, ...]:
    event = notice.event
    people.ids.clear()
    template = _template(sentences.say(event))
    named = " ".join(str(user) for user in people.ids)
    return (
        notice.pilot, event.originator_version, notice.position,
        event.timestamp.astimezone(UTC).isoformat(timespec="microseconds"),
        type(event).__name__, str(event.actor), template, named, part_of(event),
        _withdrawn(event, sentences),
    )  # fmt: skip


def _template(said: str) -> str:
    """A sentence as a `str.format` template: braces doubled, each person a `{}`."""
    return said.replace("{", "{{").replace("}", "}}").replace("\x00", "{}")


def _withdrawn(event: events.Event, sentences: Sentences) -> str | None:
    """The sentence the event reads as once its entry is withdrawn; None for an event that
    holds no withdrawable text."""
    fields: tuple[str, ...] = getattr(type(event), "WITHDRAWABLE", ())
    if not fields or event.withdrawable_key() is None:  # type: ignore[attr-defined]
        return None
    without = copy.copy(event)
    for field in fields:
        object.__setattr__(without, field, None)
    return _template(sentences.say(without))


def _reads_notes(notices: Sequence[Notice]) -> bool:
    return any(isinstance(notice.event, _READS_NOTES) for notice in notices)


def _recall(sql: Sql, pilot_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """The notes of these pilots, by pilot: one query per few hundred pilots, not per pilot."""
    found: dict[str, list[tuple[str, str]]] = {}
    select = "SELECT pilot_id, ref, note FROM rm_timeline_notes"
    for pilot, ref, note in rows_of_pilots(sql, select, pilot_ids):
        found.setdefault(pilot, []).append((ref, note))
    return found


def _remember(sentences: Sentences, ref: str, note: str) -> None:
    if ref.startswith(_PREDICTIONS):
        sentences.predictions[int(ref.removeprefix(_PREDICTIONS))] = int(note)
    else:
        sentences.texts[UUID(ref.removeprefix(_TEXT))] = note


def _notes_of(sentences: Sentences) -> dict[str, str]:
    notes = {f"{_PREDICTIONS}{n}": str(count) for n, count in sentences.predictions.items()}
    notes.update((f"{_TEXT}{ref}", text) for ref, text in sentences.texts.items())
    return notes


def bytewise(sql: Sql) -> str:
    """Times are kept as UTC ISO text of one width, which sorts as time only byte by byte: a
    PostgreSQL database may collate text by language rules, which skip punctuation."""
    return ' COLLATE "C"' if sql.dialect == "postgresql" else ""
