"""The runner: batches, tracking positions, read-your-writes, status, and two workers at once."""

from __future__ import annotations

import threading
from uuid import UUID

import pytest
from eventsourcing.persistence import Tracking

from adapters.settings import Settings
from domain.pilot.commands import AssignRole, Pause, RecordReflection
from projections.engine import tracking
from projections.engine.runner import Projector, UnknownReadModel
from projections.pilot_index.from_log import list_pilots
from projections.pilot_index.model import PilotIndex
from projections.pilot_index.queries import pilots_for
from tests.projections.conftest import close, log_positions, projector_on
from tests.projections.models import Ledger, ledger_figures
from tests.unit.builders import new_pilot


def write_events(projector: Projector, count: int) -> None:
    """`count` events: pilots with reflections, ten events a pilot."""
    pilots = projector.pilots
    pilot_id, lead = new_pilot(pilots)
    for n in range(count - 1):
        if n % 10 == 9:
            pilot_id, lead = new_pilot(pilots)
        else:
            pilots.execute(RecordReflection(pilot_id, kind="observation", text=f"Note {n}"), lead)


def test_one_batch_of_many_events_is_one_transaction(memory_projector: Projector) -> None:
    write_events(memory_projector, 300)
    memory_projector.setup()
    before = memory_projector.views.commits
    assert memory_projector.process(limit=500) == 300
    batched = memory_projector.views.commits - before
    print(f"batching: 300 events in {batched} transaction(s)")
    assert batched == 1


def test_a_batch_of_one_commits_once_per_event(memory_projector: Projector) -> None:
    """The slow way, for contrast: a transaction per event is what batching avoids."""
    write_events(memory_projector, 30)
    memory_projector.setup()
    before = memory_projector.views.commits
    while memory_projector.process(limit=1):
        pass
    print(f"one event per batch: 30 events in {memory_projector.views.commits - before} commits")
    assert memory_projector.views.commits - before == 30


def test_a_read_right_after_a_write_shows_it(projector: Projector) -> None:
    """B5: the time from a write's acknowledgement until a read shows it is zero."""
    pilots = projector.pilots
    stale = reads = 0
    for n in range(20):
        pilot_id, lead = new_pilot(pilots, title=f"Pilot {n}")
        with projector.reader() as sql:
            found = {s.id: s for s in pilots_for(sql)}
        stale += pilot_id not in found or found[pilot_id].title != f"Pilot {n}"
        pilots.execute(Pause(pilot_id, reason="Summer"), lead)
        with projector.reader() as sql:
            stale += pilots_for(sql, status="paused")[0].id != pilot_id
        reads += 2
    where = projector.views.dialect
    print(f"B5 ({where}): reads that missed the write just made = {stale} of {reads}")
    assert stale == 0


def test_a_read_of_one_statement_shows_the_write_just_made_and_refuses_a_second(
    projector: Projector,
) -> None:
    """`reader(single=True)` begins no transaction, so it allows one statement and no more. On
    PostgreSQL it asks for the head of the log in the same round trip: a read right after a
    write catches up and reads again, and the next one, with nothing pending, reads once."""
    pilots = projector.pilots
    title = "SELECT title FROM rm_pilot_index WHERE pilot_id = ?"
    for n in range(3):
        pilot_id, _ = new_pilot(pilots, title=f"Pilot {n}")
        for _ in range(2):
            with projector.reader(single=True) as sql:
                assert sql.rows(title, (str(pilot_id),)) == [(f"Pilot {n}",)]
                with pytest.raises(RuntimeError, match="one statement ran a second"):
                    sql.rows(title, (str(pilot_id),))
                with pytest.raises(TypeError, match="writes nothing"):
                    sql.insert("rm_pilot_index", "pilot_id", [("x",)])


