"""The pilot list as the pilot index holds it: every pilot, narrowed by status and theme."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain import rules
from domain.values import PilotStatus
from projections.engine.base import Row, Scalar, Sql, Where, limit_clause
from projections.engine.rows import chunks
from projections.pilot_index.model import COLUMNS

_TEAM_OF = "SELECT pilot_id FROM rm_pilot_team WHERE user_id = ?"


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
    team_of: UUID | None = None,
    outside: UUID | None = None,
) -> list[PilotSummary]:
    """Every pilot, newest activity first; `status` and `theme` narrow the list, and so do
    `team_of` (the pilots whose team the person is on) and `outside` (the others). A page is
    at most `limit` pilots after the sort key `after` (last activity in microseconds, pilot
    id).

    Raises InvalidEntry for a status that is not active, paused or concluded."""
    where = Where(["1 = 1"])
    if status is not None:
        where.add("status = ?", rules.choice("status", status, PilotStatus).value)
    if theme is not None:
        where.add(
            "pilot_id IN (SELECT pilot_id FROM rm_pilot_themes WHERE theme = ?)",
            " ".join(theme.split()).lower(),
        )
    for person, test in ((team_of, "IN"), (outside, "NOT IN")):
        if person is not None:
            where.add(f"pilot_id {test} ({_TEAM_OF})", str(person))
    if after is not None:
        where.add("(last_activity_us, pilot_id) < (?, ?)", *after)
    rows = sql.rows(
        f"SELECT {', '.join(COLUMNS)} FROM rm_pilot_index WHERE {where} "  # noqa: S608
        f"ORDER BY last_activity_us DESC, pilot_id DESC{limit_clause(limit)}",
        where.params,
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


def status_counts(sql: Sql) -> dict[str, int]:
    """How many pilots are in each status (every status, zeros included)."""
    rows = sql.rows("SELECT status, COUNT(*) FROM rm_pilot_index GROUP BY status")
    found: dict[str, int] = {status: int(count) for status, count in rows}
    return {status.value: int(found.get(status.value, 0)) for status in PilotStatus}


def titles_of(sql: Sql, pilot_ids: set[UUID]) -> dict[UUID, str]:
    """The titles of these pilots, for lists that name each entry's pilot."""
    titles: dict[UUID, str] = {}
    for ids, marks in chunks(sorted(str(p) for p in pilot_ids)):
        for pilot_id, title in sql.rows(
            f"SELECT pilot_id, title FROM rm_pilot_index WHERE pilot_id IN ({marks})",  # noqa: S608
            ids,
        ):
            titles[UUID(pilot_id)] = title
    return titles


def title_beside(pilot_id: UUID) -> Scalar:
    """The pilot's title (None for no such pilot), for another read to carry beside its own."""
    return "(SELECT title FROM rm_pilot_index WHERE pilot_id = ?)", (str(pilot_id),)


def role_beside(pilot_id: UUID, user: UUID) -> Scalar:
    """`role_in`, for another read to carry beside its own."""
    return (
        "(SELECT role FROM rm_pilot_team WHERE pilot_id = ? AND user_id = ?)",
        (str(pilot_id), str(user)),
    )


def role_in(sql: Sql, pilot_id: UUID, user: UUID) -> str | None:
    """The person's role on the pilot's team (lead, member, facilitator); None off the team."""
    found = sql.rows(
        "SELECT role FROM rm_pilot_team WHERE pilot_id = ? AND user_id = ?",
        (str(pilot_id), str(user)),
    )
    return str(found[0][0]) if found else None
