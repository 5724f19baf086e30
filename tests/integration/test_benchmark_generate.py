"""`python -m benchmarks generate SIZE [--measures MxN]`, the data-set generator scripts outside
the repo call: it fills an empty store the product then reads, with a realistic mix of who may
read what, where its ideas came from (stories and workshops, the same for the same seed),
measures only when asked for, and refuses a store that already holds events."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import timedelta
from itertools import count
from pathlib import Path
from uuid import UUID

import pytest

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from benchmarks.dataset import SIZES, START, open_bench_pilots
from benchmarks.dataset import generate as generate_into
from benchmarks.origins import PILOTS_PER_WORKSHOP, Origins
from domain import clock
from domain.measures.results import ANHOEJ, MDC
from domain.measures.rules import analyse
from domain.origins import events as origins
from domain.pilot.events import (
    Event,
    MeasureDefined,
    PhaseStarted,
    PointCorrected,
    PointsRecorded,
    QuestionSetRecorded,
    ReflectionRecorded,
    ReflectionWithdrawn,
)
from domain.values import DataPoint, Visibility
from projections.origins.driver import Standing, driver_map
from projections.origins.from_log import origins_from_events
from projections.origins.queries import origins_at
from projections.origins.state import Reader
from projections.registry import read_models
from tests.projections.conftest import close, projector_on

ROOT = Path(__file__).resolve().parents[2]


def generate(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module, with arguments from the tests
        [sys.executable, "-m", "benchmarks", "generate", *args],
        cwd=ROOT,
        env={**os.environ, "PILOTS_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def logged(url: str) -> list[Event]:
    pilots = open_pilots(parse_database_url(url))
    try:
        notifications = pilots.recorder.select_notifications(1, 100_000)
        return [pilots.mapper.to_domain_event(n) for n in notifications]
    finally:
        pilots.close()


def test_small_fills_an_empty_store_the_product_reads(store_url: str) -> None:
    done = generate(store_url, "small")
    assert done.returncode == 0, done.stderr
    assert "round 10 of 10" in done.stderr
    events = logged(store_url)
    assert 9_000 <= len(events) <= 11_000
    assert f"{len(events):,} events in 100 pilots" in done.stdout
    reflections = Counter(e.visibility for e in events if isinstance(e, ReflectionRecorded))
    sets = Counter(e.visibility for e in events if isinstance(e, QuestionSetRecorded))
    # "About a third of its question sets and most reflections are community."
    assert 0.25 <= sets[Visibility.COMMUNITY] / sets.total() <= 0.42, sets
    assert sets[Visibility.TEAM] + sets[Visibility.COMMUNITY] == sets.total()
    assert 0.6 <= reflections[Visibility.COMMUNITY] / reflections.total() <= 0.8, reflections
    assert reflections[Visibility.TEAM] > reflections[Visibility.PRIVATE] > 0
    assert any(isinstance(e, ReflectionWithdrawn) for e in events)


MEASURE_EVENTS = (MeasureDefined, PointsRecorded, PointCorrected, PhaseStarted)


def test_measures_give_every_pilot_that_many_with_signals_and_phases_and_nothing_else_changes(
    sqlite_url: str, tmp_path: Path
) -> None:
    done = generate(sqlite_url, "small", "--measures", "3x24")
    assert done.returncode == 0, done.stderr
    events = logged(sqlite_url)
    defined = [e for e in events if isinstance(e, MeasureDefined)]
    assert Counter(Counter(e.originator_id for e in defined).values()) == {3: 100}
    values: dict[object, dict[object, float]] = defaultdict(dict)
    for e in events:
        if isinstance(e, PointsRecorded):
            values[e.measure_id].update((p.on, p.value) for p in e.points)
        elif isinstance(e, PointCorrected):
            values[e.measure_id][e.on] = e.value
    assert {len(days) for days in values.values()} == {24}
    assert any(isinstance(e, PhaseStarted) for e in events)
    assert any(isinstance(e, PointCorrected) for e in events)
    last = max(e.timestamp for e in events if isinstance(e, PointsRecorded))
    assert all(day < last.date() for days in values.values() for day in days)
    improvement = {e.measure_id: e.improvement for e in defined}
    found = Counter(
        signal.rule
        for measure_id, days in values.items()
        for rules in (ANHOEJ, MDC)
        for signal in analyse(
            [DataPoint(on, value) for on, value in days.items()], rules, improvement[measure_id]
        ).signals
    )
    assert {"long-run", "shift", "outside"} <= set(found), found
    # The rest is the data set without measures, event for event.
    plain = f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    assert generate(plain, "small").returncode == 0
    kept = [(type(e), e.originator_id) for e in events if not isinstance(e, MEASURE_EVENTS)]
    assert kept == [(type(e), e.originator_id) for e in logged(plain)]
    rebuilt = subprocess.run(
        [sys.executable, "-m", "web.cli", "projections", "rebuild"],
        cwd=ROOT,
        env={**os.environ, "PILOTS_DATABASE_URL": sqlite_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"from {len(events):,} events" in rebuilt.stderr


def test_a_store_that_holds_events_is_refused_in_one_line(sqlite_url: str) -> None:
    assert generate(sqlite_url, "small").returncode == 0
    again = generate(sqlite_url, "small")
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0
    assert "already holds events" in again.stderr


def test_an_unknown_size_or_store_is_a_clear_error(sqlite_url: str) -> None:
    unknown = generate(sqlite_url, "medium")
    assert unknown.returncode == 2
    assert "invalid choice: 'medium'" in unknown.stderr
    shape = generate(sqlite_url, "small", "--measures", "12by30")
    assert shape.returncode == 2
    assert "'12by30' is not MEASURESxPOINTS, such as 12x30" in shape.stderr
    assert "at most 50 measures" in generate(sqlite_url, "small", "--measures", "51x30").stderr
    bad_url = generate("bogus://x", "small")
    assert bad_url.returncode == 1
    assert bad_url.stderr.strip() == (
        "python -m benchmarks generate: PILOTS_DATABASE_URL 'bogus://x': "
        "the scheme must be sqlite, postgresql or memory"
    )
    assert "Traceback" not in unknown.stderr + shape.stderr + bad_url.stderr


def generated_in_memory(size: str, *, origins: bool = True) -> list[Event]:
    app = open_bench_pilots(parse_database_url("memory://"))
    try:
        generate_into(app, size, origins=origins)
        notifications = app.recorder.select_notifications(1, 100_000)
        return [app.mapper.to_domain_event(n) for n in notifications]
    finally:
        app.close()


def test_origins_come_first_the_same_for_the_same_seed_and_leave_the_pilots_as_they_were() -> None:
    events = generated_in_memory("small")
    assert events == generated_in_memory("small")
    kinds = Counter(type(e).__name__ for e in events if isinstance(e, origins.Event))
    assert kinds["StoryRecorded"] == 50
    assert 0 < kinds["StoryWithdrawn"] < 10
    assert kinds["WorkshopCreated"] == 2
    assert (kinds["PrincipleRecorded"], kinds["FramingRecorded"]) == (16, 6)
    assert kinds["IdeaRecorded"] == 24
    assert kinds["IdeasMerged"] >= 1
    told = [e for e in events if isinstance(e, origins.StoryRecorded)]
    consent = Counter(e.consent.value for e in told)
    assert consent["community"] > consent["team"] > 0
    drawn = {s for e in events if isinstance(e, origins.PrincipleRecorded) for s in e.stories}
    withdrawn = {e.originator_id for e in events if isinstance(e, origins.StoryWithdrawn)}
    assert drawn <= {e.originator_id for e in told}
    assert withdrawn & drawn, "some withdrawn stories had been drawn on"
    # The pilots' own events are those of a programme without origins, but for the ties.
    plain = generated_in_memory("small", origins=False)
    assert not any(isinstance(e, origins.Event) for e in plain)
    pilots_only = [e for e in events if not isinstance(e, origins.Event)]
    assert [(type(e), e.originator_id, e.originator_version) for e in pilots_only] == [
        (type(e), e.originator_id, e.originator_version) for e in plain
    ]


def test_most_pilots_test_an_idea_and_the_map_shows_ideas_several_pilots_decided_apart() -> None:
    events = generated_in_memory("small")
    registered = [e for e in events if type(e).__name__ == "Registered"]
    testing = [e for e in registered if e.tests_idea is not None]  # type: ignore[attr-defined]
    assert 0.75 <= len(testing) / len(registered) < 1
    assert all(e.framing is not None for e in testing)  # type: ignore[attr-defined]
    found = origins_from_events(events)
    drawn = driver_map(found, Reader(found_lead(events), "lead"))
    assert {node.kind for node in drawn.nodes} == {"story", "principle", "framing", "idea", "pilot"}
    assert len(drawn.edges) > len(drawn.nodes)
    standings = [n.status for n in drawn.of("idea") if isinstance(n.status, Standing)]
    shared = [s for s in standings if s.tested >= 2]
    assert len(shared) >= 5
    apart = [s for s in shared if sum(1 for d in (s.adopt, s.adapt, s.abandon) if d) >= 2]
    assert apart, "some idea tested by several pilots was decided differently by them"
    # Its framing question's tree alone is smaller, and not empty.
    framing = next(iter(found.framings))
    tree = driver_map(found, Reader(found_lead(events), "lead"), framing)
    assert 0 < len(tree.nodes) < len(drawn.nodes)
    assert tree.of("pilot")


def found_lead(events: list[Event]) -> UUID:
    """The programme lead who recorded the workshops (who may read every story)."""
    lead: UUID = next(e.actor for e in events if isinstance(e, origins.WorkshopCreated))
    return lead


def test_the_generated_origins_fold_into_the_read_model_as_from_the_log(sqlite_url: str) -> None:
    assert generate(sqlite_url, "small").returncode == 0
    projector = projector_on(parse_database_url(sqlite_url), read_models())
    try:
        projector.catch_up()
        with projector.views.read() as sql:
            kept = origins_at(sql)
    finally:
        close(projector)
    folded = origins_from_events(logged(sqlite_url))
    assert kept.ordered() == folded.ordered()
    assert len(kept.stories) == 50
    assert sum(s.withdrawn_on is not None for s in kept.stories.values()) > 0


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_size_has_origins_whose_workshops_are_held_before_the_programme_starts(
    size: str,
) -> None:
    """`huge` has 200 workshops: held three days apart from the first, most would fall after
    the generator's clock, which the domain refuses as a day in the future."""
    ticks = count()
    with clock.clock_set_to(lambda: START + timedelta(minutes=next(ticks))):
        made = Origins(7, SIZES[size])
    held = [workshop.held_on for workshop in made.workshops.values()]
    assert len(held) == max(1, SIZES[size] // PILOTS_PER_WORKSHOP)
    assert max(held) < START.date()