def test_a_read_with_nothing_pending_asks_only_for_the_head_of_the_log(
    memory_projector: Projector, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_events(memory_projector, 5)
    memory_projector.catch_up()
    asked: list[str] = []
    recorder = memory_projector.pilots.recorder
    head = recorder.max_notification_id

    def counted_head() -> int | None:
        asked.append("head")
        return head()

    monkeypatch.setattr(recorder, "max_notification_id", counted_head)
    monkeypatch.setattr(recorder, "select_notifications", lambda *a, **k: asked.append("log"))
    commits = memory_projector.views.commits
    with memory_projector.reader() as sql:
        assert len(pilots_for(sql)) == 1
    assert (asked, memory_projector.views.commits) == (["head"], commits)


def test_catch_up_until_a_receipt_position_shows_that_write(memory_projector: Projector) -> None:
    pilots = memory_projector.pilots
    pilot_id, lead = new_pilot(pilots)
    receipt = pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    assert receipt.position is not None
    memory_projector.catch_up(receipt.position)
    with memory_projector.views.read() as sql:
        assert pilots_for(sql)[0].status == "paused"


def test_status_shows_how_far_each_model_lags_and_no_lag_after_catching_up(
    projector: Projector,
) -> None:
    write_events(projector, 12)
    head = projector.head()
    assert [(s.model, s.position, s.lag) for s in projector.status()] == [
        ("pilot_index", 0, head), ("test_ledger", 0, head),
    ]  # fmt: skip
    projector.process(limit=5)
    assert {s.lag for s in projector.status()} == {head - log_positions(projector.pilots)[4]}
    projector.catch_up()
    lags = projector.status()
    print("status after catch-up:", [(s.model, s.position, s.head, s.lag) for s in lags])
    assert {(s.position, s.head, s.lag) for s in lags} == {(head, head, 0)}


def test_a_batch_not_ahead_of_the_stored_position_is_refused_and_rolled_back(
    memory_projector: Projector,
) -> None:
    write_events(memory_projector, 3)
    memory_projector.catch_up()
    with pytest.raises(tracking.StaleBatch), memory_projector.views.transaction() as sql:  # noqa: PT012
        sql.run("DELETE FROM rm_pilot_index")
        tracking.advance(sql, "pilot_index", Tracking("Pilots", 3))
    with memory_projector.reader() as sql:
        assert len(pilots_for(sql)) == 1


def test_a_model_that_joins_later_catches_up_from_the_start(store_settings: Settings) -> None:
    first = projector_on(store_settings, [PilotIndex()])
    try:
        write_events(first, 15)
        first.catch_up()
        second = projector_on(store_settings, [PilotIndex(), Ledger()], first.pilots)
        second.catch_up()
        with second.views.read() as sql:
            assert ledger_figures(sql, log_positions(first.pilots))["missing"] == 0
        second.views.close()
    finally:
        close(first)


def test_two_workers_racing_apply_every_event_exactly_once(store_settings: Settings) -> None:
    """Two projectors (each with its own connections) process the same log while it grows."""
    writer = projector_on(store_settings)
    racers = [projector_on(store_settings, pilots=writer.pilots) for _ in range(2)]
    done = threading.Event()

    def race(racer: Projector) -> None:
        while not done.is_set():
            racer.process(limit=7)
        racer.catch_up()

    threads = [threading.Thread(target=race, args=(r,)) for r in racers]
    for thread in threads:
        thread.start()
    write_events(writer, 120)
    done.set()
    for thread in threads:
        thread.join(timeout=60)
    writer.catch_up()
    with writer.views.read() as sql:
        figures = ledger_figures(sql, log_positions(writer.pilots))
        index = pilots_for(sql)
    print(f"two workers ({writer.views.dialect}):", figures)
    assert (figures["duplicates"], figures["missing"], figures["unexpected"]) == (0, 0, 0)
    assert index == list_pilots(writer.pilots)
    for racer in racers:
        racer.views.close()
    close(writer)


def test_an_unknown_model_is_refused_naming_the_known_ones(memory_projector: Projector) -> None:
    with pytest.raises(UnknownReadModel, match="the read models are pilot_index, test_ledger"):
        memory_projector.rebuild("pilot_indx")


def test_read_model_names_must_be_unique(memory_projector: Projector) -> None:
    with pytest.raises(ValueError, match="unique"):
        Projector(memory_projector.pilots, memory_projector.views, [PilotIndex(), PilotIndex()])


def test_a_pilot_registered_in_the_same_batch_as_its_later_events_is_folded_whole(
    memory_projector: Projector,
) -> None:
    pilots = memory_projector.pilots
    pilot_id, lead = new_pilot(pilots, themes=["walks"])
    pilots.execute(AssignRole(pilot_id, user=UUID(int=3), role="member"), lead)
    pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    assert memory_projector.process(limit=10) == 3
    with memory_projector.views.read() as sql:
        assert pilots_for(sql) == list_pilots(pilots)
