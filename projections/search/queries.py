"""Search over pilots' ideas (every version), reflections, study notes and insights, stories,
and workshops' outputs: the best-matching entries, each with a snippet whose matched words are
marked. The read model is in `model`.

Ranking is bounded, so a word found in a hundred thousand entries costs about what one found in
a few hundred does. The matches a reader may read are taken newest first, `GROUP` at a time,
and each group is ordered best match first (FTS5's bm25, PostgreSQL's ts_rank; the newer of two
equal matches first): the first page is the best of the newest `GROUP` matches, and walking
the pages gives every match once. A query with at most `GROUP` readable matches is ranked
whole. Ranking every match before the first page (what this replaced) took 46 ms on SQLite and
73 ms on PostgreSQL for a word in 10,000 entries, and grew with the number of matches. One cost
still grows with them on SQLite for a query of several words, or a phrase: bm25 counts the
documents holding each (its idf) by reading the word's whole list once a query, about 20 ns a
match. A query of one word needs no such weight, and is ordered without it (`bm25`).

Who may read is judged in the query (`audience.documents_readable`), before the groups are
cut, so a group is never cut short by hits its reader may not see, and their count is not given
away by a short page or by where a group ends. Snippets are made for the page's hits only on
PostgreSQL; on SQLite the group's come with it, which costs less than asking FTS5 for the
page's rows again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.pilot.visibility import Reader
from domain.values import AccountRole
from projections.engine.base import Row, Sql
from projections.search.audience import documents_readable
from projections.search.candidates import newest_first
from projections.search.fold import RECORD_OF
from projections.search.terms import END, MARK, cleaned, fts5_query

GROUP = 100  # readable matches ranked together: twice the default page

# PostgreSQL stems English words and drops its stop words; FTS5's porter tokenizer stems too.
# ts_headline's options: the same delimiters as SQLite's snippet(), and at most two fragments.
HEADLINE = (
    f"StartSel={MARK}, StopSel={END}, MaxWords=24, MinWords=8, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
_POSTGRES_PAGE = (
    "SELECT d.doc_key, d.record_id, d.part_id, d.kind, "
    "ts_headline('english', d.text, websearch_to_tsquery('english', ?), ?), t.title "
    "FROM rm_search_documents d LEFT JOIN rm_search_titles t ON t.record_id = d.record_id "
    "WHERE d.doc_key = ANY(?)"
)


@dataclass(frozen=True)
class Hit:
    """An entry found: `record_id` is the pilot, story or workshop it is in (`record` says
    which), `part_id` the principle, framing question or idea of a workshop it is ('' for
    others), `title` that record's title. `snippet` is plain text with each matched word
    between MARK and END."""

    record_id: UUID
    kind: str
    snippet: str
    title: str = ""
    part_id: str = ""

    @property
    def record(self) -> str:
        """`pilot`, `story` or `workshop`."""
        return RECORD_OF.get(self.kind, "pilot")

    @property
    def pilot_id(self) -> UUID | None:
        return self.record_id if self.record == "pilot" else None

    @property
    def pilot_title(self) -> str:
        return self.title if self.record == "pilot" else ""


def search(
    sql: Sql, q: str, limit: int = 50, *, reader: Reader,
    role: AccountRole | str | None = None, offset: int = 0,
) -> list[Hit]:  # fmt: skip
    """Up to `limit` of the entries matching `q` that `reader` may read, in the order above
    (each group best first), after the first `offset` of them. `role` is the reader's role
    across the programme, which decides whether they read every `team` story. Raises
    InvalidEntry for a blank or too long query; any other text is a query, never an error."""
    text = cleaned(q)
    expression = fts5_query(text)
    if expression is None:  # nothing wanted, only words unwanted: no entry is "a match"
        return []
    first, last = offset // GROUP, (offset + limit - 1) // GROUP
    skip, take = first * GROUP, (last - first + 1) * GROUP
    allowed = documents_readable(reader, role)
    query = text if sql.dialect == "postgresql" else expression
    found = newest_first(sql, query, allowed, skip, take)
    chosen = ranked(found)[offset - skip : offset - skip + limit]
    if not chosen:
        return []
    if sql.dialect == "postgresql":
        rows = sql.rows(_POSTGRES_PAGE, (text, HEADLINE, chosen))
    else:  # the candidates came with their page fields (`candidates._SQLITE`)
        rows = [(key, *page) for key, _, *page in found]
    hits = {
        key: Hit(UUID(record), kind, snippet, title or "", part)
        for key, record, part, kind, snippet, title in rows
    }
    return [hits[key] for key in chosen]


def ranked(found: Sequence[Row]) -> list[object]:
    """The keys of (key, score, ...) rows given newest first, each GROUP of them ordered by
    score (lower is better); the sort is stable, so of two equal matches the newer comes
    first."""
    keys: list[object] = []
    for start in range(0, len(found), GROUP):
        group = sorted(found[start : start + GROUP], key=lambda row: row[1])
        keys.extend(row[0] for row in group)
    return keys


def documents(sql: Sql, record_id: UUID) -> set[tuple[str, str]]:
    """Every (kind, text) indexed for the pilot, story or workshop: what a search over it can
    find."""
    rows = sql.rows(
        "SELECT kind, text FROM rm_search_documents WHERE record_id = ?", (str(record_id),)
    )
    return {(kind, text) for kind, text in rows}
