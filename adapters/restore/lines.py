"""Reading a `pilots export` file back into events, one line at a time, refusing the first line
that is not exactly what an export writes.

A line must decode to a known event of the right shape, come after the line before it in the
log (a later position) and in its pilot (the next version), and build again into the same
line: anything the event would not keep (an unknown field, an actor that is not the event's)
would otherwise be lost on the way in, and the store would no longer export the file it was
loaded from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from adapters.export import ENVELOPE, event_line, line_encoder
from domain.origins import events as origin_events
from domain.pilot import events
from domain.records import Recorded


class ImportRefused(ValueError):
    """The file cannot be loaded; the message names the line and says why."""


@dataclass(frozen=True, slots=True)
class Line:
    position: int
    topic: str
    event: Recorded


class _Envelope(msgspec.Struct, forbid_unknown_fields=True):
    position: int
    pilot_id: UUID
    version: int
    type: str
    at: datetime
    actor: Any
    data: dict[str, Any]


def _catalogue() -> dict[str, type[Recorded]]:
    """Every event a pilot, a story or a workshop records, by its stored topic (`Created` is
    only a base class)."""
    kinds = {**events.TOPICS, **origin_events.TOPICS}
    return {
        topic: kind
        for topic, kind in kinds.items()
        if kind not in (events.Created, origin_events.Created)
    }


# The first event of each record's stream, and only its first.
FIRST = (events.Registered, origin_events.StoryRecorded, origin_events.WorkshopCreated)


CATALOGUE = _catalogue()


class LineReader:
    """Events from the lines of one file, in order; raises `ImportRefused` at the first bad one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.position = 0  # the last position read
        self._versions: dict[UUID, int] = {}
        self._encode = line_encoder().encode

    def read(self, lines: Iterable[bytes]) -> Iterator[Line]:
        for number, raw in enumerate(lines, start=1):
            try:
                yield self._line(raw)
            except msgspec.ValidationError as error:  # a subclass of DecodeError
                raise self._refused(number, _reason(error)) from None
            except msgspec.DecodeError as error:
                raise self._refused(number, f"not valid JSON: {_reason(error)}") from None
            except _Bad as error:
                raise self._refused(number, _reason(error)) from None

    def _refused(self, number: int, reason: str) -> ImportRefused:
        return ImportRefused(f"{self.name}, line {number}: {reason}")

    def _line(self, raw: bytes) -> Line:
        given = msgspec.json.decode(raw)
        envelope = msgspec.convert(given, _Envelope)
        kind = CATALOGUE.get(envelope.type)
        if kind is None:
            raise _Bad(f"unknown event type {envelope.type!r}")
        self._follows(envelope, kind)
        event = _event(kind, envelope)
        line = event_line(envelope.position, envelope.type, event)
        if msgspec.json.decode(self._encode(line)) != given:
            raise _Bad("the line is not as `pilots export` writes this event")
        self.position, self._versions[envelope.pilot_id] = envelope.position, envelope.version
        return Line(envelope.position, envelope.type, event)

    def _follows(self, envelope: _Envelope, kind: type[Recorded]) -> None:
        """The line's place: after the last position, and the next version of its record (a
        pilot, a story or a workshop, named by `pilot_id` as exports name every record)."""
        if envelope.position <= self.position:
            raise _Bad(f"position {envelope.position} does not follow position {self.position}")
        expected = self._versions.get(envelope.pilot_id, 0) + 1
        if envelope.version != expected:
            raise _Bad(
                f"version {envelope.version} of record {envelope.pilot_id} should be {expected}"
            )
        if (expected == 1) != (kind in FIRST):
            firsts = ", ".join(vars(first)["TOPIC"] for first in FIRST)
            raise _Bad(f"a record's first event, and only its first, is one of {firsts}")
        if envelope.at.tzinfo is None:
            raise _Bad("`at` has no time zone")


def _event(kind: type[Recorded], envelope: _Envelope) -> Recorded:
    """The event, its fields in the order the line gives them: the order they are stored in,
    and so exported in again."""
    data = envelope.data
    fields = {field.name for field in dataclasses.fields(kind)} - ENVELOPE
    missing, unknown = sorted(fields - data.keys()), sorted(data.keys() - fields)
    if missing or unknown:
        named = [f"missing field `{n}`" for n in missing]
        named += [f"unknown field `{n}`" for n in unknown]
        raise _Bad(f"{envelope.type}: {', '.join(named)}")
    envelope_fields = {
        "originator_id": envelope.pilot_id,
        "originator_version": envelope.version,
        "timestamp": envelope.at,
    }
    typed = _typed(kind, data | envelope_fields)
    state = {name: getattr(typed, name) for name in data} | envelope_fields
    event = object.__new__(kind)
    object.__setattr__(event, "__dict__", state)  # as the library's mapper makes events
    return event


def _typed(kind: type[Recorded], state: dict[str, Any]) -> Recorded:
    try:
        return msgspec.convert(state, kind)
    except msgspec.ValidationError as error:
        # msgspec's path starts at the event's fields, which the line keeps under `data`.
        raise _Bad(str(error).replace("`$.", "`$.data.")) from None


class _Bad(Exception):
    """Why a line is refused, without its number."""


def _reason(error: Exception) -> str:
    text = str(error)  # msgspec's sentences start with a capital, unless it starts a name
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
