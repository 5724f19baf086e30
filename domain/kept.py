"""Records as they were last read, kept in memory for the next reader.

Loading a record decodes its latest snapshot and the events after it, and a snapshot holds the
whole record: a pilot with thousands of reflections takes tens of milliseconds to decode, every
time it is read. Most reads find the record where the last read left it. So the application
keeps the records it read, and a read asks the store only whether the record has moved on
since (`Kept.latest`): one indexed query that decodes nothing. A record that moved on is
loaded afresh and kept in place of the old one, so a reader never sees less than the log holds,
whichever process wrote to it.

What is kept is shared between readers and must not be changed. Commands never run on it: each
command runs on a copy of its own (`Kept.own`, made in memory by `domain.copies`), and the
record a command saved is kept in place of the one it was copied from, since it is what a fresh
load would give (`Pilots._saved`). Any other save, and any save that fails, drops the record
from here, so the next read loads it afresh.

The records kept are bounded by the events they hold in all (`MOST_EVENTS`), not by their
number, since a record's size in memory grows with its events. The least recently read go
first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain.copies import NotCopyable, own_copy

# About 55 MB at the most: a record kept takes about 0.5 KB of memory an event (measured with
# tracemalloc: 494 bytes on the generator's `small` programme, 539 on a pilot of 10,000
# reflections), which leaves the server well within B6's 250 MB on `huge`.
MOST_EVENTS = 100_000


class Kept:
    """The records last read, least recently read first, holding `most` events at the most."""

    def __init__(self, most: int = MOST_EVENTS) -> None:
        self._lock = Lock()
        self._records: OrderedDict[UUID, Any] = OrderedDict()
        self._events = 0
        self._most = most

    def latest(self, app: Application[UUID], record_id: UUID) -> Any:
        """The record as the store holds it now: the one kept, unless the store has events
        after its version, when it is loaded afresh and kept instead."""
        return self._latest(app, record_id)[0]

    def own(self, app: Application[UUID], record_id: UUID) -> Any:
        """The latest record, as `latest` finds it, for a command to change: a copy of the one
        kept (`domain.copies`), or the one loaded when it was too large to keep."""
        found, shared = self._latest(app, record_id)
        if not shared:
            return found
        try:
            return own_copy(found)
        except NotCopyable:
            return app.repository.get(record_id, projector_func=replay)

    def _latest(self, app: Application[UUID], record_id: UUID) -> tuple[Any, bool]:
        """The latest record, and whether it is shared with readers (kept)."""
        kept = self.get(record_id)
        if kept is not None and not app.recorder.select_events(record_id, gt=kept.version, limit=1):
            return kept, True
        found = app.repository.get(record_id, projector_func=replay)
        return found, self.put(found)

    def get(self, record_id: UUID) -> Any | None:
        with self._lock:
            found = self._records.get(record_id)
            if found is not None:
                self._records.move_to_end(record_id)
            return found

    def put(self, record: Any) -> bool:
        """Keeps `record` in place of any earlier copy, and says whether it is kept: one larger
        than the whole bound is not, nor one older than the copy kept (two writers saving at
        once), and the least recently read make room for it."""
        with self._lock:
            kept = self._records.get(record.id)
            if kept is not None and kept.version > record.version:
                return False
            self._drop(record.id)
            if record.version > self._most:
                return False
            self._records[record.id] = record
            self._events += record.version
            while self._events > self._most:
                _, gone = self._records.popitem(last=False)
                self._events -= gone.version
            return True

    def drop(self, record_id: UUID) -> None:
        with self._lock:
            self._drop(record_id)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
            self._events = 0

    def _drop(self, record_id: UUID) -> None:
        gone = self._records.pop(record_id, None)
        if gone is not None:
            self._events -= gone.version

    def __len__(self) -> int:
        return len(self._records)


def replay(record: Any, events: Iterable[Any]) -> Any:
    """A record from its snapshot (or nothing) and the events after it, each applied in turn:
    the library's own `project_aggregate` without its check, event by event, that each can
    apply itself (a `typing` protocol check, about 40% of loading a pilot of 100 events).
    Every event in this log is one of the typed classes of `domain`, and each can."""
    for event in events:
        record = event.mutate(record)
    return record
