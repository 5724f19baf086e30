"""The matches of a query that a reader may read, newest first, with their scores: what
`queries` ranks a group at a time. Each database reads them in the order of the log, so a page
costs about the same however many entries match; neither ranks or checks the older matches.

Who may read is `audience.documents_readable`, in the SQL, before any limit: a reader's matches
are cut into groups as if the entries they may not read were not there.
"""

from __future__ import annotations

from projections.engine.base import Row, Sql
from projections.search import bm25
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
# One word or phrase: in place of bm25, whose count of every match costs more than the rest of
# the search for a common word, what `bm25.scored` orders the rows by (its marks and length).
_COUNTED = {
    "score": "highlight(rm_search_fts, 0, ?, ?), z.sz",
    "sizes": "LEFT JOIN rm_search_fts_docsize z ON z.id = rm_search_fts.rowid ",
}

# PostgreSQL's GIN index gives matches in no useful order, so the documents are read newest
# first along the position index, a span at a time: first NEWEST_SPAN documents for each match
# wanted. When a span holds too few readable matches, the next is four times as long if the
# word was in at least as many of its documents as are wanted (a common word, of which this
# reader may read few); otherwise the older matches are few, and are taken through GIN and
# sorted. (Left to the planner, this went wrong both ways: a common word read through GIN
# sorted every match; a word found only in old entries, read along the index, passed every
# newer document.)
# Who may read (`readable`, of the row's record, part, audience, teller and recorder) is asked
# of one row at a time, in a lateral subquery, and the limit stops once it has enough: as a
# plain condition the planner may instead hash every entry the reader may read, which costs far
# more than checking a few hundred rows in the access model's indexes.
# Higher ts_rank is better: negated, lower is better on both databases.
NEWEST_SPAN = 25
_LIMIT_MAX = 2**62  # a LIMIT PostgreSQL takes, whatever offset a forged cursor asks for
_FIRST = (_LIMIT_MAX, "")  # before every document: each span ends before its edge
_IN_SPAN = (
    "SELECT d.doc_key, -ts_rank(d.tsv, d.query) FROM (SELECT d.*, query "
    "FROM (SELECT doc_key, record_id, part_id, audience, teller, recorder, position, tsv "
    "FROM rm_search_documents "
    "WHERE (position, doc_key) < (?, ?) ORDER BY position DESC, doc_key DESC LIMIT ?) AS d, "
    "websearch_to_tsquery('english', ?) AS query "
    "WHERE d.tsv @@ query) AS d "
    "CROSS JOIN LATERAL (SELECT WHERE {readable} OFFSET 0) AS allowed "
    "ORDER BY d.position DESC, d.doc_key DESC LIMIT ?"
)
# The span's oldest document (where the next one ends), its length and its matches.
_SPAN_EDGE = (
    "SELECT d.position, d.doc_key, count(*) OVER (), count(*) FILTER (WHERE d.tsv @@ query) "
    "OVER () FROM (SELECT position, doc_key, tsv FROM rm_search_documents "
    "WHERE (position, doc_key) < (?, ?) ORDER BY position DESC, doc_key DESC LIMIT ?) AS d, "
    "websearch_to_tsquery('english', ?) AS query "
    "ORDER BY d.position, d.doc_key LIMIT 1"
)
# The older matches are found through GIN, never by walking the position index past the
# documents that do not match; the fields who may read asks of are taken with them. Sorted
# newest first before anyone is asked, so that asking stops at the limit, and ranked once
# chosen, each by its one row: as a materialised set of whole rows, asked and ranked before
# sorting, a word in 17,260 documents on `huge` took 23 ms here, where this takes 9 ms.
_OLDER = (
    "SELECT p.doc_key, -ts_rank(d.tsv, query) FROM (SELECT d.doc_key, d.position FROM ("
    "SELECT doc_key, record_id, part_id, audience, teller, recorder, position "
    "FROM rm_search_documents "
    "WHERE tsv @@ websearch_to_tsquery('english', ?) AND (position, doc_key) < (?, ?) "
    "ORDER BY position DESC, doc_key DESC OFFSET 0) AS d "
    "CROSS JOIN LATERAL (SELECT WHERE {readable} OFFSET 0) AS allowed "
    "ORDER BY d.position DESC, d.doc_key DESC LIMIT ?) AS p "
    "JOIN rm_search_documents d ON d.doc_key = p.doc_key, "
    "websearch_to_tsquery('english', ?) AS query "
    "ORDER BY p.position DESC, p.doc_key DESC"
)
# A plan made for one word would be wrong for another, and compiling a plan costed over JIT's
# threshold, or starting parallel workers, takes longer than running it: for this transaction.
_SETTINGS = (
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
    "set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
)


def newest_first(
    sql: Sql, query: str, readable: tuple[str, list[object]], skip: int, take: int
) -> list[Row]:
    """(key, score) of up to `take` readable matches, newest first, after the `skip` newest.
    `query` is an FTS5 expression on SQLite, the text as typed on PostgreSQL."""
    condition, allowed = readable
    if sql.dialect == "sqlite":
        params = (MARK, END, query, *allowed, take, skip)
        if not bm25.one_phrase(query):
            return sql.rows(_SQLITE.format(readable=condition, **_BM25), params)
        statement = _SQLITE.format(readable=condition, **_COUNTED)
        return bm25.scored(sql, sql.rows(statement, (MARK, END, *params)))
    sql.run(_SETTINGS)
    wanted = min(skip + take, _LIMIT_MAX)
    span, edge = min(wanted * NEWEST_SPAN, _LIMIT_MAX), _FIRST
    found: list[Row] = []
    while len(found) < wanted:
        more = (*edge, span, query, *allowed, wanted - len(found))
        found += sql.rows(_IN_SPAN.format(readable=condition), more)
        if len(found) == wanted:
            break
        last = sql.rows(_SPAN_EDGE, (*edge, span, query))
        if not last or last[0][2] < span:  # the span reached the oldest document
            break
        edge, matched = (last[0][0], last[0][1]), last[0][3]
        if matched < wanted:  # a word in few documents: the rest through GIN
            rest = (query, *edge, *allowed, wanted - len(found), query)
            found += sql.rows(_OLDER.format(readable=condition), rest)
            break
        span = min(span * 4, _LIMIT_MAX)
    return found[skip:]
