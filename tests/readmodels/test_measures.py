"""The measures read model: a measure's chart as it stands and as it stood at any moment, with
the pilot's log beside it, is what folding the pilot's own events gives; and a rebuild gives the
rows the live model holds."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain import clock
from domain.errors import DomainError
from domain.measures.results import ANHOEJ, IHI, MDC
from domain.pilot import Pilot
from domain.pilot.commands import (
    Command,
    CorrectPoint,
    Decide,
    DefineMeasure,
    Pause,
    PlanCycle,
    RecordDo,
    RecordPoints,
    RecordStudy,
    RegisterPilot,
    Resume,
    ReviseIdea,
    StartCycle,
    StartPhase,
)
from domain.service import Pilots
from domain.values import DataPoint, Prediction, Result, Stage
from projections.engine.base import Sql
from projections.engine.dialects import PostgresSql
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.measures.from_log import views_from_events
from projections.measures.model import MeasuresModel
from projections.measures.queries import (
    Measured,
    ValueChange,
    measure_and_history,
    measure_views,
    measures_of_pilots,
    value_history,
)
from projections.measures.view import Annotation, MeasureView
from tests.projections.conftest import table_rows
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import LEAD, START, TEXT

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FEB = date(2026, 2, 1)
BEFORE, AFTER = [30, 31, 29, 32, 30, 31, 29, 30], [20, 21, 19, 22, 20, 21, 19, 20]


def measure_view(sql: Sql, pilot_id: UUID, measure_id: UUID, **asked: Any) -> MeasureView | None:
    """The measure's chart alone, from the one statement the pages read."""
    found = measure_and_history(sql, pilot_id, measure_id, **asked)
    return None if found is None else found.view


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


@pytest.fixture
def told(store_settings: Settings) -> Iterator[tuple[Projector, UUID, UUID, UUID]]:
    """A pilot with two measures, on each store, told a day at a time; its model kept live,
    every event its own batch, so a cycle's start finds its objective in the table."""
    pilots = open_pilots(store_settings)
    projector = Projector(pilots, open_views(store_settings), [MeasuresModel()])
    now = [T0]
    try:
        with clock.clock_set_to(lambda: now[0]):
            pilot, waiting, porters = _story(pilots, now)
        while projector.process(limit=1):
            pass
        yield projector, pilot, waiting, porters
    finally:
        projector.views.close()
        pilots.close()


def _story(pilots: Pilots, now: list[datetime]) -> tuple[UUID, UUID, UUID]:
    def at(n: float, command: Any) -> Any:
        now[0] = hours(n)
        return pilots.execute(command, LEAD)

    pilot = at(0, RegisterPilot(title="Porters", question="How?", idea="Porters")).pilot.id
    define = {"kind": "outcome", "definition": "Minutes from call to bed", "unit": "min"}
    at(1, DefineMeasure(pilot, name="Waiting", improvement="down", target=20.0, **define))
    at(2, DefineMeasure(pilot, name="Porters on shift", improvement="up", **define))
    waiting, porters = list(pilots.pilot(pilot).measures)
    days = [FEB + timedelta(days=i) for i in range(16)]
    values = [DataPoint(d, v, "Snow" if i == 0 else "") for i, (d, v) in
              enumerate(zip(days, BEFORE + AFTER, strict=True))]  # fmt: skip
    at(3, RecordPoints(pilot, measure_id=waiting, points=values))
    guess = [Prediction("How?", "Less")]
    at(24, PlanCycle(pilot, objective="Two porters early", predictions=guess))
    at(48, StartCycle(pilot, number=1))
    at(72, CorrectPoint(pilot, measure_id=waiting, on=days[2], value=35, reason="Typo"))
    at(96, StartPhase(pilot, measure_id=waiting, starts=days[8], reason="Rota began"))
    at(120, Pause(pilot, reason="Winter pressures"))
    at(144, Resume(pilot))
    at(168, ReviseIdea(pilot, idea="Porters and a runner", rationale="Runs were long"))
    at(192, RecordDo(pilot, number=1, what_happened="Ran"))
    at(216, RecordStudy(pilot, number=1, results=[Result("How?", "Faster")], learning="Yes"))
    at(240, Decide(pilot, number=1, decision="adapt", rationale="Add a runner"))
    return pilot, waiting, porters


