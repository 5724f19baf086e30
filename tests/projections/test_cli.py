"""`pilots projections status|run|rebuild [NAME]`, run as operators run it: a real process."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time

from rich.console import Console

from adapters.settings import parse_database_url
from domain.pilot.commands import Pause
from projections.registry import read_models
from tests.integration.test_cli import PILOTS, pilots
from tests.projections.conftest import close, projector_on
from tests.unit.builders import new_pilot
from web.cli.progress import LogProgress


def some_pilots(url: str, count: int = 3) -> int:
    """Registers pilots; the head of the log."""
    projector = projector_on(parse_database_url(url), read_models())
    try:
        for n in range(count):
            pilot_id, lead = new_pilot(projector.pilots, title=f"Pilot {n}")
            projector.pilots.execute(Pause(pilot_id, reason="Summer"), lead)
        return projector.head()
    finally:
        close(projector)


def test_status_shows_each_model_with_its_position_head_and_lag(sqlite_url: str) -> None:
    head = some_pilots(sqlite_url)
    done = pilots(sqlite_url, "projections", "status")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert lines[0].split() == ["model", "position", "head", "lag"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert rows["pilot_index"] == ["0", str(head), str(head)]
    assert set(rows) == {model.name for model in read_models()}


def test_rebuild_shows_progress_and_leaves_no_lag(sqlite_url: str) -> None:
    head = some_pilots(sqlite_url)
    done = pilots(sqlite_url, "projections", "rebuild")
    assert done.returncode == 0, done.stderr
    err = done.stderr.decode()
    assert err.count(f"position {head} of {head}: {head} events") == 1
    assert "events/s" in err
    assert "\r" not in err  # stderr is a pipe here: whole lines, never a bar redrawn in place
    names = ", ".join(model.name for model in read_models())
    assert err.splitlines()[-1].startswith(f"pilots: rebuilt {names} from {head:,} events")
    status = pilots(sqlite_url, "projections", "status").stdout.decode().splitlines()[1:]
    assert {line.split()[-1] for line in status} == {"0"}


def test_rebuilding_an_unknown_model_is_one_line_naming_the_known_ones(sqlite_url: str) -> None:
    done = pilots(sqlite_url, "projections", "rebuild", "pilots_index")
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "pilots: no read model named 'pilots_index'; the read models are "
        + ", ".join(model.name for model in read_models())
    ]


def test_a_rebuild_while_another_runs_is_refused_in_one_line(sqlite_url: str) -> None:
    some_pilots(sqlite_url, 1)
    projector = projector_on(parse_database_url(sqlite_url), read_models())
    projector.setup()
    with projector.views.transaction() as sql:  # another rebuild, alive and well
        sql.run("INSERT INTO rm_rebuilds VALUES ('timeline', 'elsewhere', 1e12)")
    close(projector)
    done = pilots(sqlite_url, "projections", "rebuild", "pilot_index")
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "pilots: another rebuild is running (of timeline); try again when it has finished"
    ]


def test_run_keeps_models_current_until_interrupted_then_stops_cleanly(sqlite_url: str) -> None:
    head = some_pilots(sqlite_url, 2)
    assert PILOTS
    worker = subprocess.Popen(  # noqa: S603 - our own console script
        [PILOTS, "projections", "run", "--poll", "0.05"],
        env={**os.environ, "PILOTS_DATABASE_URL": sqlite_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            status = pilots(sqlite_url, "projections", "status").stdout.decode()
            if all(line.split()[-1] == "0" for line in status.splitlines()[1:]):
                break
            assert time.monotonic() < deadline, status
            time.sleep(0.1)
        worker.send_signal(signal.SIGINT)
        _, err = worker.communicate(timeout=30)
    finally:
        worker.kill()
        worker.wait()
    assert worker.returncode == 0, err
    assert err.decode().splitlines()[-1] == "pilots: stopped"
    assert str(head) in status


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_ends_its_line() -> None:
    out = Terminal()
    bar = LogProgress(Console(file=out))
    bar.show(10, 10, 20)
    bar.show(20, 20, 20)
    bar.show(20, 20, 20)  # the last, empty batch: nothing new to draw
    bar.end()
    first, last = out.getvalue().split("\r")[1:]
    assert first.startswith("[" + "#" * 15 + "." * 15 + "] position 10 of 20: 10 events, ")
    assert last.startswith("[" + "#" * 30 + "] position 20 of 20: 20 events, ")
    assert last.endswith(" events/s\n")
