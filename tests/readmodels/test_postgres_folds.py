"""The same folds as the SQLite property tests, on PostgreSQL: its types and upserts differ."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.engine.dialects import PostgresSql
from projections.method_checks.queries import checks_for
from projections.question_ledger.queries import questions
from projections.search.queries import documents
from projections.timeline.queries import timeline
from tests.readmodels.conftest import project
from tests.readmodels.story import READERS, tell
from tests.readmodels.test_method_checks import expected_checks
from tests.readmodels.test_question_ledger import asked_in
from tests.readmodels.test_search import expected_documents
from tests.readmodels.test_timeline import braced, expected_timeline


@pytest.mark.postgres
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_every_model_equals_a_fold_of_the_log_on_postgresql(
    postgres_sql: PostgresSql, data: st.DataObject
) -> None:
    pilots, ids = tell(data.draw, data.draw(st.integers(0, 60)))
    project(postgres_sql, pilots, data.draw(st.sets(st.integers(1, 200), max_size=6)))
    for reader in READERS:
        ledger = questions(postgres_sql, reader=reader)
        for pilot_id in ids:
            assert timeline(postgres_sql, pilot_id, braced, reader=reader) == expected_timeline(
                pilots, pilot_id, reader
            )
            assert {
                q.question_id: (
                    q.text, q.status, q.asked_on, q.looks_closed, q.asker, q.pilot_title
                )
                for q in ledger
                if q.pilot_id == pilot_id
            } == asked_in(pilots, pilot_id, reader)  # fmt: skip
            assert checks_for(postgres_sql, pilot_id, reader=reader) == expected_checks(
                pilots, pilot_id, reader
            )
    for pilot_id in ids:
        assert documents(postgres_sql, pilot_id) == expected_documents(pilots, pilot_id)
