"""The order SQLite's bm25 gives the matches of one word, worked out without bm25's count of
every document that holds it.

FTS5's bm25 weighs each phrase of a query by how rare it is (its idf), which it learns by
reading the phrase's whole list of matches once a query: 8.5 ms for a word in 401,726 of
`huge`'s documents, where the rest of a search took under 1 ms. With one phrase that weight is
the same for every match, so it changes no order: the order comes from how often the phrase is
in the document (`tf`) against the document's length (`dl`) and the average length, as bm25
works them out (k1 = 1.2, b = 0.75). Here `tf` is counted from `highlight()`'s marks, and the
lengths are read from FTS5's own records, in the formats the FTS5 documentation gives for its
shadow tables (appendix B): `%_docsize` holds each document's length in tokens as a varint,
and the `%_data` row with id 1 holds the number of documents and their tokens in all.

Only a query of one word (one token) is scored here. `highlight()` marks overlapping matches of
a phrase as one ("tea tea" is in "tea tea tea" twice, and marked once), so a phrase of several
tokens, like a query of several phrases, is ranked by bm25 itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from projections.engine.base import Row, Sql
from projections.search.terms import MARK

K1, B = 1.2, 0.75  # bm25's, as FTS5 sets them
# What `terms.fts5_query` makes of one word or one quoted phrase: the text between the quotes.
_ONE_PHRASE = re.compile(r'\("((?:[^"]|"")*)"\)')
_AVERAGES = "SELECT block FROM rm_search_fts_data WHERE id = 1"


def one_word(expression: str) -> bool:
    """Whether the FTS5 expression is one token: one phrase of letters and digits alone, which
    the tokenizer (`unicode61`, under `porter`) cannot split."""
    found = _ONE_PHRASE.fullmatch(expression)
    return found is not None and found.group(1).isalnum()


def scored(sql: Sql, rows: Sequence[Row]) -> list[Row]:
    """(rowid, highlighted text, docsize record, *rest) rows as (rowid, score, *rest): the
    score orders them as bm25 would for a query of one word, and as bm25's, lower is better."""
    found = sql.rows(_AVERAGES)
    average = 0.0
    if found:
        documents, at = varint(found[0][0])
        tokens, _ = varint(found[0][0], at)
        average = tokens / documents if documents else 0.0
    return [(rowid, -_weight(str(text).count(MARK), _length(size, average), average), *rest)
            for rowid, text, size, *rest in rows]  # fmt: skip


def _weight(tf: int, length: float, average: float) -> float:
    norm = 1 - B + B * (length / average if average else 1.0)
    return tf * (K1 + 1) / (tf + K1 * norm)


def _length(size: object, average: float) -> float:
    """A document's length in tokens from its `%_docsize` record; the average if it has none."""
    return float(varint(size)[0]) if isinstance(size, bytes) and size else average


def varint(blob: bytes, at: int = 0) -> tuple[int, int]:
    """SQLite's variable-length integer at `at`, and where the next begins: big-endian, seven
    bits a byte while the top bit is set, and all eight bits of a ninth byte."""
    value = 0
    for i in range(8):
        byte = blob[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    return (value << 8) | blob[at + 8], at + 9
