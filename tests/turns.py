"""Taking turns between pytest-xdist's workers: a test marked `alone` runs while no other test
does, since it holds a bound of time (an answer within 2 s under load) that a second worker
busy beside it on two cores could break. Every other test runs beside any test but those.

Two file locks shared by the workers of one run: every test takes the room shared, and an
`alone` test takes it for itself. To enter the room a test first passes the gate, and an
`alone` test keeps the gate shut while it waits and runs, so the tests that come after it wait
at the gate rather than keep the room busy for ever. The locks are files in the run's
temporary folder, which every worker's own folder sits in.

The turn is taken around each test's whole run (`pytest_runtest_protocol` in `conftest.py`),
setup and teardown included: the module fixtures a test file sets up in its first test (the
fuzzing server's, 97 s of work) once ran beside R11 and pushed its slowest answer past 2 s.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def taking_turns(alone: bool, folder: Path | None) -> Iterator[None]:
    """Holds the room (for itself when `alone`) while the test runs. `folder` holds the locks
    of the run, shared by its workers; None where there is one process, and nothing to share."""
    if folder is None:
        yield
        return
    with (folder / "turns.gate").open("a") as gate, (folder / "turns.room").open("a") as room:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(room, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
            if not alone:
                fcntl.flock(gate, fcntl.LOCK_UN)  # through the gate, and in
            try:
                yield
            finally:
                fcntl.flock(room, fcntl.LOCK_UN)
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)


def turns_folder(config: pytest.Config) -> Path | None:
    """The folder the workers of this run share (each worker's `--basetemp` is inside it), or
    None in a run of one process."""
    if not hasattr(config, "workerinput"):
        return None
    return Path(config.option.basetemp).parent
