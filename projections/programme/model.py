"""The `programme` read model: each pilot's part of the figures across pilots, and their sums,
kept as the log grows (`tables` says what each table holds).

A batch notes the pilots it touched; `settle` works out their parts again from the tables of
the models it reads (`NEEDS`), which the runner has already brought to the same position in the
same transaction (the registry lists this model after them), and adds the difference to the
sums. Until then the figures are not read (`queries.ready`). A change of who may read an entry
is an event of the entry's pilot, so it touches the pilot too. A rebuild of a model it reads
rebuilds this one with it (`Projector.rebuild`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import ClassVar

from domain.pilot import events
from projections.engine.base import Notice, ReadModel, Sql
from projections.programme.figures import PilotFigures, differences, figures
from projections.programme.ideas import settle_ideas
from projections.programme.tables import (
    ALL,
    CREATE,
    CYCLES,
    INDEXES,
    PILOTS,
    THEMES,
    TOTALS,
    UNSETTLED,
    WAITING,
    WEEKS,
)

# Pilots are settled this many at a time.
CHUNK = 500


class ProgrammeModel(ReadModel):
    name: ClassVar[str] = "programme"
    tables: ClassVar[tuple[str, ...]] = ALL
    NEEDS: ClassVar[tuple[str, ...]] = ("access", "learning", "method_checks")

    def create(self, sql: Sql) -> None:
        for statement in (*CREATE, *INDEXES):
            sql.run(statement)

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        """Notes the pilots the batch touched, and whether their shared ideas may have changed;
        `settle` works out their parts."""
        touched: dict[str, int] = {}
        for notice in batch:
            touched[notice.pilot] = touched.get(notice.pilot, 0) | _changes_ideas(notice.event)
        sql.many(
            f"INSERT INTO {WAITING} (pilot_id, ideas) VALUES (?, ?) ON CONFLICT (pilot_id) "  # noqa: S608
            f"DO UPDATE SET ideas = CASE WHEN excluded.ideas = 1 THEN 1 ELSE {WAITING}.ideas END",
            sorted(touched.items()),
        )

    def settle(self, sql: Sql) -> None:
        """Works out again the parts of the pilots waiting, adds the difference to the sums,
        and the shared ideas of their themes where a decision or a title changed. The runner
        calls it when a batch reaches the head of the log, and a rebuild at its end, so a long
        catch-up works out each pilot once rather than once a batch."""
        while waiting := sql.rows(
            f"SELECT pilot_id, ideas FROM {WAITING} ORDER BY pilot_id LIMIT {CHUNK}"  # noqa: S608
        ):
            pilots = [str(pilot) for pilot, _ in waiting]
            old = _kept(sql, pilots)
            new = figures(sql, pilots)
            totals, weeks = differences(old, new)
            _add(sql, TOTALS, "name", "value", totals)
            _add(sql, WEEKS, "week", "change", weeks)
            _replace(sql, pilots, new)
            themes = {t for pilot, ideas in waiting if ideas and pilot in new
                      for t in new[pilot].themes}  # fmt: skip
            sql.many(
                f"INSERT INTO {UNSETTLED} (theme) VALUES (?) ON CONFLICT (theme) DO NOTHING",  # noqa: S608
                [(theme,) for theme in sorted(themes)],
            )
            marks = ", ".join("?" * len(pilots))
            sql.run(f"DELETE FROM {WAITING} WHERE pilot_id IN ({marks})", pilots)  # noqa: S608
        settle_ideas(sql)


def _changes_ideas(event: events.Event) -> int:
    """Whether the event can change which ideas are shared, or how they are shown: a decision,
    or a pilot's new title."""
    if isinstance(event, events.CycleDecided):
        return 1
    return int(isinstance(event, events.EntryCorrected) and event.entry == "title")


def _kept(sql: Sql, pilots: list[str]) -> dict[str, PilotFigures]:
    marks = ", ".join("?" * len(pilots))
    rows = sql.rows(
        f"SELECT pilot_id, themes, counts, weeks FROM {PILOTS} WHERE pilot_id IN ({marks})",  # noqa: S608
        pilots,
    )
    return {
        pilot: PilotFigures(pilot, tuple(json.loads(themes)), json.loads(counts), json.loads(weeks))
        for pilot, themes, counts, weeks in rows
    }


def _add(
    sql: Sql, table: str, key: str, column: str, changes: dict[tuple[str, str, str], int]
) -> None:
    """Adds each change to its sum; a sum that comes to nothing is dropped."""
    sql.many(
        f"INSERT INTO {table} (scope, theme, {key}, {column}) VALUES (?, ?, ?, ?) "  # noqa: S608
        f"ON CONFLICT (scope, theme, {key}) "
        f"DO UPDATE SET {column} = {table}.{column} + excluded.{column}",
        [(*k, v) for k, v in sorted(changes.items())],
    )
    sql.run(f"DELETE FROM {table} WHERE {column} = 0")  # noqa: S608


def _replace(sql: Sql, pilots: list[str], new: dict[str, PilotFigures]) -> None:
    marks = ", ".join("?" * len(pilots))
    for table in (PILOTS, THEMES, CYCLES):
        sql.run(f"DELETE FROM {table} WHERE pilot_id IN ({marks})", pilots)  # noqa: S608
    parts = [new[pilot] for pilot in pilots if pilot in new]
    # Keys sorted: the same figures give the same text in whatever order the rows came.
    sql.many(
        f"INSERT INTO {PILOTS} (pilot_id, themes, latest_planned, oldest_open, counts, weeks) "  # noqa: S608
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(p.pilot_id, json.dumps(list(p.themes)), p.latest_planned, p.oldest_open,
          json.dumps(p.counts, sort_keys=True), json.dumps(p.weeks, sort_keys=True))
         for p in parts],
    )  # fmt: skip
    sql.many(
        f"INSERT INTO {THEMES} (theme, pilot_id) VALUES (?, ?)",  # noqa: S608
        [(theme, p.pilot_id) for p in parts for theme in sorted(set(p.themes))],
    )
    sql.many(
        f"INSERT INTO {CYCLES} (pilot_id, number, days) VALUES (?, ?, ?)",  # noqa: S608
        [(p.pilot_id, number, days) for p in parts for number, days in p.days],
    )
