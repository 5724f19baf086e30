"""The timeline's queries: a pilot's entries, and the latest entries across pilots, each with
its people named as they are called now, and only those its reader may read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.pilot.visibility import Reader
from projections.access.queries import readable
from projections.engine.base import Row, Sql, limit_clause
from projections.timeline.model import bytewise

_COLUMNS = ("rm_timeline_entries.pilot_id", "rm_timeline_entries.part_id")
_ENTRY = "SELECT at, version, kind, actor, template, people FROM rm_timeline_entries"


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    version: int
    kind: str
    actor: UUID
    summary: str


def timeline(
    sql: Sql,
    pilot_id: UUID,
    name_of: Callable[[UUID], str],
    *,
    reader: Reader,
    after: int = 0,
    limit: int | None = None,
) -> list[TimelineEntry]:
    """The pilot's entries after version `after` that `reader` may read, oldest first, at most
    `limit` of them; empty when there is no such pilot."""
    condition, params = readable(reader, *_COLUMNS, record=True)
    rows = sql.rows(
        f"{_ENTRY} WHERE pilot_id = ? AND version > ? AND {condition} "
        f"ORDER BY version{limit_clause(limit)}",
        (str(pilot_id), after, *params),
    )
    return [_entry(row, name_of) for row in rows]


def latest_version(sql: Sql, pilot_id: UUID) -> int | None:
    """The version of the pilot's latest entry; None when there is no such pilot."""
    ((found,),) = sql.rows(
        "SELECT MAX(version) FROM rm_timeline_entries WHERE pilot_id = ?", (str(pilot_id),)
    )
    return None if found is None else int(found)


def recent(
    sql: Sql, name_of: Callable[[UUID], str], *, reader: Reader, limit: int = 20
) -> list[tuple[UUID, TimelineEntry]]:
    """The latest entries across pilots that `reader` may read, newest first, each with its
    pilot's id.

    Newest by the time they were recorded, then by log position: an entry recorded with an
    earlier date (as demo data is) takes its place in time, not at the top."""
    newest = f"at{bytewise(sql)} DESC, position DESC"
    condition, params = readable(reader, *_COLUMNS, record=True)
    rows = sql.rows(
        "SELECT at, version, kind, actor, template, people, pilot_id "  # noqa: S608 (constants)
        f"FROM rm_timeline_entries WHERE {condition} ORDER BY {newest} LIMIT ?",
        (*params, limit),
    )
    return [(UUID(row[6]), _entry(row, name_of)) for row in rows]


def _entry(row: Row, name_of: Callable[[UUID], str]) -> TimelineEntry:
    at, version, kind, actor, template, people = row[:6]
    names = [name_of(UUID(user)) for user in str(people).split()]
    return TimelineEntry(
        at=datetime.fromisoformat(at),
        version=int(version),
        kind=kind,
        actor=UUID(actor),
        summary=str(template).format(*names),
    )
