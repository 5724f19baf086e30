"""The matches of a query that a reader may read, newest first, with their scores: what
`queries` ranks a group at a time. Each database reads a common word's matches in the order of
the log, so a page costs about the same however many entries match (a rare word's few are
sorted by it); neither ranks or checks the older matches.

SQLite's way is here; PostgreSQL's, which has more to it, is in `postgres`.

Who may read is `audience.documents_readable`, in the SQL, before any limit: a reader's matches
are cut into groups as if the entries they may not read were not there.
"""

from __future__ import annotations

from projections.engine.base import Row, Sql
from projections.search import bm25, postgres
from projections.search.terms import END, MARK

# FTS5 gives a term's matches in row id order (the log position that made each document), so
# the newest readable ones come first without the older ones being read. Lower bm25 is better.
# Each row carries its page fields and snippet too: asking FTS5 again for the page's rows
# (MATCH with `rowid IN (...)`) walked every match of a common word, 5 ms on `large`, where
# snippets for the whole group cost 0.5 ms.
_SQLITE = (
    "SELECT rm_search_fts.rowid, {score}, d.record_id, d.part_id, d.kind, "
    "snippet(rm_search_fts, 0, ?, ?, '…', 24), t.title "
    "FROM rm_search_fts JOIN rm_search_documents d ON d.id = rm_search_fts.rowid {sizes}"
    "LEFT JOIN rm_search_titles t ON t.record_id = d.record_id "
    "WHERE rm_search_fts MATCH ? AND {readable} "
    "ORDER BY rm_search_fts.rowid DESC LIMIT ? OFFSET ?"
)
_BM25 = {"score": "bm25(rm_search_fts)", "sizes": ""}
# One word: in place of bm25, whose count of every match costs more than the rest of
# the search for a common word, what `bm25.scored` orders the rows by (its marks and length).
_COUNTED = {
    "score": "highlight(rm_search_fts, 0, ?, ?), z.sz",
    "sizes": "LEFT JOIN rm_search_fts_docsize z ON z.id = rm_search_fts.rowid ",
}


def newest_first(
    sql: Sql, query: str, readable: tuple[str, list[object]], skip: int, take: int
) -> list[Row]:
    """(key, score) of up to `take` readable matches, newest first, after the `skip` newest.
    `query` is an FTS5 expression on SQLite, the text as typed on PostgreSQL."""
    condition, allowed = readable
    if sql.dialect == "sqlite":
        params = (MARK, END, query, *allowed, take, skip)
        if not bm25.one_word(query):
            return sql.rows(_SQLITE.format(readable=condition, **_BM25), params)
        statement = _SQLITE.format(readable=condition, **_COUNTED)
        return bm25.scored(sql, sql.rows(statement, (MARK, END, *params)))
    return postgres.newest_first(sql, query, readable, skip, take)
