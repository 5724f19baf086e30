"""Search ranks a bounded group of matches at a time, on SQLite and on PostgreSQL: a reader's
matches are taken newest first, GROUP at a time, and each group is ordered best match first
(the newer of two equal ones first). Walking the pages gives every match once, and the groups
are cut from what the reader may read, as if nothing else were there."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import pytest

from domain.pilot.commands import RecordReflection
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.access.model import AccessModel
from projections.engine.base import Row, Sql
from projections.engine.dialects import PostgresSql
from projections.search import queries
from projections.search.model import SearchModel
from projections.search.queries import search
from projections.search.terms import unmarked
from tests.readmodels.conftest import project
from tests.readmodels.story import LEAD, MEMBER
from tests.readmodels.test_search_readers import OUTSIDER, team_pilot

STRONG = "lanterns lanterns lanterns {}"  # the word three times: a better match
WEAK = "lanterns beside the long road home {}"
TAGS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"]
# Written last: the newest documents hold no match, so with a span of 1 every match is older.
QUIET = [(f"A quiet evening {n}", "community", LEAD) for n in range(4)]


def write(pilots: Pilots, pilot_id: UUID, texts: list[tuple[str, str, UUID]]) -> None:
    for text, visibility, who in texts:
        command = RecordReflection(pilot_id, kind="observation", text=text, visibility=visibility)
        pilots.execute(command, who)


def tags(sql: Sql, reader: Reader, limit: int = 50, offset: int = 0) -> list[str]:
    """The tag word of each hit for "lanterns", in the order found."""
    hits = search(sql, "lanterns", limit, reader=reader, offset=offset)
    return [unmarked(hit.snippet).split()[-1] for hit in hits]


def test_the_best_match_comes_first(pilots: Pilots, any_sql: Sql, span: int) -> None:
    pilot_id = team_pilot(pilots)
    write(pilots, pilot_id, [(STRONG.format("alpha"), "community", LEAD),
                             (WEAK.format("bravo"), "community", LEAD)])  # fmt: skip
    write(pilots, pilot_id, [(WEAK.format("charlie"), "community", LEAD)])
    project(any_sql, pilots)
    assert tags(any_sql, Reader.person(LEAD)) == ["alpha", "charlie", "bravo"]


def test_matches_are_ranked_a_group_at_a_time(
    pilots: Pilots, any_sql: Sql, span: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "GROUP", 3)
    pilot_id = team_pilot(pilots)
    shapes = [WEAK, STRONG, WEAK, WEAK, STRONG, WEAK, STRONG]  # alpha (oldest) to golf
    write(
        pilots,
        pilot_id,
        [(s.format(t), "community", LEAD) for s, t in zip(shapes, TAGS, strict=True)] + QUIET,
    )
    project(any_sql, pilots)
    # newest first: golf foxtrot echo | delta charlie bravo | alpha, each group best first
    whole = ["golf", "echo", "foxtrot", "bravo", "delta", "charlie", "alpha"]
    assert tags(any_sql, Reader.person(OUTSIDER)) == whole
    for size in (1, 2, 3, 4):
        pages = [tags(any_sql, Reader.person(OUTSIDER), size, start) for start in range(0, 8, size)]
        assert [tag for page in pages for tag in page] == whole
    assert tags(any_sql, Reader.person(OUTSIDER), 5, 7) == []
    assert tags(any_sql, Reader.person(OUTSIDER), 5, 2**63 - 1) == []  # a forged cursor's place


def test_groups_are_cut_from_what_the_reader_may_read(
    pilots: Pilots, any_sql: Sql, span: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "GROUP", 2)
    pilot_id = team_pilot(pilots)
    write(pilots, pilot_id, [
        (WEAK.format("alpha"), "community", LEAD),
        (STRONG.format("bravo"), "community", LEAD),
        (STRONG.format("charlie"), "private", MEMBER),
        (WEAK.format("delta"), "community", LEAD),
        *QUIET,
    ])  # fmt: skip
    project(any_sql, pilots)
    # The outsider's groups: delta bravo | alpha. Had the private entry taken a place, delta
    # would have been ranked alone with it, before bravo.
    assert tags(any_sql, Reader.person(OUTSIDER)) == ["bravo", "delta", "alpha"]
    assert tags(any_sql, Reader.person(OUTSIDER), 1, 1) == ["delta"]
    # Its author's groups: delta charlie | bravo alpha.
    assert tags(any_sql, Reader.person(MEMBER)) == ["charlie", "delta", "bravo", "alpha"]


def test_older_matches_are_found_past_many_the_reader_may_not_read(
    pilots: Pilots, any_sql: Sql, span: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL, with a span of 1, the newest documents hold many matches and none this
    reader may read: the next, longer span is read along the index, not through GIN (unless
    the word is taken through GIN at once)."""
    monkeypatch.setattr(queries, "GROUP", 2)
    pilot_id = team_pilot(pilots)
    write(pilots, pilot_id, [
        (WEAK.format("alpha"), "community", LEAD),
        (STRONG.format("bravo"), "community", LEAD),
        *[(STRONG.format(tag), "private", MEMBER) for tag in TAGS[2:]],
    ])  # fmt: skip
    project(any_sql, pilots)
    assert tags(any_sql, Reader.person(OUTSIDER)) == ["bravo", "alpha"]
    assert tags(any_sql, Reader.person(OUTSIDER), 1, 1) == ["alpha"]
    assert tags(any_sql, Reader.person(MEMBER))[:2] == ["golf", "foxtrot"]


@pytest.mark.postgres
def test_postgresql_takes_a_word_the_planner_expects_in_few_documents_through_gin(
    postgres_sql: PostgresSql,
) -> None:
    """Once ANALYZE has gathered the common words' shares, a word in fewer than one document in
    NEWEST_SPAN is taken through GIN with no span read; a common word still walks the spans.
    Before it, the planner takes every word for rare, so every word walks."""
    for model in (AccessModel(), SearchModel()):  # who may read, which search asks
        model.create(postgres_sql)
    postgres_sql.run(
        "INSERT INTO rm_search_documents (doc_key, record_id, audience, kind, text, position) "
        "SELECT 'k' || n, '00000000-0000-0000-0000-000000000001', 'community', 'reflection', "
        "CASE WHEN n = 1 THEN 'a quokka' ELSE 'lanterns ' || n END, n "
        "FROM generate_series(1, 400) AS n"
    )
    postgres_sql.run("VACUUM rm_search_documents")  # its size known, its words' shares not
    reader = Reader.person(OUTSIDER)

    def spans_read(word: str) -> int:
        recorded = Recorded(postgres_sql)
        assert len(search(recorded, word, reader=reader)) == (1 if word == "quokka" else 50)
        return sum("ORDER BY position DESC, doc_key DESC LIMIT ?)" in s for s in recorded.run)

    assert (spans_read("quokka"), spans_read("lanterns")) == (2, 1)  # a span and its edge
    postgres_sql.run("ANALYZE rm_search_documents")
    assert (spans_read("quokka"), spans_read("lanterns")) == (0, 1)


class Recorded:
    """An Sql that keeps each statement it is given."""

    def __init__(self, sql: PostgresSql) -> None:
        self.sql, self.dialect, self.run = sql, sql.dialect, list[str]()

    def rows(self, statement: str, params: Sequence[object] = ()) -> list[Row]:
        self.run.append(statement)
        return self.sql.rows(statement, params)
