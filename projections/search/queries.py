"""Search over ideas (every version), reflections, study notes and insights: the best-matching
entries, each with a snippet whose matched words are marked. The read model is in `model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.pilot.visibility import Reader
from projections.access.queries import readable
from projections.engine.base import Sql
from projections.search.terms import END, MARK, cleaned, fts5_query

# PostgreSQL stems English words and drops its stop words; FTS5's porter tokenizer stems too.
# ts_headline's options: the same delimiters as SQLite's snippet(), and at most two fragments.
HEADLINE = (
    f"StartSel={MARK}, StopSel={END}, MaxWords=24, MinWords=8, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
_SQLITE_SEARCH = (
    "SELECT d.pilot_id, d.kind, snippet(rm_search_fts, 0, ?, ?, '…', 24), p.title "
    "FROM rm_search_fts JOIN rm_search_documents d ON d.id = rm_search_fts.rowid "
    "LEFT JOIN rm_search_pilots p ON p.pilot_id = d.pilot_id "
    "WHERE rm_search_fts MATCH ? AND {readable} "
    "ORDER BY rm_search_fts.rank, d.position, d.id LIMIT ?"
)
# Headlines are made for the chosen hits only, after the limit: they cost far more than a match.
_POSTGRES_SEARCH = (
    "SELECT d.pilot_id, d.kind, ts_headline('english', d.text, hit.query, ?), p.title "
    "FROM (SELECT d.doc_key, query, ts_rank(d.tsv, query) AS score FROM rm_search_documents d, "
    "websearch_to_tsquery('english', ?) AS query WHERE d.tsv @@ query AND {readable} "
    "ORDER BY score DESC, d.position, d.doc_key LIMIT ?) AS hit "
    "JOIN rm_search_documents d ON d.doc_key = hit.doc_key "
    "LEFT JOIN rm_search_pilots p ON p.pilot_id = d.pilot_id "
    "ORDER BY hit.score DESC, d.position, d.doc_key"
)


@dataclass(frozen=True)
class Hit:
    """`snippet` is plain text with each matched word between MARK and END."""

    pilot_id: UUID
    kind: str
    snippet: str
    pilot_title: str = ""


def search(sql: Sql, q: str, limit: int = 50, *, reader: Reader) -> list[Hit]:
    """The best-matching entries that `reader` may read, first. Raises InvalidEntry for a
    blank or too long query; any other text is a query, never an error.

    Who may read is judged in the query, before the limit, so a page is never cut short by
    hits its reader may not see, and their count is not given away by a short page."""
    text = cleaned(q)
    expression = fts5_query(text)
    if expression is None:  # nothing wanted, only words unwanted: no entry is "a match"
        return []
    condition, allowed = readable(reader, pilot="d.pilot_id", part="d.part_id", record=True)
    if sql.dialect == "postgresql":
        statement = _POSTGRES_SEARCH.format(readable=condition)
        rows = sql.rows(statement, (HEADLINE, text, *allowed, limit))
    else:
        statement = _SQLITE_SEARCH.format(readable=condition)
        rows = sql.rows(statement, (MARK, END, expression, *allowed, limit))
    return [Hit(UUID(pilot), kind, snippet, title or "") for pilot, kind, snippet, title in rows]


def documents(sql: Sql, pilot_id: UUID) -> set[tuple[str, str]]:
    """Every (kind, text) indexed for the pilot: what a search over it can find."""
    rows = sql.rows(
        "SELECT kind, text FROM rm_search_documents WHERE pilot_id = ?", (str(pilot_id),)
    )
    return {(kind, text) for kind, text in rows}
