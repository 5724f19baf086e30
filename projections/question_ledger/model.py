"""The question ledger's model: every question asked in a set meeting, its status history and
its insights, with the pilot's title to name where it was asked.

Ids of questions and insights are derived from a person's submission, so two pilots may hold
the same id (one person reusing an Idempotency-Key on two pilots): rows are keyed by pilot too.
A batch is folded in memory first (`fold`), so each table gets one statement per kind of change.
"""

from __future__ import annotations

from collections.abc import Sequence

from projections.engine.base import Notice, ReadModel, Sql, fold_batch
from projections.engine.rows import create_titles, save_titles
from projections.question_ledger.fold import LedgerFold


class QuestionLedgerModel(ReadModel):
    name = "question_ledger"
    shape = 2  # 2: an index in the ledger's order
    tables = (
        "rm_question_ledger", "rm_question_ledger_statuses", "rm_question_ledger_insights",
        "rm_question_ledger_pilots",
    )  # fmt: skip

    def create(self, sql: Sql) -> None:
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_question_ledger (pilot_id TEXT NOT NULL, "
            "question_id TEXT NOT NULL, set_id TEXT NOT NULL, held_on TEXT NOT NULL, "
            "asked_at TEXT NOT NULL, position BIGINT NOT NULL, ordinal INTEGER NOT NULL, "
            "text TEXT NOT NULL, asker TEXT, looks_closed INTEGER NOT NULL, "
            "status TEXT NOT NULL, PRIMARY KEY (pilot_id, question_id))"
        )
        # The ledger's order, with a status and without, so a page is read in order and the
        # read stops when the page is full.
        sql.run(
            "CREATE INDEX IF NOT EXISTS rm_question_ledger_by_status "
            "ON rm_question_ledger (status, held_on, position, ordinal)"
        )
        sql.run(
            "CREATE INDEX IF NOT EXISTS rm_question_ledger_asked "
            "ON rm_question_ledger (held_on, position, ordinal)"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_question_ledger_statuses (pilot_id TEXT NOT NULL, "
            "question_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, "
            "at TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (pilot_id, question_id, version))"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_question_ledger_insights (pilot_id TEXT NOT NULL, "
            "insight_id TEXT NOT NULL, question_id TEXT NOT NULL, position BIGINT NOT NULL, "
            "text TEXT NOT NULL, at TEXT NOT NULL, author TEXT NOT NULL, "
            "PRIMARY KEY (pilot_id, insight_id))"
        )
        create_titles(sql, "rm_question_ledger_pilots")

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        fold = fold_batch(LedgerFold(), batch)
        save_titles(sql, "rm_question_ledger_pilots", fold.titles)
        sql.insert(
            "rm_question_ledger",
            "pilot_id, question_id, set_id, held_on, asked_at, position, ordinal, text, asker, "
            "looks_closed, status",
            fold.questions.values(),
        )
        sql.many(
            "UPDATE rm_question_ledger SET status = ? WHERE pilot_id = ? AND question_id = ?",
            ((status, *key) for key, status in fold.statuses.items()),
        )
        sql.insert(
            "rm_question_ledger_statuses",
            "pilot_id, question_id, version, status, at, actor",
            fold.changes,
        )
        sql.insert(
            "rm_question_ledger_insights",
            "pilot_id, insight_id, question_id, position, text, at, author",
            fold.insights.values(),
        )
        sql.many(
            "UPDATE rm_question_ledger_insights SET text = ? WHERE pilot_id = ? AND insight_id = ?",
            ((text, *key) for key, text in fold.corrected.items()),
        )
