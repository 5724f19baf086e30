"""A learning summary and its charts narrowed to a period. A period can be any two days, so its
figures are not kept: its rows are found in SQL (`in_period`), and `summarise` and `chart_data`
take the period's entries from them, as they would from every row."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from projections.engine.base import Sql
from projections.learning.from_log import LearningRows
from projections.learning.queries import select_rows
from projections.learning.rows import CycleRow, IdeaRow, PilotRow
from projections.learning.scope import Scope
from projections.learning.series import ChartData, chart_data
from projections.learning.summary import LearningSummary, summarise
from projections.programme.queries import kept_weeks, theme_counts, totals
from projections.programme.tables import THEMES


def in_period(sql: Sql, scope: Scope) -> LearningRows:
    """The pilots, ideas and cycles a summary or chart narrowed to a period can draw on: the
    cycles that may overlap the period (planned before its end, and not decided before its
    start) and their pilots and ideas, found in SQL. The bounds are a day wider than the period
    on each side, so a time stored with any offset is kept; `summarise` and `chart_data` then
    take exactly the period's entries from them, as they would from every row."""
    where, params = _overlapping(scope, "t")
    cycles = select_rows(sql, (CycleRow,), where=(where, params))
    inner, params = _overlapping(scope, "c")
    pilots = f"t.pilot_id IN (SELECT c.pilot_id FROM rm_learning_cycles c WHERE {inner})"  # noqa: S608
    others = select_rows(sql, (PilotRow, IdeaRow), where=(pilots, params))
    return LearningRows.of(cycles.position, cycles.as_of, [*others.rows, *cycles.rows])


def _overlapping(scope: Scope, cycle: str) -> tuple[str, list[object]]:
    """The condition that the cycle named `cycle` may overlap the scope's period and theme."""
    conditions, params = ["1 = 1"], list[object]()
    if scope.until is not None:
        conditions.append(f"{cycle}.planned_at < ?")
        params.append((scope.until + timedelta(days=2)).isoformat())
    if scope.since is not None:
        conditions.append(f"({cycle}.decided_at IS NULL OR {cycle}.decided_at >= ?)")
        params.append((scope.since - timedelta(days=1)).isoformat())
    if scope.theme is not None:
        conditions.append(f"{cycle}.pilot_id IN (SELECT pilot_id FROM {THEMES} WHERE theme = ?)")  # noqa: S608
        params.append(scope.theme)
    return " AND ".join(conditions), params


def period_summary(sql: Sql, scope: Scope) -> LearningSummary:
    """`summarise` of every row for a period, from the rows `in_period` finds; the pilots in
    scope and their themes do not depend on the period, so they are read from the sums."""
    found = summarise(in_period(sql, scope), scope)
    pilots = totals(sql, Scope(theme=scope.theme)).get("pilots", 0)
    return msgspec.structs.replace(found, pilots=pilots, themes=theme_counts(sql, scope))


def period_charts(sql: Sql, scope: Scope) -> ChartData:
    """`chart_data` of every row for a period: the cycles from `in_period`, and the open
    questions by week from the changes the model keeps."""
    rows = in_period(sql, scope)
    found = chart_data(rows, scope)
    weeks = [] if rows.as_of is None else kept_weeks(sql, scope, rows.as_of)
    return msgspec.structs.replace(found, open_questions_by_week=weeks)
