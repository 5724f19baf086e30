"""The turns the test workers take (`tests/turns.py`): a test marked `alone` runs while no other
test does, and the tests after it wait rather than keep it out."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.turns import taking_turns, turns_folder

WAIT = 0.3  # seconds to be sure a thread is kept waiting


def enter(
    folder: Path, alone: bool, inside: threading.Event, leave: threading.Event
) -> threading.Thread:
    def run() -> None:
        with taking_turns(alone, folder):
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_no_test_runs_beside_one_that_runs_alone(tmp_path: Path) -> None:
    alone_in, alone_out, other_in, other_out = (threading.Event() for _ in range(4))
    first = enter(tmp_path, True, alone_in, alone_out)
    assert alone_in.wait(5)
    second = enter(tmp_path, False, other_in, other_out)
    assert not other_in.wait(WAIT)
    alone_out.set()
    assert other_in.wait(5)
    other_out.set()
    for thread in (first, second):
        thread.join(5)


def test_one_that_runs_alone_waits_for_those_running_and_then_goes_first(tmp_path: Path) -> None:
    events = {name: (threading.Event(), threading.Event()) for name in ("a", "b", "alone", "c")}
    threads = [enter(tmp_path, False, *events["a"]), enter(tmp_path, False, *events["b"])]
    assert events["a"][0].wait(5)
    assert events["b"][0].wait(5)  # two share the room
    threads.append(enter(tmp_path, True, *events["alone"]))
    assert not events["alone"][0].wait(WAIT)
    threads.append(enter(tmp_path, False, *events["c"]))  # comes after: waits at the gate
    assert not events["c"][0].wait(WAIT)
    events["a"][1].set()
    events["b"][1].set()
    assert events["alone"][0].wait(5)
    assert not events["c"][0].is_set()
    events["alone"][1].set()
    assert events["c"][0].wait(5)
    events["c"][1].set()
    for thread in threads:
        thread.join(5)


def test_without_workers_there_is_nothing_to_wait_for() -> None:
    with taking_turns(True, None), taking_turns(True, None):
        pass


def test_this_run_takes_turns_in_the_folder_its_workers_share(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Under xdist this very test holds the room, in the folder every worker's own is in."""
    folder = turns_folder(pytestconfig)
    if not hasattr(pytestconfig, "workerinput"):
        assert folder is None
        return
    assert folder == tmp_path_factory.getbasetemp().parent
    assert (folder / "turns.room").exists()
    assert (folder / "turns.gate").exists()
