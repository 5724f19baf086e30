"""The pilot index: one row per pilot with what the pilot list shows (queried in `queries`).

Tables: `rm_pilot_index` (the row), `rm_pilot_team` (members, roles and the order they joined
in) and `rm_pilot_themes` (for narrowing by theme).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from projections.engine.base import Notice, ReadModel, Sql
from projections.engine.rows import chunks, rows_of_pilots
from projections.pilot_index.fold import Draft, IndexFold, Member, microseconds

COLUMNS = ("pilot_id", "title", "status", "lead", "themes", "cycles", "open_questions",
           "last_activity", "last_activity_us", "version")  # fmt: skip
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM rm_pilot_index"  # noqa: S608 (constants)
_UPSERT = (
    "INSERT INTO rm_pilot_index (pilot_id, title, status, lead, themes, cycles, open_questions, "
    "last_activity, last_activity_us, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (pilot_id) DO UPDATE SET title = excluded.title, status = excluded.status, "
    "lead = excluded.lead, themes = excluded.themes, cycles = excluded.cycles, "
    "open_questions = excluded.open_questions, last_activity = excluded.last_activity, "
    "last_activity_us = excluded.last_activity_us, version = excluded.version"
)
_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_pilot_index (pilot_id TEXT PRIMARY KEY, title TEXT NOT NULL, "
    "status TEXT NOT NULL, lead TEXT, themes TEXT NOT NULL, cycles INTEGER NOT NULL, "
    "open_questions INTEGER NOT NULL, last_activity TEXT NOT NULL, "
    "last_activity_us BIGINT NOT NULL, version INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS rm_pilot_index_recent "
    "ON rm_pilot_index (last_activity_us DESC, pilot_id DESC)",
    "CREATE TABLE IF NOT EXISTS rm_pilot_team (pilot_id TEXT NOT NULL, user_id TEXT NOT NULL, "
    "role TEXT NOT NULL, joined INTEGER NOT NULL, PRIMARY KEY (pilot_id, user_id))",
    # The dashboard reads a person's own pilots, and the others, by their team.
    "CREATE INDEX IF NOT EXISTS rm_pilot_team_user ON rm_pilot_team (user_id, pilot_id)",
    "CREATE TABLE IF NOT EXISTS rm_pilot_themes (theme TEXT NOT NULL, pilot_id TEXT NOT NULL, "
    "PRIMARY KEY (theme, pilot_id))",
)


class PilotIndex(ReadModel):
    name = "pilot_index"
    tables = ("rm_pilot_index", "rm_pilot_team", "rm_pilot_themes")
    shape = 2  # 2: the team by person, for the dashboard

    def create(self, sql: Sql) -> None:
        for statement in _TABLES:
            sql.run(statement)

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        pilots = list(dict.fromkeys(notice.pilot for notice in batch))  # in order of first event
        fold = IndexFold(_load(sql, pilots))  # a pilot registered in this batch has no row yet
        take = fold.event  # bound once a batch: see `projections.engine`
        for notice in batch:
            take(notice.event, notice.pilot)
        _save(sql, [fold.drafts[p] for p in pilots if p in fold.drafts])


def _load(sql: Sql, pilot_ids: Sequence[str]) -> dict[str, Draft]:
    drafts: dict[str, Draft] = {}
    for row in rows_of_pilots(sql, _SELECT, pilot_ids):
        pilot_id, title, status, _, themes, cycles, open_questions, at, _, version = row
        drafts[pilot_id] = Draft(
            pilot_id, title, status, tuple(json.loads(themes)), cycles, open_questions,
            datetime.fromisoformat(at), version, team={},
        )  # fmt: skip
    team = "SELECT pilot_id, user_id, role, joined FROM rm_pilot_team"
    for pilot_id, user, role, joined in rows_of_pilots(
        sql, team, pilot_ids, " ORDER BY pilot_id, joined"
    ):
        drafts[pilot_id].team[user] = Member(role, joined)
    return drafts


def _save(sql: Sql, drafts: Sequence[Draft]) -> None:
    _many(sql, _UPSERT, [_row(d) for d in drafts])
    changed = [d for d in drafts if d.team_changed]
    for ids, marks in chunks([d.pilot_id for d in changed if not d.registered]):
        sql.run(f"DELETE FROM rm_pilot_team WHERE pilot_id IN ({marks})", ids)  # noqa: S608
    sql.insert(
        "rm_pilot_team",
        "pilot_id, user_id, role, joined",
        ((d.pilot_id, u, m.role, m.joined) for d in changed for u, m in d.team.items()),
    )
    sql.insert(
        "rm_pilot_themes",
        "theme, pilot_id",
        ((theme, d.pilot_id) for d in drafts if d.registered for theme in d.themes),
    )


def _row(d: Draft) -> tuple[object, ...]:
    return (d.pilot_id, d.title, d.status, d.lead, json.dumps(list(d.themes)), d.cycles,
            d.open_questions, d.last_activity.isoformat(), microseconds(d.last_activity),
            d.version)  # fmt: skip


def _many(sql: Sql, statement: str, rows: list[tuple[object, ...]]) -> None:
    if rows:
        sql.many(statement, rows)
