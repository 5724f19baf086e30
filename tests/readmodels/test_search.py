"""Search finds what people wrote in ideas, reflections, study notes and insights, on SQLite
and on PostgreSQL; whatever is typed into the box is a query, never an error."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import InvalidEntry
from domain.pilot.commands import (
    AddInsight,
    Correct,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    StartCycle,
)
from domain.pilot.visibility import Reader
from domain.service import Pilots
from domain.values import Prediction, Result, Stage
from projections.audit.ideas import idea_history
from projections.engine.base import Sql
from projections.search.queries import documents, search
from projections.search.terms import pieces, plain, unmarked
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import LEAD, tell

LEAD_READS = Reader.person(LEAD)  # the author of every entry `searchable` writes
HOSTILE = [
    '"', '""', "'", "*", "walking*", "NEAR", "NEAR(walking porters", "NEAR(walking, 2)", "OR",
    "AND", "NOT", "walking OR", "OR OR OR", "-", "--", "-walking", "(", ")", "((walking",
    "walking)", "text:walking", "^walking", "walking + porters", "{", "a:b:c",
    "'; DROP TABLE x; --",
    "1' OR '1'='1", "\\", "%", "%s", "?", "$1", "<script>alert(1)</script>", "\x02\x03",
    "nul\x00byte", "🙂", "ﬁ", "x" * 200,
]  # fmt: skip


def searchable(pilots: Pilots) -> tuple[UUID, UUID, UUID]:
    """A pilot with words to find in each kind of entry; its id, reflection and question."""
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks <b>", question="How?", idea="Walking meetings with porters"),
        LEAD,
    ).pilot.id
    prediction = Prediction("Will gardeners come?", "Some")
    pilots.execute(PlanCycle(pilot_id, objective="Try", predictions=[prediction]), LEAD)
    pilots.execute(StartCycle(pilot_id, number=1), LEAD)
    pilots.execute(RecordDo(pilot_id, number=1, what_happened="Eight walked"), LEAD)
    pilots.execute(
        RecordStudy(
            pilot_id,
            number=1,
            results=[Result(prediction.question, "Gardeners came early")],
            learning="Gardeners prefer mornings",
            surprises="Volunteers brought umbrellas",
        ),
        LEAD,
    )
    receipt = pilots.execute(
        RecordReflection(
            pilot_id, kind="observation", text="The kitchen staff lingered afterwards", cycle=1
        ),
        LEAD,
    )
    reflection = receipt.events[-1].reflection_id  # type: ignore[attr-defined]
    receipt = pilots.execute(
        RecordQuestionSet(pilot_id, held_on=date(2026, 5, 1), questions=["What helped?"]), LEAD
    )
    question = receipt.events[-1].questions[0].id  # type: ignore[attr-defined]
    pilots.execute(
        AddInsight(pilot_id, question_id=question, text="Trust grows with repetition"), LEAD
    )
    return pilot_id, reflection, question


@pytest.mark.parametrize(
    ("query", "kind", "marked"),
    [
        ("porters", "idea", "porters"),
        ("kitchen", "reflection", "kitchen"),
        ("mornings", "learning", "mornings"),
        ("umbrellas", "surprises", "umbrellas"),
        ("early", "results", "early"),
        ("repetition", "insight", "repetition"),
        ('"walking meetings"', "idea", "Walking"),
        ("lingered -gardeners", "reflection", "lingered"),
        ("zebra OR kitchen", "reflection", "kitchen"),
    ],
)
def test_search_finds_words_in_every_kind_of_entry(
    pilots: Pilots, any_sql: Sql, query: str, kind: str, marked: str
) -> None:
    pilot_id, _, _ = searchable(pilots)
    project(any_sql, pilots)
    hits = search(any_sql, query, reader=LEAD_READS)
    assert [(h.pilot_id, h.kind, h.pilot_title) for h in hits] == [(pilot_id, kind, "Walks <b>")]
    assert any(marked in text for text, matched in pieces(hits[0].snippet) if matched)


def test_words_that_are_not_there_find_nothing(pilots: Pilots, any_sql: Sql) -> None:
    searchable(pilots)
    project(any_sql, pilots)
    assert search(any_sql, "zebra", reader=LEAD_READS) == []
    assert search(any_sql, "kitchen -staff", reader=LEAD_READS) == []


def test_a_correction_changes_what_is_found(pilots: Pilots, any_sql: Sql) -> None:
    pilot_id, reflection, _ = searchable(pilots)
    pilots.execute(
        Correct(
            pilot_id,
            entry=f"reflection:{reflection}",
            text="The porters stayed",
            reason="It was the porters",
        ),
        LEAD,
    )
    pilots.execute(
        Correct(
            pilot_id, entry="cycle:1:learning", text="Gardeners prefer evenings", reason="Misheard"
        ),
        LEAD,
    )
    pilots.execute(
        Correct(
            pilot_id, entry="cycle:1:surprises", text="Volunteers brought cake", reason="Misread"
        ),
        LEAD,
    )
    project(any_sql, pilots, {len(pilots.history(pilot_id)) - 1})
    assert search(any_sql, "kitchen", reader=LEAD_READS) == []
    assert search(any_sql, "mornings", reader=LEAD_READS) == []
    assert [h.kind for h in search(any_sql, "evenings", reader=LEAD_READS)] == ["learning"]
    assert search(any_sql, "umbrellas", reader=LEAD_READS) == []
    assert [h.kind for h in search(any_sql, "cake", reader=LEAD_READS)] == ["surprises"]
    assert sorted(h.kind for h in search(any_sql, "porters", reader=LEAD_READS)) == [
        "idea",
        "reflection",
    ]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_break_the_search(pilots: Pilots, any_sql: Sql, query: str) -> None:
    searchable(pilots)
    project(any_sql, pilots)
    hits = search(any_sql, query, reader=LEAD_READS)
    assert all(h.kind in {"idea", "reflection"} for h in hits)  # only "walking…" can match


@pytest.fixture
def indexed(pilots: Pilots, any_sql: Sql) -> Sql:
    searchable(pilots)
    project(any_sql, pilots)
    return any_sql


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_any_text_is_a_query_or_refused_as_blank(indexed: Sql, query: str) -> None:
    if " ".join(query.replace("\x00", " ").split()):
        assert isinstance(search(indexed, query, reader=LEAD_READS), list)
    else:
        with pytest.raises(InvalidEntry):
            search(indexed, query, reader=LEAD_READS)


def test_blank_and_overlong_queries_are_refused() -> None:
    sql = sqlite_sql()
    for query in ("", "   ", "\n\t", "x" * 201):
        with pytest.raises(InvalidEntry) as refused:
            search(sql, query, reader=LEAD_READS)
        assert refused.value.field == "q"


def test_snippets_split_into_marked_and_plain_pieces() -> None:
    assert pieces("a \x02b\x03 c \x02d\x03") == [("a ", False), ("b", True), (" c ", False),
                                                  ("d", True)]  # fmt: skip
    assert pieces("plain") == [("plain", False)]
    assert unmarked("a \x02b\x03") == "a b"
    assert plain("x\x02y\x03z") == "x y z"


def expected_documents(pilots: Pilots, pilot_id: UUID) -> set[tuple[str, str]]:
    pilot = pilots.pilot(pilot_id)
    found = {("idea", v.idea) for v in idea_history(pilots.history(pilot_id))}
    found |= {("reflection", r.text) for r in pilot.reflections.values() if r.text is not None}
    found |= {("insight", i.text) for q in pilot.questions.values() for i in q.insights}
    for cycle in pilot.cycles.values():
        if cycle.stage in (Stage.STUDIED, Stage.DECIDED):
            found.add(("learning", cycle.learning))
            found |= {("surprises", cycle.surprises)} if cycle.surprises else set()
            found.add(("results", "\n".join(f"{r.question}: {r.result}" for r in cycle.results)))
    return {(kind, plain(text)) for kind, text in found}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_index_equals_a_fold_of_each_pilots_events(data: st.DataObject) -> None:
    pilots, ids = tell(data.draw, data.draw(st.integers(0, 60)))
    sql = sqlite_sql()
    project(sql, pilots, data.draw(st.sets(st.integers(1, 200), max_size=6)))
    for pilot_id in ids:
        assert documents(sql, pilot_id) == expected_documents(pilots, pilot_id)
