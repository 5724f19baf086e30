"""The search read model: full text over ideas (every version), reflections, study notes, insights.

One document per entry, keyed so a correction finds and replaces its text, and naming the part
it is about (a reflection's or an insight's id; '' for the pilot's own record) so a search
shows each reader only what the access model lets them read. PostgreSQL indexes a generated
`tsvector` with GIN, and the documents by position; SQLite keeps an FTS5 index beside the
documents, fed by triggers, whose row ids follow the log. Both give a word's newest matches
first without reading the rest, which is how `candidates` bounds the ranking. Pilot titles
are kept only to name a hit's pilot, not searched.

A withdrawn reflection's documents are deleted in the batch that applies the withdrawal. On
SQLite the FTS5 index is then merged into one segment ('optimize'), since a delete there only
adds a tombstone and the old segment would keep the withdrawn words until a later merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from projections.engine.base import Notice, ReadModel, Sql, fold_batch
from projections.engine.rows import chunks, create_titles, save_titles
from projections.search.fold import Document, SearchFold

_SQLITE_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_search_documents (id INTEGER PRIMARY KEY, "
    "doc_key TEXT NOT NULL UNIQUE, pilot_id TEXT NOT NULL, part_id TEXT NOT NULL DEFAULT '', "
    "kind TEXT NOT NULL, text TEXT NOT NULL, position BIGINT NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS rm_search_fts USING fts5(text, "
    "content='rm_search_documents', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS rm_search_documents_added "
    "AFTER INSERT ON rm_search_documents BEGIN "
    "INSERT INTO rm_search_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS rm_search_documents_changed "
    "AFTER UPDATE ON rm_search_documents BEGIN "
    "INSERT INTO rm_search_fts (rm_search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO rm_search_fts (rowid, text) VALUES (new.id, new.text); END",
    # An external-content index forgets a row only when told the text it indexed.
    "CREATE TRIGGER IF NOT EXISTS rm_search_documents_deleted "
    "AFTER DELETE ON rm_search_documents BEGIN "
    "INSERT INTO rm_search_fts (rm_search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "END",
)
_POSTGRES_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_search_documents (doc_key TEXT PRIMARY KEY, "
    "pilot_id TEXT NOT NULL, part_id TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, "
    "text TEXT NOT NULL, position BIGINT NOT NULL, "
    "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)",
    "CREATE INDEX IF NOT EXISTS rm_search_documents_tsv ON rm_search_documents USING GIN (tsv)",
    # The newest documents first, to find a common word's newest matches (`candidates`).
    "CREATE INDEX IF NOT EXISTS rm_search_documents_newest "
    "ON rm_search_documents (position, doc_key)",
)


# Study makes up to three documents from one event; every other event makes at most one.
_SLOTS = {"learning": 0, "surprises": 1, "results": 2}


def row_id(document: Document) -> int:
    """The FTS5 row id of a document on SQLite, from the log position that first made it: the
    same live and rebuilt, whatever was deleted in between (a counter would not be)."""
    return document[4] * 4 + _SLOTS.get(document[2], 0)


class SearchModel(ReadModel):
    name = "search"
    tables = ("rm_search_fts", "rm_search_documents", "rm_search_pilots")
    # 2: documents name their part (`part_id`), for who may read them; 3: PostgreSQL indexes
    # them by position, newest matches first
    shape = 3

    def create(self, sql: Sql) -> None:
        for statement in _SQLITE_TABLES if sql.dialect == "sqlite" else _POSTGRES_TABLES:
            sql.run(statement)
        create_titles(sql, "rm_search_pilots")

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        fold = fold_batch(SearchFold(), batch)
        save_titles(sql, "rm_search_pilots", fold.titles)
        if sql.dialect == "sqlite":
            sql.many(
                "INSERT INTO rm_search_documents "
                "(id, doc_key, pilot_id, part_id, kind, text, position) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (doc_key) DO UPDATE SET text = excluded.text",
                ((row_id(row), key, *row) for key, row in fold.documents.items()),
            )
        else:
            sql.many(
                "INSERT INTO rm_search_documents "
                "(doc_key, pilot_id, part_id, kind, text, position) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (doc_key) DO UPDATE SET text = excluded.text",
                ((key, *row) for key, row in fold.documents.items()),
            )
        if fold.withdrawn:
            self._forget(sql, fold.withdrawn)

    def _forget(self, sql: Sql, withdrawn: Sequence[tuple[str, str]]) -> None:
        """Deletes every document of the withdrawn reflections (one each: its corrections share
        its key, found by the key's index rather than a scan), and on SQLite merges the index so
        no segment keeps their words. The merge costs a pass over the whole index, so it runs
        only when a document went: replayed by a rebuild, a withdrawn reflection's events carry
        no text (its key is shredded) and made no document to forget."""
        keys = [f"{pilot}/reflection/{part}" for pilot, part in withdrawn]
        gone = 0
        for chunk, marks in chunks(keys):
            statement = f"DELETE FROM rm_search_documents WHERE doc_key IN ({marks}) RETURNING 1"  # noqa: S608
            gone += len(sql.rows(statement, chunk))
        if gone and sql.dialect == "sqlite":
            sql.run("INSERT INTO rm_search_fts (rm_search_fts) VALUES ('optimize')")