def test_a_measure_as_it_stands_and_as_it_stood(told: tuple[Projector, UUID, UUID, UUID]) -> None:
    projector, pilot, waiting, porters = told
    with projector.reader() as sql:
        view = measure_view(sql, pilot, waiting)
        assert view is not None
        assert (view.measure.name, view.measure.improvement, view.measure.target) == (
            "Waiting", "down", 20.0
        )  # fmt: skip
        assert [p.value for p in view.points] == [30, 31, 35, 32, 30, 31, 29, 30, *AFTER]
        assert [p.on for p in view.points if p.corrected] == [FEB + timedelta(days=2)]
        assert view.points[0].note == "Snow"
        assert [(p.starts, p.reason, p.centre) for p in view.phases] == [
            (FEB, "", 30.5), (FEB + timedelta(days=8), "Rota began", 20.0)
        ]  # fmt: skip
        assert view.signals == ()
        day = lambda n: hours(n).date()  # noqa: E731
        assert view.annotations == (
            # a new phase is placed on the day it starts, the others on the day logged
            Annotation(FEB + timedelta(days=8), "phase", "New phase: Rota began", None),
            Annotation(day(48), "cycle-start", "Cycle 1 started: Two porters early", 1),
            Annotation(day(120), "pause", "Paused: Winter pressures", None),
            Annotation(day(144), "resume", "Resumed", None),
            Annotation(day(168), "idea", "Idea revised: Porters and a runner", None),
            Annotation(day(240), "decision", "Cycle 1: adapt — Add a runner", 1),
        )
        other = measure_view(sql, pilot, porters, chart="xmr", rules=MDC)
        assert other is not None
        assert other.points == ()
        assert other.too_few_points
        assert [a.kind for a in other.annotations] == [
            "cycle-start", "pause", "resume", "idea", "decision"
        ]  # fmt: skip

        before_phase = measure_view(sql, pilot, waiting, at=hours(95))
        assert before_phase is not None
        assert len(before_phase.phases) == 1
        assert {(s.rule, s.first, s.last, s.direction) for s in before_phase.signals} == {
            ("long-run", FEB, FEB + timedelta(days=7), "concern"),
            ("few-crossings", FEB, FEB + timedelta(days=15), None),
            ("long-run", FEB + timedelta(days=8), FEB + timedelta(days=15), "improvement"),
        }
        assert [a.kind for a in before_phase.annotations] == ["cycle-start"]
        before_fix = measure_view(sql, pilot, waiting, at=hours(72) - timedelta(microseconds=1))
        assert before_fix is not None
        assert [p.value for p in before_fix.points[:3]] == [30, 31, 29]
        assert not any(p.corrected for p in before_fix.points)
        assert measure_view(sql, pilot, porters, at=hours(2) - timedelta(microseconds=1)) is None
        assert measure_view(sql, pilot, UUID(int=7)) is None
        assert [v.measure.name for v in measure_views(sql, pilot, at=hours(1.5))] == ["Waiting"]
        assert measure_views(sql, pilot, at=hours(0.5)) == []
        assert measure_views(sql, pilot) == [view, measure_view(sql, pilot, porters)]

        assert value_history(sql, pilot, waiting) == [
            ValueChange(FEB + timedelta(days=2), 35.0, 29.0, "Typo", LEAD, hours(72))
        ]
        assert value_history(sql, pilot, waiting, at=hours(71)) == []
        # the page's one statement reads both together, and another model's values beside
        assert measure_and_history(sql, pilot, waiting) == Measured(
            view, value_history(sql, pilot, waiting)
        )
        count = ("(SELECT COUNT(*) FROM rm_measure_phases WHERE pilot_id = ?)", (str(pilot),))
        beside = measure_and_history(sql, pilot, waiting, beside=[count, ("(SELECT 'x')", ())])
        assert beside == Measured(view, value_history(sql, pilot, waiting), (1, "x"))
        assert (
            measure_and_history(sql, pilot, porters, at=hours(2) - timedelta(microseconds=1))
            is None
        )
        assert [d.name for d in measures_of_pilots(sql, [pilot, UUID(int=1)])[pilot]] == [
            "Waiting", "Porters on shift"
        ]  # fmt: skip
        events = projector.pilots.history(pilot)
        assert measure_views(sql, pilot) == views_from_events(events)
        live = table_rows(sql, projector.models[0])
    assert all(live.values())
    assert projector.rebuild("measures") > 0
    with projector.reader() as sql:
        assert table_rows(sql, projector.models[0]) == live


RULES = [("run", ANHOEJ), ("run", IHI), ("xmr", MDC)]
VALUES = st.one_of(st.integers(0, 9).map(float), st.floats(-1e6, 1e6, allow_nan=False))
Draw = Callable[..., Any]


def tell_measures(draw: Draw, steps: int) -> tuple[Pilots, list[UUID]]:
    """Two pilots and up to `steps` commands: measures defined, values recorded and corrected,
    phases begun, cycles run, pauses and new ideas; time moves on by 0 to 72 hours before each.
    A command the domain refuses records nothing and the story goes on."""
    pilots = open_pilots(parse_database_url("memory://"))
    now = [START]
    with clock.clock_set_to(lambda: now[0]):
        register = RegisterPilot(title="Walks", question="How?", idea="Walk")
        ids = [pilots.execute(register, LEAD).pilot.id for _ in range(2)]
        for _ in range(steps):
            now[0] += timedelta(hours=draw(st.integers(0, 72)))
            pilot_id = draw(st.sampled_from(ids))
            command = _command(draw, pilots.pilot(pilot_id), now[0].date())
            with contextlib.suppress(DomainError):
                pilots.execute(command, LEAD)
    return pilots, ids


