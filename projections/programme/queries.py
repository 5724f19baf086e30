"""The figures across pilots read from the `programme` model: the learning summary's part drawn
from the pilots' own record, the counts of what the community may read, the charts and the
method checks' tally, each for the whole programme or one theme.

A summary narrowed to a period is not kept (a period can be any two days): `ready` says when
these may be read; a period's summary and charts are read by `periods`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from uuid import UUID

import msgspec

from domain.pilot.visibility import Reader
from domain.values import Decision
from projections.access.queries import beyond_community
from projections.engine import claims, tracking
from projections.engine.base import Sql
from projections.learning.scope import Scope
from projections.learning.series import (
    MAX_PILOTS,
    MAX_THEMES,
    NO_THEME,
    ChartData,
    CycleSpan,
    PilotCycles,
    ThemeDecisions,
    WeekCount,
    by_week,
)
from projections.learning.summary import (
    TOP,
    DecisionCounts,
    LearningSummary,
    ThemeCount,
)
from projections.learning.tables import stamp
from projections.method_checks.queries import BY_READER, LABELS, Tally, checks_of
from projections.programme.ideas import kept_ideas
from projections.programme.model import ProgrammeModel
from projections.programme.tables import CYCLES, PILOTS, THEMES, TOTALS, WAITING, WEEKS

KEPT_WITH = (ProgrammeModel.name, *ProgrammeModel.NEEDS)


def ready(sql: Sql, scope: Scope) -> bool:
    """Whether the model holds the figures for `scope`: it is `kept`, and the scope is a theme
    at most (a period is read by `in_period`)."""
    return scope.since is None and scope.until is None and kept(sql)


def kept(sql: Sql) -> bool:
    """Whether the model may be read: it is kept, no rebuild holds it or a model it reads, all
    stand at one position, and no pilot waits to be settled."""
    if not _tracked(sql):
        return False
    if claims.busy(sql) & set(KEPT_WITH):
        return False
    found = tracking.positions(sql, KEPT_WITH)
    if len(found) != len(KEPT_WITH) or len(set(found.values())) != 1:
        return False
    return not sql.rows(f"SELECT 1 FROM {WAITING} LIMIT 1")  # noqa: S608


def _tracked(sql: Sql) -> bool:
    if sql.dialect == "postgresql":
        return sql.rows("SELECT to_regclass('rm_tracking') IS NOT NULL")[0][0] is True
    return bool(sql.rows("SELECT 1 FROM sqlite_master WHERE name = 'rm_tracking'"))


def _key(scope: Scope) -> tuple[str, str]:
    return ("all", "") if scope.theme is None else ("theme", scope.theme)


def totals(sql: Sql, scope: Scope) -> dict[str, int]:
    rows = sql.rows(f"SELECT name, value FROM {TOTALS} WHERE scope = ? AND theme = ?", _key(scope))  # noqa: S608
    return {str(name): int(value) for name, value in rows}


def record_summary(sql: Sql, scope: Scope) -> LearningSummary:
    """The summary of the pilots' own records (`totals.everyones`), less its first surprises,
    which the caller reads in their index's order."""
    position, as_of = stamp(sql)
    found = totals(sql, scope)
    ideas = kept_ideas(sql, scope.theme)
    decided = found.get("decided", 0)
    return LearningSummary(
        position=position,
        as_of=as_of,
        theme=scope.theme,
        since=None,
        until=None,
        pilots=found.get("pilots", 0),
        cycles_decided=decided,
        decisions=DecisionCounts(**{str(d): found.get(str(d), 0) for d in Decision}),
        median_days_per_cycle=_median(sql, scope, decided),
        shared_ideas=ideas[:TOP],
        surprises=[],
        insights=[],
        open_questions=[],
        themes=theme_counts(sql, scope),
        shared_ideas_count=len(ideas),
        surprises_count=found.get("surprises", 0),
    )


def _median(sql: Sql, scope: Scope, count: int) -> float | None:
    """The median cycle length, read from the middle of the index on it."""
    if count == 0:
        return None
    middle = (count - 1) // 2
    taken = 1 if count % 2 else 2
    if scope.theme is None:
        query = f"SELECT days FROM {CYCLES} ORDER BY days LIMIT {taken} OFFSET {middle}"  # noqa: S608
        params: list[object] = []
    else:
        query = (
            f"SELECT c.days FROM {CYCLES} c JOIN {THEMES} th ON th.pilot_id = c.pilot_id "  # noqa: S608
            f"WHERE th.theme = ? ORDER BY c.days LIMIT {taken} OFFSET {middle}"
        )
        params = [scope.theme]
    days = [float(value) for (value,) in sql.rows(query, params)]
    return round(sum(days) / len(days), 1)


def theme_counts(sql: Sql, scope: Scope) -> list[ThemeCount]:
    """How many of the pilots in scope run under each theme."""
    if scope.theme is None:
        rows = sql.rows(
            f"SELECT theme, value FROM {TOTALS} WHERE scope = 'theme' AND name = 'pilots' "  # noqa: S608
            "ORDER BY theme"
        )
    else:
        rows = sql.rows(
            f"SELECT other.theme, COUNT(*) FROM {THEMES} th JOIN {THEMES} other "  # noqa: S608
            "ON other.pilot_id = th.pilot_id WHERE th.theme = ? GROUP BY other.theme "
            "ORDER BY other.theme",
            [scope.theme],
        )
    return [ThemeCount(str(theme), int(count)) for theme, count in rows if count]


