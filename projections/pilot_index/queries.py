"""The pilot list as the pilot index holds it: every pilot, narrowed by status and theme."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain import rules
from domain.values import PilotStatus
from projections.engine.base import Row, Sql
from projections.pilot_index.model import COLUMNS


@dataclass(frozen=True)
class PilotSummary:
    id: UUID
    title: str
    status: str
    themes: tuple[str, ...]
    cycles: int
    last_activity: datetime
    lead: UUID | None
    team: dict[UUID, str]
    open_questions: int


def pilots_for(
    sql: Sql, *, status: str | None = None, theme: str | None = None
) -> list[PilotSummary]:
    """Every pilot, newest activity first; `status` and `theme` narrow the list.

    Raises InvalidEntry for a status that is not active, paused or concluded."""
    where, params = ["1 = 1"], []
    if status is not None:
        where.append("status = ?")
        params.append(rules.choice("status", status, PilotStatus).value)
    if theme is not None:
        where.append("pilot_id IN (SELECT pilot_id FROM rm_pilot_themes WHERE theme = ?)")
        params.append(" ".join(theme.split()).lower())
    chosen = " AND ".join(where)
    rows = sql.rows(
        f"SELECT {', '.join(COLUMNS)} FROM rm_pilot_index WHERE {chosen} "  # noqa: S608
        "ORDER BY last_activity_us DESC, pilot_id DESC",
        params,
    )
    teams: dict[str, dict[UUID, str]] = {}
    for pilot_id, user, role in sql.rows(
        "SELECT pilot_id, user_id, role FROM rm_pilot_team WHERE pilot_id IN "  # noqa: S608
        f"(SELECT pilot_id FROM rm_pilot_index WHERE {chosen}) ORDER BY pilot_id, joined",
        params,
    ):
        teams.setdefault(pilot_id, {})[UUID(user)] = role
    return [_summary(row, teams.get(row[0], {})) for row in rows]


def _summary(row: Row, team: dict[UUID, str]) -> PilotSummary:
    pilot_id, title, status, lead, themes, cycles, open_questions, at, _, _ = row
    return PilotSummary(
        id=UUID(pilot_id), title=title, status=status, themes=tuple(json.loads(themes)),
        cycles=cycles, last_activity=datetime.fromisoformat(at),
        lead=UUID(lead) if lead else None, team=team, open_questions=open_questions,
    )  # fmt: skip
