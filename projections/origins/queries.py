"""The origins read from the model's tables, as they stand or stood at a moment: the rows
recorded by then, each record at its latest version of the moment. One read a table, in the
order of the log, folded here in the way `from_log` folds the events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID

import msgspec

from projections.engine.base import Row, Sql
from projections.origins.fold import stamp
from projections.origins.state import (
    Became,
    Origins,
    PilotAt,
    StatementAt,
    StoryAt,
    WorkshopAt,
)
from projections.timeline.model import bytewise

_THEMES = msgspec.json.Decoder(list[str])


def origins_at(sql: Sql, at: datetime | None = None, *, upto: int | None = None) -> Origins:
    """Every story, workshop, principle, framing question, idea and tied pilot as it stood at
    `at` (or stands now), in the order each came into the log; with `upto`, as it stood at that
    log position (a report's stamp), the origins' `at` being `at` all the same."""
    read = _reader(sql, at, upto)
    found = Origins(at)
    _stories(found, read)
    for workshop_id, title, held_on in read("workshop_id, title, held_on", "workshops"):
        found.workshops[UUID(workshop_id)] = WorkshopAt(
            UUID(workshop_id), title, date.fromisoformat(held_on)
        )
    _statements(found, read)
    for idea, became, how in read("idea_id, became, how", "lineage", ", ordinal"):
        key = UUID(idea)
        if key in found.ideas:
            kept = found.became.get(key)
            earlier = kept.ideas if kept is not None else ()
            found.became[key] = Became(how, (*earlier, UUID(became)))
    _pilots(found, read)
    return found


Read = Callable[..., list[Row]]


def _reader(sql: Sql, at: datetime | None, upto: int | None = None) -> Read:
    """`read(columns, table)`: the table's rows recorded by `at` (or by log position `upto`),
    in the log's order."""
    params: tuple[object, ...]
    if upto is not None:
        where, params = " WHERE position <= ?", (upto,)
    elif at is not None:
        where, params = f" WHERE at{bytewise(sql)} <= ?", (stamp(at),)
    else:
        where, params = "", ()

    def read(columns: str, table: str, then: str = "") -> list[Row]:
        return sql.rows(
            f"SELECT {columns} FROM rm_origins_{table}{where} ORDER BY position{then}",  # noqa: S608 (constants)
            params,
        )

    return read


def _stories(found: Origins, read: Read) -> None:
    columns = "story_id, consent, recorded_by, told_by, told_by_name, withdrawn_on"
    for story_id, consent, recorded_by, told_by, name, withdrawn_on in read(columns, "stories"):
        key = UUID(story_id)
        found.stories[key] = StoryAt(
            key, consent, UUID(recorded_by), _id(told_by), name, None, None, (),
            None if withdrawn_on is None else date.fromisoformat(withdrawn_on),
        )  # fmt: skip
    for story_id, title, text, themes in read("story_id, title, text, themes", "story_texts"):
        story = found.stories.get(UUID(story_id))
        if story is not None:
            found.stories[story.id] = StoryAt(
                story.id, story.consent, story.recorded_by, story.told_by, story.told_by_name,
                title, text, tuple(_THEMES.decode(themes)), story.withdrawn_on,
            )  # fmt: skip


def _statements(found: Origins, read: Read) -> None:
    kinds = {"principle": found.principles, "framing": found.framings, "idea": found.ideas}
    versions: dict[str, int] = {}  # each statement's latest version of the moment
    columns = "id, position, kind, workshop_id, text, framing, from_pilot, revision"
    for row_id, position, kind, workshop, text, framing, from_pilot, revision in read(
        columns, "statements"
    ):
        kept, statement = kinds[kind], UUID(row_id)
        if revision:
            earlier = kept.get(statement)
            if earlier is None:
                continue
            from_pilot = None if earlier.from_pilot is None else str(earlier.from_pilot)
        framing = framing if kind == "idea" else None
        kept[statement] = StatementAt(
            statement, UUID(workshop), text, (), _id(framing), _id(from_pilot)
        )
        versions[row_id] = position
    links: dict[str, list[UUID]] = {}
    for row_id, position, linked in read("id, position, linked", "links", ", ordinal"):
        if versions.get(row_id) == position:
            links.setdefault(row_id, []).append(UUID(linked))
    for kept in kinds.values():
        for key, version in kept.items():
            given = links.get(str(key))
            if given:
                kept[key] = StatementAt(
                    version.id, version.workshop, version.text, tuple(given), version.framing,
                    version.from_pilot,
                )  # fmt: skip


def _pilots(found: Origins, read: Read) -> None:
    for pilot_id, tests_idea, framing in read("pilot_id, tests_idea, framing", "pilots"):
        key = UUID(pilot_id)
        found.pilots[key] = PilotAt(key, "", _id(tests_idea), _id(framing), "active", ())
    for pilot_id, title, status in read("pilot_id, title, status", "pilot_states"):
        pilot = found.pilots.get(UUID(pilot_id))
        if pilot is not None:
            found.pilots[pilot.id] = PilotAt(
                pilot.id, title or pilot.title, pilot.tests_idea, pilot.framing,
                status or pilot.status, pilot.decisions,
            )  # fmt: skip
    for pilot_id, decision in read("pilot_id, decision", "decisions"):
        pilot = found.pilots.get(UUID(pilot_id))
        if pilot is not None:
            found.pilots[pilot.id] = PilotAt(
                pilot.id, pilot.title, pilot.tests_idea, pilot.framing, pilot.status,
                (*pilot.decisions, decision),
            )  # fmt: skip


def _id(value: str | None) -> UUID | None:
    return None if value is None else UUID(value)
