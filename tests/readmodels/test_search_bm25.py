"""On SQLite, a query of one word is ordered as bm25 orders it, from each match's count and
length, without bm25's count of every document holding the word (`search.bm25`); any other
query is ordered by bm25 itself."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from projections.engine.base import Row
from projections.engine.dialects import SqliteSql
from projections.search import bm25
from projections.search.candidates import newest_first
from projections.search.model import SearchModel
from projections.search.queries import ranked
from projections.search.terms import fts5_query
from tests.readmodels.conftest import sqlite_sql

EVERYONE = ("d.audience = 'community'", [])
WORDS = ["tea", "road", "home", "lantern", "walking"]


def indexed(texts: list[str]) -> SqliteSql:
    """A search model on SQLite holding `texts`, oldest first, everyone's to read."""
    sql = sqlite_sql()
    SearchModel().create(sql)
    sql.many(
        "INSERT INTO rm_search_documents (id, doc_key, record_id, part_id, audience, kind, "
        "text, position) VALUES (?, ?, 'r', '', 'community', 'reflection', ?, ?)",
        [(n + 1, f"k{n}", text, n + 1) for n, text in enumerate(texts)],
    )
    return sql


def by_bm25(sql: SqliteSql, expression: str) -> dict[object, float]:
    rows = sql.rows(
        "SELECT rowid, bm25(rm_search_fts) FROM rm_search_fts WHERE rm_search_fts MATCH ?",
        (expression,),
    )
    return {rowid: float(score) for rowid, score in rows}


@pytest.mark.parametrize(
    ("typed", "one"),
    [("tea", True), ("Café", True), ("2026", True), ('"tea"', True),
     ('"tea road"', False), ("tea-road", False), ('don"t', False), ("tea_road", False),
     ("tea road", False), ("tea OR road", False), ("tea -road", False)],
)  # fmt: skip
def test_one_word_is_told_from_the_rest(typed: str, one: bool) -> None:
    """One token only: the tokenizer splits at a hyphen, a quote or an underscore, and a phrase
    of several tokens may match overlapping itself, which `highlight()` marks once."""
    expression = fts5_query(typed)
    assert expression is not None
    assert bm25.one_word(expression) is one


def test_the_score_is_bm25s_without_the_weight_of_the_word() -> None:
    """Two documents of 1 and 3 tokens (2 on average): "tea" once in the first, twice in the
    second. By bm25's sum, tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)): 2.2 / 1.75 and
    4.4 / 3.65, so the short one is the better match."""
    sql = indexed(["tea", "tea tea road"])
    found = newest_first(sql, '("tea")', EVERYONE, 0, 10)
    assert [(row[0], round(float(row[1]), 6)) for row in found] == [
        (2, round(-4.4 / 3.65, 6)),
        (1, round(-2.2 / 1.75, 6)),
    ]
    assert ranked(found) == [1, 2]
    assert found[0][2:5] == ("r", "", "reflection")


documents = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join),
    min_size=1, max_size=40,
)  # fmt: skip
queries = st.one_of(
    st.sampled_from(WORDS),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: f'"{p[0]} {p[1]}"'),
)


@settings(max_examples=150, deadline=None)
@given(texts=documents, typed=queries)
@example(texts=["tea tea", "tea tea tea"], typed='"tea tea"')  # twice in the second, marked once
def test_one_word_or_phrase_is_ordered_as_bm25_orders_it(texts: list[str], typed: str) -> None:
    """Whichever way the query is scored (its count and length for one word, bm25 itself for a
    phrase), the matches come in bm25's order."""
    expression = fts5_query(typed)
    assert expression is not None
    sql = indexed(texts)
    found: list[Row] = newest_first(sql, expression, EVERYONE, 0, len(texts))
    truth = by_bm25(sql, expression)
    assert [row[0] for row in found] == sorted(truth, key=lambda rowid: -int(str(rowid)))
    order = [truth[key] for key in ranked(found)]
    for better, worse in itertools.pairwise(order):
        assert better <= worse or math.isclose(better, worse, rel_tol=1e-9)


@pytest.mark.parametrize(
    ("blob", "value", "after"),
    [(b"\x00", 0, 1), (b"\x7f", 127, 1), (b"\x81\x00", 128, 2), (b"\xa5\x9c\x62", 609_890, 3),
     (b"\xff" * 8 + b"\x01", (2**56 - 1) << 8 | 1, 9)],
)  # fmt: skip
def test_varints_are_read_as_sqlite_writes_them(blob: bytes, value: int, after: int) -> None:
    assert bm25.varint(blob + b"\x05") == (value, after)
