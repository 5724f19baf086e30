"""The matches of a query that a reader may read, newest first, with their scores: what
`queries` ranks a group at a time. Each database reads them in the order of the log, so a page
costs about the same however many entries match; neither ranks or checks the older matches.

Who may read is `readable`, in the SQL, before any limit: a reader's matches are cut into
groups as if the entries they may not read were not there.
"""

from __future__ import annotations

from projections.engine.base import Row, Sql

# FTS5 gives a term's matches in row id order (the log position that made each document), so
# the newest readable ones come first without the older ones being read. Lower bm25 is better.
_SQLITE = (
    "SELECT rm_search_fts.rowid, bm25(rm_search_fts) "
    "FROM rm_search_fts JOIN rm_search_documents d ON d.id = rm_search_fts.rowid "
    "WHERE rm_search_fts MATCH ? AND {readable} "
    "ORDER BY rm_search_fts.rowid DESC LIMIT ? OFFSET ?"
)

# PostgreSQL's GIN index gives matches in no useful order, so the newest documents are read
# first along the position index, NEWEST_SPAN of them for each match wanted; when those hold
# too few, the older matches are taken through GIN and sorted. (Leaving that choice to the
# planner went wrong both ways: a common word read through GIN sorts every match; a word found
# only in old entries read along the index passes every newer document.)
# `readable` is asked of one row at a time, in a lateral subquery, and the limit stops once it
# has enough: as a plain condition the planner may instead hash every entry the reader may
# read, which costs far more than checking a few hundred rows in the access model's indexes.
# Higher ts_rank is better: negated, lower is better on both databases.
NEWEST_SPAN = 25
_LIMIT_MAX = 2**62  # a LIMIT PostgreSQL takes, whatever offset a forged cursor asks for
_NEWEST = (
    "SELECT d.doc_key, -ts_rank(d.tsv, d.query) FROM (SELECT d.*, query FROM ("
    "SELECT doc_key, pilot_id, part_id, position, tsv FROM rm_search_documents "
    "ORDER BY position DESC, doc_key DESC LIMIT ?) AS d, websearch_to_tsquery('english', ?) "
    "AS query WHERE d.tsv @@ query) AS d "
    "CROSS JOIN LATERAL (SELECT WHERE {readable} OFFSET 0) AS allowed "
    "ORDER BY d.position DESC, d.doc_key DESC LIMIT ?"
)
_EDGE = (
    "SELECT position, doc_key FROM rm_search_documents "
    "ORDER BY position DESC, doc_key DESC LIMIT 1 OFFSET ?"
)
# Materialised, so the older matches are found through GIN (or, for a word in most documents,
# a scan), never by walking the position index past the documents that do not match.
_OLDER = (
    "WITH older AS MATERIALIZED (SELECT d.doc_key, d.pilot_id, d.part_id, d.position, d.tsv, "
    "query FROM rm_search_documents d, websearch_to_tsquery('english', ?) AS query "
    "WHERE d.tsv @@ query AND (d.position, d.doc_key) < (?, ?)) "
    "SELECT d.doc_key, -ts_rank(d.tsv, d.query) FROM older AS d "
    "CROSS JOIN LATERAL (SELECT WHERE {readable} OFFSET 0) AS allowed "
    "ORDER BY d.position DESC, d.doc_key DESC LIMIT ?"
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
        return sql.rows(_SQLITE.format(readable=condition), (query, *allowed, take, skip))
    sql.run(_SETTINGS)
    wanted = min(skip + take, _LIMIT_MAX)
    span = min(wanted * NEWEST_SPAN, _LIMIT_MAX)
    found = sql.rows(_NEWEST.format(readable=condition), (span, query, *allowed, wanted))
    if len(found) < wanted:
        edge = sql.rows(_EDGE, (span - 1,))
        if edge:  # the newest documents were not all there is
            more = (query, *edge[0], *allowed, wanted - len(found))
            found += sql.rows(_OLDER.format(readable=condition), more)
    return found[skip:]
