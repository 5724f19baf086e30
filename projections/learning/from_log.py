"""The learning summary's rows, as a pure fold over the event log.

`fold` turns events into rows (`LearningRows`); `summary.summarise` turns rows into the summary.
The `learning` read model stores the same rows in tables, so the summary served from it is the
one the fold gives at the same position. Reports are built from here, at a stamp. Nothing here
reads a clock: `as_of` is the latest event time in the log up to the position, so the same
position always gives the same rows. (Demo data and back-dated entries can record events out of
time order, so the latest time is taken rather than the last event's.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.errors import InvalidEntry, NotFound
from domain.pilot import events
from domain.pilot.visibility import Reader, events_seen_by
from domain.service import Pilots
from projections.engine.base import Notice
from projections.learning.changes import RowChanges
from projections.learning.rows import (
    ROW_TYPES,
    Change,
    CycleRow,
    IdeaRow,
    Insert,
    InsightRow,
    PilotRow,
    QuestionRow,
    Row,
    key_of,
)

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot

PAGE = 500


@dataclass(frozen=True)
class LearningRows:
    """Every row at `position`, each kind sorted by its key."""

    position: int
    as_of: datetime | None
    pilots: tuple[PilotRow, ...]
    ideas: tuple[IdeaRow, ...]
    cycles: tuple[CycleRow, ...]
    questions: tuple[QuestionRow, ...]
    insights: tuple[InsightRow, ...]

    @classmethod
    def of(cls, position: int, as_of: datetime | None, rows: Iterable[Row]) -> LearningRows:
        by_kind: dict[type[Row], list[Any]] = {kind: [] for kind in ROW_TYPES}
        for row in rows:
            by_kind[type(row)].append(row)
        p, i, c, q, n = (tuple(sorted(by_kind[k], key=key_of)) for k in ROW_TYPES)
        return cls(position, as_of, p, i, c, q, n)


def later(as_of: datetime | None, moment: datetime) -> datetime:
    return moment if as_of is None or moment > as_of else as_of


class LearningFold(RowChanges):
    """The rows so far, kept in dictionaries by kind and key."""

    def __init__(self) -> None:
        self.tables: dict[type[Row], dict[tuple[Any, ...], Row]] = {k: {} for k in ROW_TYPES}
        self.position = 0
        self.as_of: datetime | None = None
        self._take = self.event  # bound once: see `projections.engine`

    def apply(self, notice: Notice, seen: bool = True) -> None:
        """An event the reader may not read (`seen` False) changes no row, but still moves
        the position and `as_of`, as in the read model, whose stamp is everyone's."""
        if seen:
            self._take(notice.event)
        self.position, self.as_of = notice.position, later(self.as_of, notice.event.timestamp)

    def change(self, change: Change) -> None:
        if isinstance(change, Insert):
            self.tables[type(change.row)][key_of(change.row)] = change.row
            return
        table = self.tables[change.kind]
        if change.key in table:
            table[change.key] = replace(table[change.key], **change.fields)

    def rows(self) -> LearningRows:
        every = (row for table in self.tables.values() for row in table.values())
        return LearningRows.of(self.position, self.as_of, every)


def fold(
    notices: Iterable[Notice], seen: Callable[[events.Event], bool] | None = None
) -> LearningRows:
    """The rows from `notices`; with `seen`, only from the events it lets through."""
    learning = LearningFold()
    for notice in notices:
        learning.apply(notice, seen is None or seen(notice.event))
    return learning.rows()


class SeenBy:
    """Whether `reader` may read an event, judged by its pilot as it stands at the head of the
    log (`events_seen_by`): the rule the access read model applies to the model's rows in
    SQL, so the summary folded here is the one the read model serves the same reader."""

    def __init__(self, pilots: Pilots, reader: Reader) -> None:
        self.pilots, self.reader = pilots, reader
        self.latest: dict[UUID, Pilot] = {}

    def __call__(self, event: events.Event) -> bool:
        pilot_id = event.originator_id
        if pilot_id not in self.latest:
            self.latest[pilot_id] = self.pilots.pilot(pilot_id)
        return bool(events_seen_by([event], self.reader, self.latest[pilot_id]))


def head(pilots: Pilots) -> int:
    """The position of the last event in the log; 0 when it is empty."""
    return pilots.recorder.max_notification_id() or 0


def stamp_of(pilots: Pilots, position: int | None) -> int:
    """The position a report is built at: `position`, or the head of the log.

    Raises InvalidEntry for a negative position, NotFound for one beyond the head."""
    last = head(pilots)
    if position is None:
        return last
    if position < 0:
        raise InvalidEntry("position", "must be 0 or more")
    if position > last:
        raise NotFound(f"the log has no position {position} yet; it ends at {last}")
    return position


def read_log(pilots: Pilots, upto: int) -> Iterator[Notice]:
    """Every pilot's event up to and including position `upto`, oldest first, a page at a
    time (stories and workshops, which share the log, are not the learning's)."""
    position = 0
    while position < upto:
        page = pilots.recorder.select_notifications(
            position, PAGE, stop=upto, inclusive_of_start=False
        )
        if not page:
            return
        for notification in page:
            event = pilots.mapper.to_domain_event(notification)
            if isinstance(event, events.Event):
                yield Notice(notification.id, event)
        position = page[-1].id


def rows_at(
    pilots: Pilots,
    position: int | None = None,
    *,
    reader: Reader | None,
    progress: Progress | None = None,
) -> LearningRows:
    """The rows `reader` may read from the log up to `position` (default: the head), stamped
    with it; with no reader, every row (a reference for the read model: never served).

    Raises InvalidEntry for a negative position, NotFound for one beyond the head."""
    position = stamp_of(pilots, position)
    seen = None if reader is None else SeenBy(pilots, reader)
    notices = read_log(pilots, position)
    if progress is not None:
        notices = _reporting(notices, position, progress)
    return replace(fold(notices, seen), position=position)


# Told (events read, position reached, the position to reach) as the log is read.
Progress = Callable[[int, int, int], None]
PROGRESS_EVERY = 2_000


def _reporting(notices: Iterator[Notice], upto: int, progress: Progress) -> Iterator[Notice]:
    """The notices, telling `progress` how far they have gone every few thousand, and at the
    end: a programme report on a large log takes seconds to fold."""
    count = 0
    for count, notice in enumerate(notices, start=1):
        if count % PROGRESS_EVERY == 0:
            progress(count, notice.position, upto)
        yield notice
    progress(count, upto, upto)
