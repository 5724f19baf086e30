"""The learning summary for a reader, read from the `learning` model in a few statements, and
its lists page by page.

The pilot's own record (pilots, ideas, cycles) is everyone's, so that part of the summary (the
counts, the median, shared ideas, surprises, themes) is the same for every reader: it is made
once per log position and scope and kept in a `Memo`. The parts about set meetings (insights
and open questions) depend on the reader, so they are counted, and their first page read, in
SQL under `readable(...)`: nothing the reader may not read is counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from domain.pilot.visibility import Reader
from projections.access.model import AccessModel
from projections.access.queries import beyond_community, readable
from projections.engine.base import Sql
from projections.learning.from_log import LearningRows
from projections.learning.memo import Memo
from projections.learning.model import LearningModel
from projections.learning.queries import select_rows
from projections.learning.rows import SETTLED, CycleRow, IdeaRow, PilotRow
from projections.learning.scope import Scope, day_of
from projections.learning.summary import (
    TOP,
    InsightNote,
    LearningSummary,
    OpenQuestion,
    Surprise,
    summarise,
)
from projections.learning.tables import stamp
from projections.programme import periods
from projections.programme import queries as programme

if TYPE_CHECKING:
    from projections.engine.runner import Projector

Key = tuple[Any, ...]


def summary_for(sql: Sql, reader: Reader, scope: Scope, memo: Memo) -> LearningSummary:
    """What `summarise` gives for the rows `reader` may read, from counts and first pages;
    kept per position, scope and reader (never given to another reader), so a reader who
    reads again while the log has not moved asks the database nothing more."""
    key = _memo_key(sql, scope)
    return memo.get(("reader", *key, reader), lambda: _for_reader(sql, reader, scope, memo))


def _for_reader(sql: Sql, reader: Reader, scope: Scope, memo: Memo) -> LearningSummary:
    key = _memo_key(sql, scope)
    common = everyones(sql, scope, memo)
    shared = memo.get(("counts", *key), lambda: _community_counts(sql, scope))
    own = _counts(sql, scope, _beyond(reader))
    asked, noted = shared[0] + own[0], shared[2] + own[2]
    oldest = min((day for day in (shared[1], own[1]) if day is not None), default=None)
    today = None if common.as_of is None else day_of(common.as_of)
    return msgspec.structs.replace(
        common,
        insights=insights(sql, reader, scope, None, TOP),
        insights_count=noted,
        open_questions=open_questions(sql, reader, scope, today, None, TOP),
        open_questions_count=asked,
        oldest_open_days=None if oldest is None else _age(today, date.fromisoformat(oldest)),
    )


def everyones(sql: Sql, scope: Scope, memo: Memo) -> LearningSummary:
    """The summary of the pilots' own records alone (no set meeting is in it, so it is the
    same for every reader), kept in `memo` per log position and scope."""
    return memo.get(_memo_key(sql, scope), lambda: _everyones(sql, scope))


def _memo_key(sql: Sql, scope: Scope) -> Key:
    return (stamp(sql)[0], scope)


def _community_counts(sql: Sql, scope: Scope) -> tuple[int, str | None, int]:
    """The counts of what the community may read: the `programme` model's sums where it keeps
    them, else counted row by row."""
    if programme.ready(sql, scope):
        return programme.community_counts(sql, scope)
    return _counts(sql, scope, _community)


def _counts(sql: Sql, scope: Scope, rows: Source) -> tuple[int, str | None, int]:
    """Open questions, the day the oldest was asked, and insights, among the rows `rows`
    gives: the community's are kept per position, and a reader's own are added to them."""
    asked, oldest = _count(sql, *_open_questions(scope, rows), "MIN(t.asked_on)")
    noted, _ = _count(sql, *_insights(scope, rows), "NULL")
    return asked, oldest, noted


def _everyones(sql: Sql, scope: Scope) -> LearningSummary:
    """The summary of the pilots' own records alone: no set meeting is in it. Read from the
    `programme` model's sums where it keeps them, or, for a period, from the rows it may draw
    on, found in SQL; else worked out from every row."""
    if programme.ready(sql, scope):
        kept = programme.record_summary(sql, scope)
        return msgspec.structs.replace(kept, surprises=surprises(sql, scope, None, TOP))
    if programme.kept(sql):
        return periods.period_summary(sql, scope)
    rows = select_rows(sql, (PilotRow, IdeaRow, CycleRow))
    return summarise(LearningRows.of(rows.position, rows.as_of, rows.rows), scope)


# -- the lists, page by page ------------------------------------------------------------------

# The rows about set meetings, each with its pilot, and the column naming its part of a meeting.
_TABLES = {
    "questions": "rm_learning_questions t JOIN rm_learning_pilots p ON p.pilot_id = t.pilot_id",
    "insights": "rm_learning_insights t JOIN rm_learning_pilots p ON p.pilot_id = t.pilot_id",
}
# An insight is shown with the question it answers. Looked up for each row, not joined: joined
# on two columns, PostgreSQL took the pair for independent and expected 5 of 10,000 rows, so it
# sorted every insight for a page (300 ms on `large`).
_QUESTION = (
    "(SELECT q.text FROM rm_learning_questions q "
    "WHERE q.pilot_id = t.pilot_id AND q.question_id = t.question_id)"
)
_PART = {"questions": "t.question_id", "insights": "t.insight_id"}
_SURPRISES = (
    "FROM rm_learning_cycles t JOIN rm_learning_pilots p ON p.pilot_id = t.pilot_id "
    "WHERE t.surprises <> '' AND t.studied_at IS NOT NULL"
)
# The rows of a kind ("questions", "insights") some reader may read: FROM ... WHERE ..., and
# its parameters.
Source = Callable[[str], tuple[str, list[object]]]


def _readable_by(reader: Reader) -> Source:
    """The rows `reader` may read, each tested by `readable`: for reading a page in order."""

    def rows(kind: str) -> tuple[str, list[object]]:
        condition, params = readable(reader, "t.pilot_id", _PART[kind])
        return f"FROM {_TABLES[kind]} WHERE {condition}", params

    return rows


_community = _readable_by(Reader.community())


def _beyond(reader: Reader) -> Source:
    """The rows `reader` may read and the community may not, looked up from those few parts
    (`beyond_community`), so counting them does not test every row."""

    def rows(kind: str) -> tuple[str, list[object]]:
        parts, params = beyond_community(reader)
        where = f"t.pilot_id = b.pilot_id AND {_PART[kind]} = b.part_id"
        return f"FROM {parts} b CROSS JOIN {_TABLES[kind]} WHERE {where}", params

    return rows


def open_questions(
    sql: Sql, reader: Reader, scope: Scope, today: date | None, after: Key | None, limit: int
) -> list[OpenQuestion]:
    """Questions not yet answered or closed, oldest first, after the key (asked_on, pilot_id,
    question_id)."""
    where, params = _open_questions(scope, _readable_by(reader))
    columns = "t.pilot_id, p.title, t.question_id, t.text, t.status, t.asked_on"
    order = ("t.asked_on", "t.pilot_id", "t.question_id")
    found = _page(sql, columns, where, params, order, after, limit)
    return [
        OpenQuestion(
            UUID(pilot), title, UUID(question), text, status, date.fromisoformat(on),
            _age(today, date.fromisoformat(on)),
        )
        for pilot, title, question, text, status, on in found
    ]  # fmt: skip


def insights(
    sql: Sql, reader: Reader, scope: Scope, after: Key | None, limit: int
) -> list[InsightNote]:
    """Each insight with the question it answers, oldest first, after the key (at, pilot_id,
    insight_id)."""
    return [note for _, note in keyed_insights(sql, reader, scope, after, limit)]


def keyed_insights(
    sql: Sql, reader: Reader, scope: Scope, after: Key | None, limit: int
) -> list[tuple[Key, InsightNote]]:
    """The insights with their sort keys, which a note does not show (the insight's id)."""
    where, params = _insights(scope, _readable_by(reader))
    columns = f"t.pilot_id, p.title, {_QUESTION}, t.text, t.at, t.insight_id"
    order = ("t.at", "t.pilot_id", "t.insight_id")
    found = _page(sql, columns, where, params, order, after, limit)
    return [
        ((at, pilot, insight),
         InsightNote(UUID(pilot), title, question, text, msgspec.convert(at, datetime)))
        for pilot, title, question, text, at, insight in found
    ]  # fmt: skip


def surprises(sql: Sql, scope: Scope, after: Key | None, limit: int) -> list[Surprise]:
    """What surprised each cycle's team, oldest study first, after the key (studied_at,
    pilot_id, number). Cycles are the pilot's own record: everyone reads them."""
    where, params = _scoped(_SURPRISES, [], scope, "t.studied_at", moment=True)
    found = _page(sql, "t.pilot_id, p.title, t.number, t.surprises, t.studied_at", where, params,
                  ("t.studied_at", "t.pilot_id", "t.number"), after, limit)  # fmt: skip
    return [
        Surprise(UUID(pilot), title, int(number), text, msgspec.convert(at, datetime))
        for pilot, title, number, text, at in found
    ]


def _open_questions(scope: Scope, rows: Source) -> tuple[str, list[object]]:
    where, params = rows("questions")
    where += " AND t.status NOT IN (?, ?)"
    return _scoped(where, [*params, *sorted(SETTLED)], scope, "t.asked_on", moment=False)


def _insights(scope: Scope, rows: Source) -> tuple[str, list[object]]:
    where, params = rows("insights")
    return _scoped(f"{where} AND {_QUESTION} IS NOT NULL", params, scope, "t.at", moment=True)


def _scoped(
    where: str, params: list[object], scope: Scope, column: str, *, moment: bool
) -> tuple[str, list[object]]:
    """The scope's theme and period added to a FROM ... WHERE clause. Times are stored as ISO
    text in UTC, so a day's bounds compare as text and can use an index."""
    params = list(params)
    if scope.theme is not None:
        where += " AND p.themes LIKE ? ESCAPE '!'"
        params.append(f"%{_escaped(json.dumps(scope.theme))}%")
    if scope.since is not None:
        where += f" AND {column} >= ?"
        params.append(scope.since.isoformat())
    if scope.until is not None:
        where += f" AND {column} < ?" if moment else f" AND {column} <= ?"
        params.append((scope.until + timedelta(days=1) if moment else scope.until).isoformat())
    return where, params


def _escaped(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _page(
    sql: Sql,
    columns: str,
    where: str,
    params: list[object],
    order: tuple[str, str, str],
    after: Key | None,
    limit: int,
) -> list[Any]:
    if after is not None:
        where += f" AND ({', '.join(order)}) > (?, ?, ?)"
        params = [*params, *after]
    query = f"SELECT {columns} {where} ORDER BY {', '.join(order)} LIMIT {int(limit)}"
    return sql.rows(query, params)


def _count(sql: Sql, where: str, params: list[object], extra: str) -> tuple[int, Any]:
    (found,) = sql.rows(f"SELECT COUNT(*), {extra} {where}", params)
    return int(found[0]), found[1]


def _age(today: date | None, asked: date) -> int:
    """Days from the set's meeting to `as_of`; a set dated later is 0 days old."""
    return 0 if today is None else max(0, (today - asked).days)


def kept_for_summary(projector: Projector) -> bool:
    """Whether the projector keeps the models the summary reads (learning, and access for who
    may read each row)."""
    return {LearningModel.name, AccessModel.name} <= set(projector.names)
