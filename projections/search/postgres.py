"""How PostgreSQL finds a reader's matches newest first (`candidates.newest_first` on this
database): along the position index a span at a time, or through GIN.

GIN gives the matches of a word in no useful order, and each must be read from its row to learn
its position; the position index gives the newest documents first, matching or not. So:
- A word the planner expects in fewer than one document in NEWEST_SPAN is taken through GIN at
  once, sorted by position: a span of the newest documents would be expected to hold fewer
  matches than are wanted, and the walk would end in GIN anyway.
- Any other word is looked for in the newest documents, NEWEST_SPAN for each match wanted.
  When a span holds too few readable matches, the next is four times as long if the word was in
  at least as many of its documents as are wanted (a common word, of which this reader may read
  few); otherwise the older matches are few, and are taken through GIN.

(Left to the planner, the one query went wrong both ways: a common word read through GIN sorted
every match; a word found only in old entries, read along the index, passed every newer
document. Walking a span first for every word, a search for a word in 640 documents on `huge`
took 5.8 ms in process, where it now takes 3.0 ms.)

Who may read (`readable`, of the row's record, part, audience, teller and recorder) is asked of
one row at a time, in a lateral subquery, and the limit stops once it has enough: as a plain
condition the planner may instead hash every entry the reader may read, which costs far more
than checking a few hundred rows in the access model's indexes. Higher ts_rank is better:
negated, lower is better on both databases.
"""

from __future__ import annotations

from typing import Any

from projections.engine.base import Row, Sql

NEWEST_SPAN = 25
_LIMIT_MAX = 2**62  # a LIMIT PostgreSQL takes, whatever offset a forged cursor asks for
_FIRST = (_LIMIT_MAX, "")  # before every document: each span ends before its edge

# A plan made for one word would be wrong for another, and compiling a plan costed over JIT's
# threshold, or starting parallel workers, takes longer than running it: for this transaction.
# With them, what the planner knows of the documents: how many there are, and whether it holds
# the shares of the common words (`most_common_elems`, which ANALYZE gathers; without them it
# takes every word for a rare one).
_SETTINGS = (
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
    "set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), "
    "c.reltuples, EXISTS (SELECT FROM pg_stats s WHERE s.schemaname = n.nspname "
    "AND s.tablename = c.relname AND s.attname = 'tsv' AND s.most_common_elems IS NOT NULL) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.oid = 'rm_search_documents'::regclass"
)
# How many documents the planner expects the query to match: a plan, not a run (0.1 ms).
_PLANNED = (
    "EXPLAIN (FORMAT JSON) SELECT FROM rm_search_documents "
    "WHERE tsv @@ websearch_to_tsquery('english', ?)"
)
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
# The span's oldest document (where the next one ends), its length and its matches; only
# whether each matches is sorted, not its `tsv`.
_SPAN_EDGE = (
    "SELECT d.position, d.doc_key, count(*) OVER (), count(*) FILTER (WHERE d.hit) OVER () "
    "FROM (SELECT position, doc_key, tsv @@ websearch_to_tsquery('english', ?) AS hit "
    "FROM rm_search_documents "
    "WHERE (position, doc_key) < (?, ?) ORDER BY position DESC, doc_key DESC LIMIT ?) AS d "
    "ORDER BY d.position, d.doc_key LIMIT 1"
)
# The matches through GIN, before the edge, sorted newest first by position and key alone
# (`m`), each row found again by its place in the table (`ctid`, in this statement's own
# snapshot) when who may read is asked of it, in that order, so that asking stops at the
# limit; ranked once chosen. Sorting whole rows, with the fields who may read asks of, took
# 5.0 ms for a word in 10,000 documents on `huge`, where this takes 3.5 ms.
_OLDER = (
    "SELECT p.doc_key, -ts_rank(d.tsv, query) FROM (SELECT m.doc_key, m.position, m.ctid FROM ("
    "SELECT doc_key, position, ctid FROM rm_search_documents "
    "WHERE tsv @@ websearch_to_tsquery('english', ?) AND (position, doc_key) < (?, ?) "
    "ORDER BY position DESC, doc_key DESC OFFSET 0) AS m "
    "CROSS JOIN LATERAL (SELECT FROM rm_search_documents d "
    "WHERE d.ctid = m.ctid AND {readable} OFFSET 0) AS allowed "
    "ORDER BY m.position DESC, m.doc_key DESC LIMIT ?) AS p "
    "JOIN rm_search_documents d ON d.ctid = p.ctid, websearch_to_tsquery('english', ?) AS query "
    "ORDER BY p.position DESC, p.doc_key DESC"
)


def newest_first(
    sql: Sql, query: str, readable: tuple[str, list[object]], skip: int, take: int
) -> list[Row]:
    """(key, score) of up to `take` readable matches of `query` (the text as typed), newest
    first, after the `skip` newest. `readable` is the condition on the document row `d`."""
    condition, allowed = readable
    ((*_, documents, shares_known),) = sql.rows(_SETTINGS)
    wanted = min(skip + take, _LIMIT_MAX)
    if few(sql, query, documents, shares_known):
        older = (query, *_FIRST, *allowed, wanted, query)
        return sql.rows(_OLDER.format(readable=condition), older)[skip:]
    span, edge = min(wanted * NEWEST_SPAN, _LIMIT_MAX), _FIRST
    found: list[Row] = []
    while len(found) < wanted:
        more = (*edge, span, query, *allowed, wanted - len(found))
        found += sql.rows(_IN_SPAN.format(readable=condition), more)
        if len(found) == wanted:
            break
        last = sql.rows(_SPAN_EDGE, (query, *edge, span))
        if not last or last[0][2] < span:  # the span reached the oldest document
            break
        edge, matched = (last[0][0], last[0][1]), last[0][3]
        if matched < wanted:  # a word in few documents: the rest through GIN
            older = (query, *edge, *allowed, wanted - len(found), query)
            found += sql.rows(_OLDER.format(readable=condition), older)
            break
        span = min(span * 4, _LIMIT_MAX)
    return found[skip:]


def few(sql: Sql, query: str, documents: float, shares_known: bool) -> bool:
    """Whether the planner expects `query` in fewer than one of `documents` in NEWEST_SPAN;
    never when it does not know the shares of the common words."""
    if not shares_known:
        return False
    ((plan,),) = sql.rows(_PLANNED, (query,))
    expected: Any = plan[0]["Plan"]["Plan Rows"]
    return float(expected) * NEWEST_SPAN < documents
