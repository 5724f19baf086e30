"""The background loop keeps going through database errors, and resumes from its tracking
position: the library's own runner exits on the first one, a PostgreSQL restart among them."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable

import psycopg
import pytest

from adapters.settings import parse_database_url
from domain.pilot.commands import RecordReflection
from projections.engine.runner import Projector
from projections.engine.supervisor import Background, run_forever
from projections.pilot_index.from_log import list_pilots
from projections.pilot_index.queries import pilots_for
from tests.projections.conftest import close, log_positions, projector_on
from tests.projections.models import ledger_figures
from tests.unit.builders import new_pilot


class Flaky:
    """A projector whose first few batches fail as a locked or vanished database would."""

    def __init__(self, projector: Projector, failures: int) -> None:
        self.projector, self.failures = projector, failures

    def process(self, limit: int = 500) -> int:
        if self.failures:
            self.failures -= 1
            raise sqlite3.OperationalError("database is locked")
        return self.projector.process(limit)


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def caught_up(projector: Projector) -> bool:
    return all(lag.lag == 0 for lag in projector.status())


def test_the_loop_logs_errors_backs_off_and_resumes(
    memory_projector: Projector, caplog: pytest.LogCaptureFixture
) -> None:
    flaky, stop = Flaky(memory_projector, failures=3), threading.Event()
    loop = threading.Thread(target=run_forever, args=(flaky, stop, 0.01))
    loop.start()
    try:
        new_pilot(memory_projector.pilots)
        wait_for(lambda: caught_up(memory_projector))
    finally:
        stop.set()
        loop.join(timeout=10)
    warnings = [r.getMessage() for r in caplog.records if r.name == "pilots.projections"]
    assert len(warnings) == 4, warnings  # three failures, then one line on recovering
    assert "database is locked" in warnings[0]
    assert not loop.is_alive()


def test_stopping_the_background_loop_ends_its_thread_promptly(
    memory_projector: Projector,
) -> None:
    loop = Background(memory_projector, poll_interval=30).start()
    time.sleep(0.05)
    started = time.monotonic()
    loop.stop()
    assert not loop.running
    assert time.monotonic() - started < 5


@pytest.mark.postgres
def test_the_loop_survives_the_server_dropping_every_connection(
    postgres_url: str, postgres_admin_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """What a PostgreSQL restart does to a client: every connection is cut, mid-batch or not.
    (The writes here are slow after each cut: the library's writers retry on dead connections.)"""
    caplog.set_level(logging.WARNING, logger="pilots.projections")
    projector = projector_on(parse_database_url(postgres_url))
    dbname = postgres_url.rsplit("/", 1)[1]
    loop = Background(projector, poll_interval=0.02).start()
    cuts = 0
    try:
        for _ in range(3):
            pilot_id, lead = new_pilot(projector.pilots)
            for n in range(10):
                projector.pilots.execute(
                    RecordReflection(pilot_id, kind="meaning", text=f"{n}"), lead
                )
            with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
                cut = admin.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (dbname,),
                ).fetchone()
                cuts += cut[0] if cut else 0
            time.sleep(0.1)
        new_pilot(projector.pilots)
        wait_for(lambda: caught_up(projector))
        assert loop.running
    finally:
        loop.stop()
    with projector.views.read() as sql:
        figures = ledger_figures(sql, log_positions(projector.pilots))
        index = pilots_for(sql)
    failed = [r for r in caplog.records if "failed" in r.getMessage()]
    print(f"connections cut: {cuts}; failed batches retried: {len(failed)}; {figures}")
    assert cuts >= 3
    assert (figures["missing"], figures["duplicates"]) == (0, 0)
    assert index == list_pilots(projector.pilots)
    close(projector)
