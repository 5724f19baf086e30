"""The search read model: full text over a pilot's ideas (every version), reflections, study
notes and insights; over stories (title and text); and over workshops (title, principles,
framing questions and ideas, each as it now stands).

One document per entry, keyed so a correction or a revision finds and replaces its text, and
keeping who may read it (`audience`): a pilot's part the access model judges, by the pilot and
the part it names (a reflection's or an insight's id); a team story by its teller and recorder,
kept on the row; everything else by every signed-in account. PostgreSQL indexes a generated
`tsvector` with GIN, and the documents by position; SQLite keeps an FTS5 index beside the
documents, fed by triggers, whose row ids follow the log. Both give a word's newest matches
first without reading the rest, which is how `candidates` bounds the ranking. The titles of
pilots, stories and workshops are kept to name a hit's record; a title is searched only where
it is a document's text (a story's, a workshop's).

A withdrawn reflection's or story's documents, and a story's title, are deleted in the batch
that applies the withdrawal. On SQLite the FTS5 index is then merged into one segment
('optimize'), since a delete there only adds a tombstone and the old segment would keep the
withdrawn words until a later merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from projections.engine.base import Notice, ReadModel, Sql, fold_batch
from projections.engine.rows import chunks
from projections.search.fold import Document, SearchFold

_COLUMNS = "doc_key, record_id, part_id, audience, teller, recorder, kind, text, position"
_SQLITE_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_search_documents (id INTEGER PRIMARY KEY, "
    "doc_key TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL, part_id TEXT NOT NULL DEFAULT '', "
    "audience TEXT NOT NULL, teller TEXT, recorder TEXT, "
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
    "record_id TEXT NOT NULL, part_id TEXT NOT NULL DEFAULT '', audience TEXT NOT NULL, "
    "teller TEXT, recorder TEXT, kind TEXT NOT NULL, "
    "text TEXT NOT NULL, position BIGINT NOT NULL, "
    "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)",
    # Without a pending list (`fastupdate`): new entries would otherwise wait there, unsorted,
    # until a vacuum merged them, and every search read the whole list first. Up to its 4 MB
    # on `huge`, that was 4 ms of each search, a word found nowhere included.
    "CREATE INDEX IF NOT EXISTS rm_search_documents_tsv ON rm_search_documents USING GIN (tsv) "
    "WITH (fastupdate = off)",
    # The newest documents first, to find a common word's newest matches (`candidates`).
    "CREATE INDEX IF NOT EXISTS rm_search_documents_newest "
    "ON rm_search_documents (position, doc_key)",
)
_TITLES = (
    "CREATE TABLE IF NOT EXISTS rm_search_titles (record_id TEXT PRIMARY KEY, title TEXT NOT NULL)"
)

SLOTS = 16  # documents one event may make: a study three, a split of an idea up to ten


def row_id(document: Document) -> int:
    """The FTS5 row id of a document on SQLite, from the log position that first made it: the
    same live and rebuilt, whatever was deleted in between (a counter would not be)."""
    return document.position * SLOTS + document.slot


class SearchModel(ReadModel):
    name = "search"
    tables = ("rm_search_fts", "rm_search_documents", "rm_search_titles")
    # 2: documents name their part (`part_id`), for who may read them; 3: PostgreSQL indexes
    # them by position, newest matches first; 4: stories and workshops, each row with its
    # audience, and the titles of all three (`drop`); 5: the GIN index without a pending list
    shape = 5
    origins = True

    def drop(self, sql: Sql) -> None:
        super().drop(sql)
        sql.run("DROP TABLE IF EXISTS rm_search_pilots")  # the pilots' titles, up to shape 3

    def create(self, sql: Sql) -> None:
        for statement in _SQLITE_TABLES if sql.dialect == "sqlite" else _POSTGRES_TABLES:
            sql.run(statement)
        sql.run(_TITLES)

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        fold = fold_batch(SearchFold(), batch)
        sql.many(
            "INSERT INTO rm_search_titles (record_id, title) VALUES (?, ?) "
            "ON CONFLICT (record_id) DO UPDATE SET title = excluded.title",
            fold.titles.items(),
        )
        rows = fold.documents.items()
        if sql.dialect == "sqlite":
            sql.many(
                f"INSERT INTO rm_search_documents (id, {_COLUMNS}) "  # noqa: S608 (constants)
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (doc_key) DO UPDATE SET text = excluded.text",
                ((row_id(document), key, *document[:-1]) for key, document in rows),
            )
        else:
            sql.many(
                f"INSERT INTO rm_search_documents ({_COLUMNS}) "  # noqa: S608 (constants)
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (doc_key) DO UPDATE SET text = excluded.text",
                ((key, *document[:-1]) for key, document in rows),
            )
        if fold.forgotten or fold.untitled:
            self._forget(sql, fold.forgotten, fold.untitled)

    def _forget(self, sql: Sql, keys: Sequence[str], untitled: Sequence[str]) -> None:
        """Deletes the documents of withdrawn reflections and stories (one each: corrections
        and revisions share its key, found by the key's index rather than a scan) and the
        titles of withdrawn stories, and on SQLite merges the index so no segment keeps their
        words. The merge costs a pass over the whole index, so it runs only when a document
        went: replayed by a rebuild, a withdrawn entry's events carry no text (its key is
        shredded) and made no document to forget."""
        gone = 0
        for chunk, marks in chunks(keys):
            statement = f"DELETE FROM rm_search_documents WHERE doc_key IN ({marks}) RETURNING 1"  # noqa: S608
            gone += len(sql.rows(statement, chunk))
        for chunk, marks in chunks(untitled):
            sql.run(f"DELETE FROM rm_search_titles WHERE record_id IN ({marks})", chunk)  # noqa: S608
        if gone and sql.dialect == "sqlite":
            sql.run("INSERT INTO rm_search_fts (rm_search_fts) VALUES ('optimize')")