def community_counts(sql: Sql, scope: Scope) -> tuple[int, str | None, int]:
    """Open questions, the day the oldest was asked, and insights, that the community may read
    (`totals._counts` for the community)."""
    found = totals(sql, scope)
    if scope.theme is None:
        oldest = sql.rows(f"SELECT MIN(oldest_open) FROM {PILOTS}")  # noqa: S608
    else:
        oldest = sql.rows(
            f"SELECT MIN(p.oldest_open) FROM {PILOTS} p JOIN {THEMES} th "  # noqa: S608
            "ON th.pilot_id = p.pilot_id WHERE th.theme = ?",
            [scope.theme],
        )
    return found.get("open_questions", 0), oldest[0][0], found.get("insights", 0)


def charts(sql: Sql, scope: Scope) -> ChartData:
    """`series.chart_data` for the community, from the kept figures."""
    as_of = stamp(sql)[1]
    themes = _decisions_by_theme(sql, scope)
    cycled = totals(sql, scope).get("cycled", 0) if as_of is not None else 0
    return ChartData(
        cycles=[] if as_of is None else _latest_cycles(sql, scope, as_of),
        pilots_not_drawn=max(0, cycled - MAX_PILOTS),
        decisions_by_theme=themes[:MAX_THEMES],
        themes_not_drawn=max(0, len(themes) - MAX_THEMES),
        open_questions_by_week=[] if as_of is None else kept_weeks(sql, scope, as_of),
    )


def _latest_cycles(sql: Sql, scope: Scope, as_of: datetime) -> list[PilotCycles]:
    """The pilots whose latest cycle started last, oldest of them first, with their cycles."""
    within, params = ("", []) if scope.theme is None else (
        f"AND p.pilot_id IN (SELECT pilot_id FROM {THEMES} WHERE theme = ?)",  # noqa: S608
        [scope.theme],
    )  # fmt: skip
    latest = [
        str(pilot)
        for (pilot,) in sql.rows(
            f"SELECT p.pilot_id FROM {PILOTS} p WHERE p.latest_planned IS NOT NULL {within} "  # noqa: S608
            f"ORDER BY p.latest_planned DESC, p.pilot_id DESC LIMIT {MAX_PILOTS}",
            params,
        )
    ][::-1]
    if not latest:
        return []
    marks = ", ".join("?" * len(latest))
    titles: dict[str, str] = dict(sql.rows(
        f"SELECT pilot_id, title FROM rm_learning_pilots WHERE pilot_id IN ({marks})", latest  # noqa: S608
    ))  # fmt: skip
    spans: dict[str, list[CycleSpan]] = defaultdict(list)
    for pilot, number, planned_at, decided_at, decision in sql.rows(
        "SELECT pilot_id, number, planned_at, decided_at, decision FROM rm_learning_cycles "  # noqa: S608
        f"WHERE pilot_id IN ({marks}) ORDER BY pilot_id, number",
        latest,
    ):
        ended = as_of if decided_at is None else msgspec.convert(decided_at, datetime)
        planned = msgspec.convert(planned_at, datetime)
        spans[pilot].append(CycleSpan(int(number), planned, ended, decision))
    return [PilotCycles(UUID(pilot), titles[pilot], spans[pilot]) for pilot in latest]


def _decisions_by_theme(sql: Sql, scope: Scope) -> list[ThemeDecisions]:
    """`series.decisions_by_theme`: pilots with no theme are counted as NO_THEME."""
    names = [str(d) for d in Decision]
    marks = ", ".join("?" * len(names))
    where, params = ("scope IN ('theme', 'none')", []) if scope.theme is None else (
        "scope = 'theme' AND theme = ?", [scope.theme]
    )  # fmt: skip
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    for kind, theme, name, value in sql.rows(
        f"SELECT scope, theme, name, value FROM {TOTALS} WHERE {where} AND name IN ({marks})",  # noqa: S608
        [*params, *names],
    ):
        counts[NO_THEME if kind == "none" else str(theme)][str(name)] += int(value)
    found = [ThemeDecisions(t, **c) for t, c in counts.items() if sum(c.values())]
    return sorted(found, key=lambda t: (-(t.adopt + t.adapt + t.abandon), t.theme))


def kept_weeks(sql: Sql, scope: Scope, as_of: datetime) -> list[WeekCount]:
    """`series.open_by_week` for the community, from the kept changes by week."""
    changes = {
        date.fromisoformat(week): int(change)
        for week, change in sql.rows(
            f"SELECT week, change FROM {WEEKS} WHERE scope = ? AND theme = ?",  # noqa: S608
            _key(scope),
        )
    }
    return by_week(changes, as_of, scope)


def tally(sql: Sql, reader: Reader) -> Tally:
    """`method_checks.queries.summary` for `reader`: the community's sums, with the pilots where
    the reader may read more (`beyond_community`) judged again for them."""
    found = totals(sql, Scope())
    sums = {
        name: [found.get(f"check:{name}:ok", 0), found.get(f"check:{name}:applies", 0)]
        for name in LABELS
    }
    parts, params = beyond_community(reader)
    pilots = f"SELECT DISTINCT b.pilot_id FROM {parts} b"  # noqa: S608 (constants only)
    affected = sorted({str(p) for (p,) in sql.rows(pilots, params)})
    if affected:
        marks = ", ".join("?" * len(affected))
        kept_parts = f"SELECT counts FROM {PILOTS} WHERE pilot_id IN ({marks})"  # noqa: S608
        for (counts,) in sql.rows(kept_parts, affected):
            kept = json.loads(counts)
            for name in BY_READER:
                sums[name][0] -= kept.get(f"check:{name}:ok", 0)
                sums[name][1] -= kept.get(f"check:{name}:applies", 0)
        for name, by_pilot in checks_of(sql, reader, (marks, list[object](affected))).items():
            if name in BY_READER:
                sums[name][0] += sum(by_pilot.values())
                sums[name][1] += len(by_pilot)
    return {name: (ok, applies) for name, (ok, applies) in sums.items()}
