"""The question ledger: every question ever asked, read by status or pilot, and one question's
history (each status it has had, and its insights). The read model is in `model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain import rules
from domain.pilot.visibility import Reader
from domain.values import QuestionStatus
from projections.access.queries import readable
from projections.engine.base import Row, Sql, Where, limit_clause

_QUESTION = (
    "SELECT q.pilot_id, q.question_id, q.set_id, q.held_on, q.asked_at, q.text, q.asker, "
    "q.looks_closed, q.status, p.title, q.position, q.ordinal FROM rm_question_ledger q "
    "JOIN rm_question_ledger_pilots p ON p.pilot_id = q.pilot_id"
)


@dataclass(frozen=True)
class LedgerQuestion:
    pilot_id: UUID
    question_id: UUID
    set_id: UUID
    asked_on: date
    asked_at: datetime
    text: str
    asker: UUID | None
    looks_closed: bool
    status: str
    pilot_title: str
    position: int = 0  # with `ordinal`, where it stands in the order questions were asked
    ordinal: int = 0

    @property
    def key(self) -> tuple[str, int, int]:
        """The sort key: the day its set met, then the order it was recorded and asked in."""
        return (self.asked_on.isoformat(), self.position, self.ordinal)


@dataclass(frozen=True)
class StatusChange:
    status: str
    at: datetime
    actor: UUID


@dataclass(frozen=True)
class LedgerInsight:
    id: UUID
    text: str
    at: datetime
    author: UUID


@dataclass(frozen=True)
class QuestionHistory:
    question: LedgerQuestion
    statuses: tuple[StatusChange, ...]
    insights: tuple[LedgerInsight, ...]


# -- queries ----------------------------------------------------------------------------------


def questions(
    sql: Sql,
    status: QuestionStatus | str | None = None,
    pilot_id: UUID | None = None,
    *,
    reader: Reader,
    after: tuple[str, int, int] | None = None,
    limit: int | None = None,
) -> list[LedgerQuestion]:
    """The questions `reader` may read in the order they were asked, narrowed by status and
    pilot; a page is at most `limit` questions after the sort key `after` (see
    `LedgerQuestion.key`). The reader's scope is in the WHERE clause, so a page is full.

    Raises InvalidEntry for a status that is not one of the question statuses."""
    where = _readable(reader)
    if status is not None:
        where.add("q.status = ?", rules.choice("status", status, QuestionStatus).value)
    if pilot_id is not None:
        where.add("q.pilot_id = ?", str(pilot_id))
    if after is not None:
        where.add("(q.held_on, q.position, q.ordinal) > (?, ?, ?)", *after)
    order = f"ORDER BY q.held_on, q.position, q.ordinal{limit_clause(limit)}"
    rows = sql.rows(f"{_QUESTION} WHERE {where} {order}", where.params)
    return [_question(row) for row in rows]


def history_of(
    sql: Sql, pilot_id: UUID, question_id: UUID, *, reader: Reader
) -> QuestionHistory | None:
    """The question with every status it has had and every insight, oldest first; None when
    there is no such question or `reader` may not read it, so neither can be told apart."""
    key = (str(pilot_id), str(question_id))
    where = _readable(reader)
    found = sql.rows(
        f"{_QUESTION} WHERE q.pilot_id = ? AND q.question_id = ? AND {where}", [*key, *where.params]
    )
    if not found:
        return None
    statuses = sql.rows(
        "SELECT status, at, actor FROM rm_question_ledger_statuses "
        "WHERE pilot_id = ? AND question_id = ? ORDER BY version",
        key,
    )
    insights = sql.rows(
        "SELECT insight_id, text, at, author FROM rm_question_ledger_insights "
        "WHERE pilot_id = ? AND question_id = ? ORDER BY position",
        key,
    )
    return QuestionHistory(
        _question(found[0]),
        tuple(StatusChange(s, datetime.fromisoformat(at), UUID(a)) for s, at, a in statuses),
        tuple(
            LedgerInsight(UUID(i), text, datetime.fromisoformat(at), UUID(author))
            for i, text, at, author in insights
        ),
    )


def _readable(reader: Reader) -> Where:
    """The reader's condition on a question row, judged by the set meeting it was asked at;
    its insights and statuses belong to the same meeting, so one check covers them."""
    condition, params = readable(reader, pilot="q.pilot_id", part="q.set_id")
    return Where([condition], params)


def _question(row: Row) -> LedgerQuestion:
    pilot, question, set_id, held_on, asked_at, text, asker, looks_closed, status, title = row[:10]
    return LedgerQuestion(
        pilot_id=UUID(pilot),
        question_id=UUID(question),
        set_id=UUID(set_id),
        asked_on=date.fromisoformat(held_on),
        asked_at=datetime.fromisoformat(asked_at),
        text=text,
        asker=None if asker is None else UUID(asker),
        looks_closed=bool(looks_closed),
        status=status,
        pilot_title=title,
        position=int(row[10]),
        ordinal=int(row[11]),
    )
