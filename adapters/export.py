"""The whole event log as JSON Lines, one event per line, in log order (`pilots export`): the
pilots' events and those of stories and workshops, which share the log. A withdrawn entry's
text (a reflection's, a story's words) reads as None, so it is written as null.

The log is read a page at a time and each page is written before the next is read, so memory
stays flat however long the log is. The export ends at the position that was last when it
began: under concurrent writes it is a definite prefix of the log, and it always finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast

import msgspec
from eventsourcing.persistence import Mapper, Notification

from adapters.files import whole_file
from domain.records import Recorded
from domain.service import Pilots

PAGE_SIZE = 500
# The envelope of every event is already at the top level of its line.
ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp"})

Progress = Callable[[int, int, int], None]
"""Called after each page with (events written, position reached, last position)."""


def export_events(app: Pilots, out: BinaryIO, progress: Progress | None = None) -> int:
    """Writes every event to `out`; the number of events written."""
    recorder = app.recorder
    last = recorder.max_notification_id() or 0
    encoder = line_encoder()
    count = position = 0
    while position < last:
        # Positions can have gaps (rolled-back inserts), so page by the last id seen.
        page = recorder.select_notifications(
            position, PAGE_SIZE, stop=last, inclusive_of_start=False
        )
        if not page:
            break
        out.write(encoder.encode_lines([_line(app.mapper, n) for n in page]))
        count, position = count + len(page), page[-1].id
        if progress is not None:
            progress(count, position, last)
    return count


def export_to_file(app: Pilots, path: Path, progress: Progress | None = None) -> int:
    """Like `export_events`, into a file that appears whole or not at all: a crash or an
    interrupt leaves the previous file, if any, as it was."""
    with whole_file(path) as out:
        return export_events(app, out, progress)


def _line(mapper: Mapper[Any], notification: Notification) -> dict[str, Any]:
    event = cast("Recorded", mapper.to_domain_event(notification))
    return event_line(notification.id, notification.topic, event)


def event_line(position: int, topic: str, event: Recorded) -> dict[str, Any]:
    """One line of the export, before encoding; `pilots import` builds it again from what it
    read, to be sure the event it stores exports as the line it was given. `pilot_id` names the
    record the event belongs to: a pilot, or a story or workshop, which share the log."""
    data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
    return {
        "position": position,
        "pilot_id": event.originator_id,
        "version": event.originator_version,
        "type": topic,
        "at": event.timestamp,
        "actor": data.get("actor"),
        "data": data,
    }


def line_encoder() -> msgspec.json.Encoder:
    """The encoder of export lines."""
    return msgspec.json.Encoder(enc_hook=_jsonable)


def _jsonable(value: Any) -> Any:
    # msgspec already writes UUIDs, dates, enums, dataclasses, tuples and sets; anything else
    # an old event may hold is written as its fields or, failing that, as text.
    if hasattr(value, "__dict__"):
        return vars(value)
    return str(value)
