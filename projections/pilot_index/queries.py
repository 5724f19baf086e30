"""The pilot list as the pilot index holds it: every pilot, narrowed by status and theme."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain import rules
from domain.values import PilotStatus
from projections.engine.base import Row, Sql
from projections.engine.rows import chunks
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
    # The sort key as stored, which paging resumes from; not part of what a pilot summary says.
    last_activity_us: int = field(default=0, compare=False, repr=False)


def pilots_for(
    sql: Sql,
    *,
    status: str | None = None,
    theme: str | None = None,
    after: tuple[int, str] | None = None,
    limit: int | None = None,
) -> list[PilotSummary]:
    """Every pilot, newest activity first; `status` and `theme` narrow the list. A page is at
    most `limit` pilots after the sort key `after` (last activity in microseconds, pilot id).

    Raises InvalidEntry for a status that is not active, paused or concluded."""
    where, params = ["1 = 1"], list[object]()
    if status is not None:
        where.append("status = ?")
        params.append(rules.choice("status", status, PilotStatus).value)
    if theme is not None:
        where.append("pilot_id IN (SELECT pilot_id FROM rm_pilot_themes WHERE theme = ?)")
        params.append(" ".join(theme.split()).lower())
    if after is not None:
        where.append("(last_activity_us, pilot_id) < (?, ?)")
        params.extend(after)
    tail = "" if limit is None else f" LIMIT {int(limit)}"
    rows = sql.rows(
        f"SELECT {', '.join(COLUMNS)} FROM rm_pilot_index WHERE {' AND '.join(where)} "  # noqa: S608
        f"ORDER BY last_activity_us DESC, pilot_id DESC{tail}",
        params,
    )
    teams: dict[str, dict[UUID, str]] = {}
    for ids, marks in chunks([row[0] for row in rows]):
        for pilot_id, user, role in sql.rows(
            "SELECT pilot_id, user_id, role FROM rm_pilot_team "  # noqa: S608
            f"WHERE pilot_id IN ({marks}) ORDER BY pilot_id, joined",
            ids,
        ):
            teams.setdefault(pilot_id, {})[UUID(user)] = role
    return [_summary(row, teams.get(row[0], {})) for row in rows]


def _summary(row: Row, team: dict[UUID, str]) -> PilotSummary:
    pilot_id, title, status, lead, themes, cycles, open_questions, at, us, _ = row
    return PilotSummary(
        id=UUID(pilot_id), title=title, status=status, themes=tuple(json.loads(themes)),
        cycles=cycles, last_activity=datetime.fromisoformat(at),
        lead=UUID(lead) if lead else None, team=team, open_questions=open_questions,
        last_activity_us=int(us),
    )  # fmt: skip
