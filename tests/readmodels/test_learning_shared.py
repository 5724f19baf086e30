"""What `/learning` keeps once per log position and shares between readers holds only what
everyone may read: the method checks tallied from the community's checks and the reader's
own equal the tally made for the reader alone, for random programmes and every kind of
reader, on SQLite and PostgreSQL; and the summary's HTML kept for the first reader at a
position shows the next reader nothing of the first one's."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.pilot.commands import (
    AddInsight,
    RecordQuestionSet,
    RecordReflection,
)
from domain.pilot.visibility import Reader
from projections.engine.base import Sql
from projections.learning.memo import Memo
from projections.learning.queries import current_rows
from projections.learning.scope import Scope
from projections.learning.totals import summary_for
from projections.method_checks.queries import community_checks, summary, summary_beyond
from projections.reports.programme_html import readers_html, record_html, summary_html
from projections.reports.programme_report import programme_from_rows
from tests.readmodels import story
from tests.readmodels.test_learning_readers import (
    LEAD,
    MEMBER,
    OUTSIDER,
    a_done_cycle_with_a_private_reflection,
    a_pilot,
    kept,
    meet,
)
from tests.web.pages_support import Site, log_cycle, register, site_fixture  # noqa: F401
from web.learning.summary import summary_for as summary_view


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_tally_from_the_communitys_checks_equals_the_readers_own(
    any_sql: Sql, data: st.DataObject
) -> None:
    pilots, _ = story.tell(data.draw, data.draw(st.integers(0, 60)))
    sql = kept(any_sql, pilots, data.draw(st.sets(st.integers(1, 120), max_size=4)))
    community = community_checks(sql)
    for reader in story.READERS:
        assert summary_beyond(sql, community, reader=reader) == summary(sql, reader=reader)


def test_a_private_reflection_counts_for_its_author_alone_in_the_shared_tally(
    any_sql: Sql,
) -> None:
    pilots, pilot_id = a_done_cycle_with_a_private_reflection()
    sql = kept(any_sql, pilots)
    community = community_checks(sql)
    assert community["reflections"] == {str(pilot_id): 0}
    tallies = {who: summary_beyond(sql, community, reader=Reader.person(who)) for who in
               (MEMBER, LEAD, OUTSIDER)}  # fmt: skip
    assert tallies[MEMBER]["reflections"] == (1, 1)
    assert tallies[LEAD]["reflections"] == tallies[OUTSIDER]["reflections"] == (0, 1)
    assert tallies[LEAD]["predictions_locked"] == (1, 1)


def test_one_memo_gives_each_reader_the_summary_made_for_them(any_sql: Sql) -> None:
    """Read in turn through one memo, as the app's requests are, each reader gets what a
    memo of their own gives, at the same position and after a write."""
    pilots = open_pilots(parse_database_url("memory://"))
    pilot_id = a_pilot(pilots)
    meet(pilots, pilot_id, "team")
    memo, people = Memo(), [Reader.person(p) for p in (LEAD, OUTSIDER, MEMBER, LEAD)]
    for step in range(2):
        sql = kept(any_sql, pilots)
        for who in [*people, Reader.community(), Reader.team()]:
            assert summary_for(sql, who, Scope(), memo) == summary_for(sql, who, Scope(), Memo())
        seen = summary_for(sql, Reader.person(OUTSIDER), Scope(), memo)
        assert (seen.insights_count, seen.open_questions_count) == (step, step)
        meet(pilots, pilot_id, "community")


def test_the_summary_is_its_record_part_and_the_readers_part() -> None:
    pilots = open_pilots(parse_database_url("memory://"))
    pilot_id = a_pilot(pilots)
    command = RecordQuestionSet(
        pilot_id, held_on=date(2026, 5, 1), questions=["What helped?"], visibility="team"
    )
    (question_id,) = pilots.execute(command, LEAD).pilot.questions
    pilots.execute(AddInsight(pilot_id, question_id=question_id, text="Tea first"), LEAD)
    view = summary_view(pilots, None, "", "", "", Reader.person(LEAD))
    assert "Tea first" in view.body
    report = programme_from_rows(current_rows(pilots, None, reader=Reader.person(LEAD)), Scope())
    record = record_html(report.summary, report.charts, 2, "")
    assert "Tea first" not in record[0] + record[1]
    assert readers_html(report.summary, 2, "", *record) == summary_html(report)


def test_the_learning_page_kept_for_one_reader_shows_another_only_their_own(site: Site) -> None:
    """The member reads the page first, which keeps its shared parts in the app's memo; the
    reader, at the same position, sees none of the team's insight or reflection."""
    lead = site.as_("lead")
    pilot_id = register(lead, title="Walks")
    log_cycle(lead, pilot_id)
    pilots, who = site.services.pilots, site.ids["lead"]
    command = RecordQuestionSet(
        UUID(pilot_id), held_on=date(2026, 5, 1), questions=["What helped?"], visibility="team"
    )
    (question_id,) = pilots.execute(command, who).pilot.questions
    pilots.execute(AddInsight(UUID(pilot_id), question_id=question_id, text="Tea first"), who)
    reflect = RecordReflection(UUID(pilot_id), kind="meaning", text="Ours", cycle=1,
                               visibility="team")  # fmt: skip
    pilots.execute(reflect, who)
    first = lead.get("/learning").text
    second = site.as_("reader").get("/learning").text
    assert "Tea first" in first
    assert "Tea first" not in second
    checks = 'id="method-checks-summary-heading"'
    assert "<tr><td>A reflection on each cycle</td><td>1</td><td>1</td></tr>" in first
    tally = second.split(checks)[1].split("</table>")[0]
    assert "<tr><td>A reflection on each cycle</td><td>0</td><td>1</td></tr>" in tally
    record = first.split('id="learning-summary"')[1].split("<h3>Insights</h3>")[0]
    assert record == second.split('id="learning-summary"')[1].split("<h3>Insights</h3>")[0]
