"""Each pilot's part of the programme's figures, as the community reads its record, worked out
from the `learning`, `access` and `method_checks` tables for the pilots a batch touched.

The rules are the summary's and the charts' own (`learning.summary`, `learning.series`,
`method_checks.queries`): a pilot's part is what those give for the pilot alone, so the sum of
the parts is what they give for the programme (tests/readmodels/test_programme.py checks it).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import msgspec

from domain.pilot.visibility import Reader
from projections.access.queries import readable
from projections.engine.base import Sql
from projections.learning.rows import SETTLED
from projections.learning.series import week_changes
from projections.learning.summary import SECONDS_PER_DAY
from projections.method_checks.queries import checks_of

# Where a pilot's part is added: the whole programme, each of its themes, or, for a pilot with
# no theme, the pilots with none (the charts draw their decisions as "no theme").
Scope = tuple[str, str]  # ("all", ""), ("theme", name) or ("none", "")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class PilotFigures:
    """`counts` by name (`pilots`, `cycled`, `decided`, each decision, `surprises`,
    `open_questions`, `insights`, and `check:NAME:ok` and `check:NAME:applies`); `weeks` the
    change in open questions by Monday; `days` each decided cycle's length."""

    pilot_id: str
    themes: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    weeks: dict[str, int] = field(default_factory=dict)
    days: list[tuple[int, float]] = field(default_factory=list)
    latest_planned: int | None = None
    oldest_open: str | None = None

    @property
    def scopes(self) -> list[Scope]:
        return [("all", ""), *(("theme", t) for t in self.themes)] + (
            [] if self.themes else [("none", "")]
        )

    def add(self, name: str, value: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + value


def figures(sql: Sql, pilots: Sequence[str]) -> dict[str, PilotFigures]:
    """The parts of these pilots that are registered; a pilot not in the `learning` model has
    none."""
    if not pilots:
        return {}
    marks = ", ".join("?" * len(pilots))
    found = {
        pilot: PilotFigures(pilot, tuple(json.loads(themes)), {"pilots": 1})
        for pilot, themes in sql.rows(
            f"SELECT pilot_id, themes FROM rm_learning_pilots WHERE pilot_id IN ({marks})",  # noqa: S608
            pilots,
        )
    }
    ids = list(found)
    if ids:
        marks = ", ".join("?" * len(ids))
        _cycles(sql, found, marks, ids)
        _questions(sql, found, marks, ids)
        _insights(sql, found, marks, ids)
        _checks(sql, found, marks, ids)
    return found


def _cycles(sql: Sql, found: dict[str, PilotFigures], marks: str, ids: list[str]) -> None:
    rows = sql.rows(
        "SELECT pilot_id, number, planned_at, studied_at, decided_at, decision, surprises "  # noqa: S608
        f"FROM rm_learning_cycles WHERE pilot_id IN ({marks})",
        ids,
    )
    for pilot, number, planned_at, studied_at, decided_at, decision, surprises in rows:
        each = found[pilot]
        planned = msgspec.convert(planned_at, datetime)
        micros = (planned - EPOCH) // _MICROSECOND
        if each.latest_planned is None:
            each.add("cycled")
        each.latest_planned = max(each.latest_planned or micros, micros)
        if surprises and studied_at is not None:
            each.add("surprises")
        if decision is not None and decided_at is not None:
            each.add("decided")
            each.add(str(decision))
            decided = msgspec.convert(decided_at, datetime)
            each.days.append((int(number), (decided - planned).total_seconds() / SECONDS_PER_DAY))


_MICROSECOND = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - EPOCH


def _questions(sql: Sql, found: dict[str, PilotFigures], marks: str, ids: list[str]) -> None:
    """Open questions, the day the oldest was asked, and the change in open questions by week,
    as `series.open_by_week` counts them."""
    condition, params = readable(Reader.community(), "t.pilot_id", "t.question_id")
    rows = sql.rows(
        "SELECT t.pilot_id, t.asked_on, t.status, t.settled_at FROM rm_learning_questions t "  # noqa: S608
        f"WHERE t.pilot_id IN ({marks}) AND {condition}",
        [*ids, *params],
    )
    for pilot, asked_on, status, settled_at in rows:
        each = found[pilot]
        if status not in SETTLED:
            each.add("open_questions")
            each.oldest_open = min(each.oldest_open or asked_on, asked_on)
        settled = None if settled_at is None else msgspec.convert(settled_at, datetime)
        for week, change in week_changes(date.fromisoformat(asked_on), status, settled):
            _week(each, week, change)


def _week(each: PilotFigures, week: date, change: int) -> None:
    key = week.isoformat()
    each.weeks[key] = each.weeks.get(key, 0) + change
    if each.weeks[key] == 0:
        del each.weeks[key]


def _insights(sql: Sql, found: dict[str, PilotFigures], marks: str, ids: list[str]) -> None:
    """Insights on a question the pilot has, as the summary counts them."""
    condition, params = readable(Reader.community(), "t.pilot_id", "t.insight_id")
    rows = sql.rows(
        "SELECT t.pilot_id, COUNT(*) FROM rm_learning_insights t "  # noqa: S608
        f"WHERE t.pilot_id IN ({marks}) AND {condition} AND EXISTS (SELECT 1 FROM "
        "rm_learning_questions q WHERE q.pilot_id = t.pilot_id AND q.question_id = t.question_id "
        "AND q.text IS NOT NULL) GROUP BY t.pilot_id",
        [*ids, *params],
    )
    for pilot, count in rows:
        found[pilot].add("insights", int(count))


def _checks(sql: Sql, found: dict[str, PilotFigures], marks: str, ids: list[str]) -> None:
    for name, by_pilot in checks_of(sql, Reader.community(), (marks, list(ids))).items():
        for pilot, ok in by_pilot.items():
            if pilot in found:
                found[pilot].add(f"check:{name}:applies")
                found[pilot].add(f"check:{name}:ok", int(ok))


def differences(
    old: dict[str, PilotFigures], new: dict[str, PilotFigures]
) -> tuple[dict[tuple[str, str, str], int], dict[tuple[str, str, str], int]]:
    """What the totals and the weeks change by when the pilots' parts `old` become `new`."""
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    weeks: dict[tuple[str, str, str], int] = defaultdict(int)
    for parts, sign in ((old, -1), (new, 1)):
        for each in parts.values():
            for scope, theme in each.scopes:
                for name, value in each.counts.items():
                    totals[(scope, theme, name)] += sign * value
                for week, change in each.weeks.items():
                    weeks[(scope, theme, week)] += sign * change
    return _nonzero(totals), _nonzero(weeks)


def _nonzero(found: dict[tuple[str, str, str], int]) -> dict[tuple[str, str, str], int]:
    return {key: value for key, value in found.items() if value}
