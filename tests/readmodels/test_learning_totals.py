"""The learning summary read from counts and first pages equals the summary folded from the
log, for random programmes, every kind of reader, and filters by theme and period, on SQLite
and PostgreSQL; and its paged lists give every item once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.pilot.commands import AddInsight, RecordQuestionSet, RegisterPilot
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.engine.base import Sql
from projections.learning.from_log import rows_at
from projections.learning.memo import Memo
from projections.learning.scope import Scope, day_of
from projections.learning.summary import LearningSummary, summarise
from projections.learning.totals import keyed_insights, open_questions, summary_for
from tests.readmodels.story import LEAD, READERS, START, tell
from tests.readmodels.test_learning_readers import kept

DAYS = st.integers(0, 120).map(lambda n: START.date() + timedelta(days=n))
SCOPES = st.builds(
    lambda theme, since, until: Scope.of(theme, *in_order(since, until)),
    theme=st.sampled_from([None, "walking", "no such theme"]),
    since=st.one_of(st.none(), DAYS),
    until=st.one_of(st.none(), DAYS),
)


def in_order(since: date | None, until: date | None) -> tuple[date | None, date | None]:
    """A period as a person would type it: an open end, or two ends in order."""
    if since is None or until is None or since <= until:
        return since, until
    return until, since


def a_themed_pilot(pilots: Pilots) -> None:
    """A pilot under a theme, whose shared set meeting asked two questions with an insight."""
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="Walk", themes=["Walking"]), LEAD
    ).pilot.id
    command = RecordQuestionSet(
        pilot_id, held_on=START.date(), questions=["Who came?", "Why?"], visibility="community"
    )
    for question_id in pilots.execute(command, LEAD).pilot.questions:
        pilots.execute(AddInsight(pilot_id, question_id=question_id, text="Friends"), LEAD)


def boundaries(pilots: Pilots) -> set[date]:
    """The days on which an insight was added, a cycle studied or decided, or a set met."""
    rows = rows_at(pilots, reader=None)
    moments = [i.at for i in rows.insights]
    moments += [m for c in rows.cycles for m in (c.studied_at, c.decided_at) if m is not None]
    return {day_of(m) for m in moments} | {q.asked_on for q in rows.questions}


def walked(read: Callable[[Any, int], list[Any]], key: Callable[[Any], Any]) -> list[Any]:
    found: list[Any] = []
    after = None
    while page := read(after, 2):
        found.extend(page)
        after = key(page[-1])
    return found


def check(sql: Sql, pilots: Pilots, reader: Reader, scope: Scope) -> LearningSummary:
    served = summary_for(sql, reader, scope, Memo())
    assert served == summarise(rows_at(pilots, reader=reader), scope)
    asked = walked(
        lambda after, n: open_questions(sql, reader, scope, None, after, n),
        lambda q: (q.asked_on.isoformat(), str(q.pilot_id), str(q.question_id)),
    )
    assert len({q.question_id for q in asked}) == len(asked) == served.open_questions_count
    assert [q.question_id for q in asked[:10]] == [q.question_id for q in served.open_questions]
    noted = walked(
        lambda after, n: keyed_insights(sql, reader, scope, after, n), lambda item: item[0]
    )
    assert len({key for key, _ in noted}) == len(noted) == served.insights_count
    assert [note for _, note in noted[:10]] == served.insights
    return served


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_summary_from_counts_equals_the_fold_for_every_reader_and_filter(
    any_sql: Sql, data: st.DataObject
) -> None:
    pilots, _ = tell(data.draw, data.draw(st.integers(0, 60)))
    a_themed_pilot(pilots)
    sql = kept(any_sql, pilots, data.draw(st.sets(st.integers(1, 120), max_size=4)))
    for reader in READERS:
        check(sql, pilots, reader, Scope())
        check(sql, pilots, reader, data.draw(SCOPES))
    for day in boundaries(pilots):  # a period that ends, or starts, on the day of an entry
        check(sql, pilots, Reader.team(), Scope.of(None, day, day))
    walking = check(sql, pilots, Reader.community(), Scope.of("walking"))
    assert (walking.pilots, walking.open_questions_count, walking.insights_count) == (1, 2, 2)
