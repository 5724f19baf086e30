"""The figures behind the learning charts, from the same rows and scope as the summary.

Each series is bounded so a large programme still draws a readable chart: the most recently
active pilots, the themes with most decisions, the latest weeks. What is left out is counted.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from uuid import UUID

import msgspec

from domain.values import Decision
from projections.learning.from_log import LearningRows
from projections.learning.rows import SETTLED
from projections.learning.scope import Scope, day_of

MAX_PILOTS = 30
MAX_THEMES = 12
MAX_WEEKS = 104
NO_THEME = "no theme"


class CycleSpan(msgspec.Struct):
    """A cycle from its planning to its decision; one not yet decided runs to `as_of`."""

    number: int
    planned_at: datetime
    ended_at: datetime
    decision: str | None


class PilotCycles(msgspec.Struct):
    pilot_id: UUID
    title: str
    cycles: list[CycleSpan]


class ThemeDecisions(msgspec.Struct):
    theme: str
    adopt: int
    adapt: int
    abandon: int


class WeekCount(msgspec.Struct):
    """Questions still open at the end of the week that starts on Monday `week`."""

    week: date
    open: int


class ChartData(msgspec.Struct):
    cycles: list[PilotCycles]
    pilots_not_drawn: int
    decisions_by_theme: list[ThemeDecisions]
    themes_not_drawn: int
    open_questions_by_week: list[WeekCount]


def chart_data(rows: LearningRows, scope: Scope) -> ChartData:
    spans = cycle_spans(rows, scope)
    themes = decisions_by_theme(rows, scope)
    return ChartData(
        cycles=spans[-MAX_PILOTS:],
        pilots_not_drawn=max(0, len(spans) - MAX_PILOTS),
        decisions_by_theme=themes[:MAX_THEMES],
        themes_not_drawn=max(0, len(themes) - MAX_THEMES),
        open_questions_by_week=open_by_week(rows, scope),
    )


def cycle_spans(rows: LearningRows, scope: Scope) -> list[PilotCycles]:
    """Pilots by the start of their latest cycle, oldest first; cycles in the period only."""
    if rows.as_of is None:
        return []
    titles = {p.pilot_id: p.title for p in rows.pilots if scope.covers(p)}
    found: dict[UUID, list[CycleSpan]] = defaultdict(list)
    for c in rows.cycles:
        ended = c.decided_at or rows.as_of
        if c.pilot_id not in titles or not _overlaps(scope, c.planned_at, ended):
            continue
        found[c.pilot_id].append(CycleSpan(c.number, c.planned_at, ended, c.decision))
    latest = sorted(found, key=lambda p: (max(s.planned_at for s in found[p]), p))
    return [PilotCycles(p, titles[p], found[p]) for p in latest]


def decisions_by_theme(rows: LearningRows, scope: Scope) -> list[ThemeDecisions]:
    """Decided cycles counted under each theme of their pilot, most decisions first."""
    themes = {p.pilot_id: p.themes or (NO_THEME,) for p in rows.pilots if scope.covers(p)}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Decision, 0))
    for c in rows.cycles:
        if c.pilot_id in themes and c.decision is not None and scope.during(c.decided_at):
            for theme in themes[c.pilot_id]:
                if scope.theme in (None, theme):
                    counts[theme][c.decision] += 1
    found = [ThemeDecisions(t, **{str(d): n for d, n in c.items()}) for t, c in counts.items()]
    return sorted(found, key=lambda t: (-(t.adopt + t.adapt + t.abandon), t.theme))


def open_by_week(rows: LearningRows, scope: Scope) -> list[WeekCount]:
    """Open questions at the end of each week of the period (default: from the first question
    asked to `as_of`), at most the last MAX_WEEKS weeks."""
    if rows.as_of is None:
        return []
    covered = {p.pilot_id for p in rows.pilots if scope.covers(p)}
    changes: dict[date, int] = defaultdict(int)
    for q in rows.questions:
        if q.pilot_id in covered:
            for week, change in week_changes(q.asked_on, q.status, q.settled_at):
                changes[week] += change
    return by_week(changes, rows.as_of, scope)


def week_changes(
    asked_on: date, status: str, settled_at: datetime | None
) -> list[tuple[date, int]]:
    """What one question adds to the open questions by week: one from the Monday of the week it
    was asked, less one from the week it was settled (nothing if both fall in one week)."""
    asked = monday(asked_on)
    settled = None
    if status in SETTLED and settled_at is not None:
        settled = monday(day_of(settled_at))
    if settled is None:
        return [(asked, 1)]
    return [(asked, 1), (settled, -1)] if settled > asked else []


def by_week(changes: dict[date, int], as_of: datetime, scope: Scope) -> list[WeekCount]:
    """The open questions at the end of each week of the period, from the changes by week."""
    if not changes:
        return []
    last = monday(min(scope.until or day_of(as_of), day_of(as_of)))
    first = monday(scope.since) if scope.since else min(changes)
    first = max(first, last - timedelta(weeks=MAX_WEEKS - 1))
    running = sum(n for week, n in changes.items() if week < first)
    found = []
    week = first
    while week <= last:
        running += changes.get(week, 0)
        found.append(WeekCount(week, running))
        week += timedelta(weeks=1)
    return found


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _overlaps(scope: Scope, start: datetime, end: datetime) -> bool:
    return (scope.since is None or day_of(end) >= scope.since) and (
        scope.until is None or day_of(start) <= scope.until
    )