def _command(draw: Draw, pilot: Pilot, today: date) -> Command:
    i, measures = pilot.id, list(pilot.measures.values())
    filled = [m for m in measures if m.values]
    days = st.integers(-40, 0).map(lambda n: today + timedelta(days=n))
    options = ["define", "cycle", "cycle", "pause", "idea"] + ["record"] * 4 * bool(measures)
    options += ["correct", "phase"] * bool(filled)
    chosen = draw(st.sampled_from(options))
    if chosen == "define":
        return DefineMeasure(
            i, name=draw(st.sampled_from(["Waiting", "Falls", "Calls"])), kind="process",
            definition="Counted", improvement=draw(st.sampled_from(["up", "down"])),
            target=draw(st.none() | VALUES),
        )  # fmt: skip
    if chosen == "record":
        on = draw(st.lists(days, min_size=1, max_size=8, unique=True))
        points = [DataPoint(d, draw(VALUES), draw(st.sampled_from(["", "Snow"]))) for d in on]
        return RecordPoints(i, measure_id=draw(st.sampled_from(measures)).id, points=points)
    if chosen == "correct":
        measure = draw(st.sampled_from(filled))
        on = draw(st.sampled_from(sorted(measure.values)))
        return CorrectPoint(i, measure_id=measure.id, on=on, value=draw(VALUES), reason="Typo")
    if chosen == "phase":
        measure = draw(st.sampled_from(filled))
        return StartPhase(i, measure_id=measure.id, starts=draw(days), reason=draw(TEXT))
    if chosen == "pause":
        return Pause(i, reason=draw(TEXT)) if pilot.status == "active" else Resume(i)
    if chosen == "idea":
        return ReviseIdea(i, idea=draw(TEXT), rationale="Learned")
    return _cycle(draw, pilot)


def _cycle(draw: Draw, pilot: Pilot) -> Command:
    i, cycle = pilot.id, pilot.undecided_cycle
    if cycle is None:
        return PlanCycle(i, objective=draw(TEXT), predictions=[Prediction("How?", "Faster")])
    n = cycle.number
    if cycle.stage == Stage.PLANNED:
        return StartCycle(i, number=n)
    if cycle.stage == Stage.STARTED:
        return RecordDo(i, number=n, what_happened="Ran")
    if cycle.stage == Stage.DONE:
        return RecordStudy(i, number=n, results=[Result("How?", "Yes")], learning="Yes")
    decision = draw(st.sampled_from(["adopt", "adapt", "abandon"]))
    return Decide(i, number=n, decision=decision, rationale=draw(TEXT))


def same_as_the_fold(sql: Sql, pilots: Pilots, ids: list[UUID], draw: Draw) -> int:
    """Every measure at `None`, at every event's moment and at random moments between, by every
    rule set; the number of charts compared."""
    compared = 0
    for pilot_id in ids:
        history = pilots.history(pilot_id)
        stamps = sorted({e.timestamp for e in history})
        moments: list[datetime | None] = [None, stamps[0] - timedelta(microseconds=1)]
        moments += draw(st.lists(st.sampled_from(stamps), max_size=6), label="stamps")
        moments += [s + timedelta(minutes=draw(st.integers(1, 60 * 24 * 9), label="after"))
                    for s in draw(st.lists(st.sampled_from(stamps), max_size=3))]  # fmt: skip
        for at in moments:
            for chart, rules in RULES:
                folded = views_from_events(history, at=at, chart=chart, rules=rules)
                kept = measure_views(sql, pilot_id, at=at, chart=chart, rules=rules)
                assert kept == folded
                for view in folded:
                    one = measure_view(sql, pilot_id, view.measure.id, at=at, chart=chart,
                                       rules=rules)  # fmt: skip
                    assert one == view
                    both = measure_and_history(sql, pilot_id, view.measure.id, at=at, chart=chart,
                                               rules=rules)  # fmt: skip
                    assert both == Measured(
                        view, value_history(sql, pilot_id, view.measure.id, at=at)
                    )
                    compared += 1
                measures = {m for e in history if (m := getattr(e, "measure_id", None))}
                for measure in measures - {v.measure.id for v in folded}:
                    assert measure_view(sql, pilot_id, measure, at=at) is None
    return compared


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_charts_equal_a_fold_of_each_pilots_events(data: st.DataObject) -> None:
    pilots, ids = tell_measures(data.draw, data.draw(st.integers(0, 60)))
    sql = sqlite_sql()
    project(sql, pilots, data.draw(st.sets(st.integers(1, 200), max_size=6)),
            only=(MeasuresModel,))  # fmt: skip
    same_as_the_fold(sql, pilots, ids, data.draw)


@pytest.mark.postgres
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_the_charts_equal_a_fold_of_each_pilots_events_on_postgresql(
    postgres_sql: PostgresSql, data: st.DataObject
) -> None:
    pilots, ids = tell_measures(data.draw, data.draw(st.integers(0, 60)))
    project(postgres_sql, pilots, data.draw(st.sets(st.integers(1, 200), max_size=6)),
            only=(MeasuresModel,))  # fmt: skip
    same_as_the_fold(postgres_sql, pilots, ids, data.draw)
