"""The question ledger: every question ever asked, read by status or pilot, and one question's
history (each status it has had, and its insights). The read model is in `model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain import rules
from domain.values import QuestionStatus
from projections.engine.base import Row, Sql

_QUESTION = (
    "SELECT pilot_id, question_id, set_id, held_on, asked_at, text, asker, looks_closed, status, "
    "title, position, ordinal FROM rm_question_ledger JOIN rm_question_ledger_pilots "
    "USING (pilot_id)"
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
    after: tuple[str, int, int] | None = None,
    limit: int | None = None,
) -> list[LedgerQuestion]:
    """Questions in the order they were asked, narrowed by status and pilot; a page is at most
    `limit` questions after the sort key `after` (see `LedgerQuestion.key`).

    Raises InvalidEntry for a status that is not one of the question statuses."""
    where, params = list[str](), list[object]()
    if status is not None:
        where.append("status = ?")
        params.append(rules.choice("status", status, QuestionStatus).value)
    if pilot_id is not None:
        where.append("pilot_id = ?")
        params.append(str(pilot_id))
    if after is not None:
        where.append("(held_on, position, ordinal) > (?, ?, ?)")
        params.extend(after)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    tail = "" if limit is None else f" LIMIT {int(limit)}"
    rows = sql.rows(f"{_QUESTION}{clause} ORDER BY held_on, position, ordinal{tail}", params)
    return [_question(row) for row in rows]


def history_of(sql: Sql, pilot_id: UUID, question_id: UUID) -> QuestionHistory | None:
    """The question with every status it has had and every insight, oldest first."""
    key = (str(pilot_id), str(question_id))
    found = sql.rows(f"{_QUESTION} WHERE pilot_id = ? AND question_id = ?", key)
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
