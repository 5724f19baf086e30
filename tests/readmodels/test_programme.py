"""The `programme` model's figures, kept batch by batch, are what the summary, the charts and
the method checks work out from every row: for random programmes told in random batches, for
the whole programme and each theme, and for every kind of reader's tally."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain.pilot.commands import Correct
from domain.pilot.visibility import Reader
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.learning.from_log import LearningRows
from projections.learning.ideas import SharedIdea
from projections.learning.queries import select_rows
from projections.learning.rows import CycleRow, IdeaRow, PilotRow
from projections.learning.scope import Scope
from projections.learning.series import chart_data
from projections.learning.summary import TOP, summarise
from projections.learning.totals import _community, _counts, surprises
from projections.method_checks.queries import summary
from projections.programme import periods
from projections.programme import queries as programme
from projections.registry import read_models
from tests.readmodels import story
from tests.reports.programmes import Programme, on
from web.learning.summary import CHARTED

SCOPES = (Scope(), Scope(theme="art"), Scope(theme="carers"), Scope(theme="no theme"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(0, 50))
def test_the_kept_figures_are_the_figures_worked_out_from_every_row(data: Any, steps: int) -> None:
    pilots, _ = story.tell(data.draw, steps)
    projector = Projector(pilots, open_views(parse_database_url("memory://")), read_models())
    try:
        while projector.process(data.draw(st.integers(1, 12), label="batch")):
            pass
        periods = [_period(data.draw, theme) for theme in (None, "art")]
        with projector.reader() as sql:
            for scope in SCOPES:
                assert programme.ready(sql, scope)
                _same_figures(sql, scope)
            for scope in periods:
                assert programme.kept(sql)
                assert not programme.ready(sql, scope)
                _same_in_period(sql, scope)
            for reader in story.READERS:
                assert programme.tally(sql, reader) == summary(sql, reader=reader)
    finally:
        projector.views.close()
        pilots.close()


def _same_figures(sql: Any, scope: Scope) -> None:
    rows = select_rows(sql, (PilotRow, IdeaRow, CycleRow))
    worked_out = summarise(LearningRows.of(rows.position, rows.as_of, rows.rows), scope)
    kept = programme.record_summary(sql, scope)
    assert kept.surprises == []
    assert worked_out.surprises == surprises(sql, scope, None, TOP)
    worked_out.surprises = []
    assert kept == worked_out
    assert programme.community_counts(sql, scope) == _counts(sql, scope, _community)
    charted = select_rows(sql, CHARTED, Reader.community())
    assert programme.charts(sql, scope) == chart_data(
        LearningRows.of(charted.position, charted.as_of, charted.rows), scope
    )


def _period(draw: Any, theme: str | None) -> Scope:
    """A period around the story's days, open at one end or neither."""
    since = draw(st.none() | st.integers(-5, 200).map(lambda d: story.START.date() + timedelta(d)))
    until = draw(st.none() | st.integers(0, 120))
    if until is not None:
        until = (since or story.START.date()) + timedelta(until)
    if since is None and until is None:
        until = story.START.date() + timedelta(draw(st.integers(0, 300)))
    return Scope(theme=theme, since=since, until=until)


def _same_in_period(sql: Any, scope: Scope) -> None:
    """A period's summary and charts from the rows found in SQL, as from every row."""
    rows = select_rows(sql, (PilotRow, IdeaRow, CycleRow))
    worked_out = summarise(LearningRows.of(rows.position, rows.as_of, rows.rows), scope)
    assert periods.period_summary(sql, scope) == worked_out
    charted = select_rows(sql, CHARTED, Reader.community())
    assert periods.period_charts(sql, scope) == chart_data(
        LearningRows.of(charted.position, charted.as_of, charted.rows), scope
    )


def test_a_period_is_not_kept() -> None:
    projector_views = open_views(parse_database_url("memory://"))
    try:
        with projector_views.read() as sql:
            assert not programme.ready(sql, Scope(since=date(2026, 1, 1)))
    finally:
        projector_views.close()


def test_shared_ideas_are_kept_per_theme_and_follow_a_decision_and_a_new_title(
    store_settings: Settings,
) -> None:
    """On SQLite and PostgreSQL: three pilots under two themes try one idea with different
    decisions. The kept list names the group once, under its first theme, and a later
    decision and a corrected title reach it at the next read, as the worked-out list has it;
    so does a rebuild of the model it reads."""
    pilots = open_pilots(store_settings)
    projector = Projector(pilots, open_views(store_settings), read_models())
    try:
        run = Programme(pilots)
        a = run.register(
            0, "Story circles, north", "Story circles in the library", ("art", "carers")
        )
        b = run.register(1, "Story circles, south", "Library story circles", ("art", "carers"))
        c = run.register(2, "Walking group", "Walking groups by the river", ("carers",))
        run.cycle(a, 3, 10, "adopt")
        run.cycle(b, 4, 11, "abandon")
        first = _both(projector, Scope())
        assert [(i.theme, i.trials_count) for i in first] == [("art", 2)]
        run.cycle(c, 5, 12, "adapt")
        with on(13):
            pilots.execute(Correct(a, entry="title", text="Circles, north", reason="Renamed"),
                           run.lead)  # fmt: skip
        renamed = _both(projector, Scope(theme="carers"))
        assert [t.title for t in renamed[0].trials] == ["Circles, north", "Story circles, south"]
        before = _both(projector, Scope())
        assert [(i.theme, i.trials_count) for i in before] == [("art", 2)]
        assert projector.rebuild("learning") > 0
        assert _both(projector, Scope()) == before
    finally:
        projector.views.close()
        pilots.close()


def _both(projector: Projector, scope: Scope) -> list[SharedIdea]:
    """The shared ideas kept by the model, checked against those worked out from every row."""
    with projector.reader() as sql:
        assert programme.ready(sql, scope)
        kept = programme.record_summary(sql, scope)
        rows = select_rows(sql, (PilotRow, IdeaRow, CycleRow))
        worked_out = summarise(LearningRows.of(rows.position, rows.as_of, rows.rows), scope)
    assert kept.shared_ideas == worked_out.shared_ideas
    assert kept.shared_ideas_count == worked_out.shared_ideas_count
    return kept.shared_ideas
