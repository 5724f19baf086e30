"""R5: a real worker process is SIGKILLed in the middle of a batch, ten times, while events are
being written; after a restart the views equal a fold of the log, with no event applied twice
and none missed.

The worker runs the pilot index and a slow ledger, which marks in a file when a batch begins
and takes its time before the commit, so a kill lands inside an open transaction.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from adapters.settings import parse_database_url
from domain.pilot.commands import RecordReflection
from projections.engine.runner import Projector
from projections.pilot_index.from_log import list_pilots
from projections.pilot_index.queries import pilots_for
from tests.projections.conftest import close, log_positions, projector_on
from tests.projections.models import ledger_figures
from tests.unit.builders import new_pilot

KILLS = 10
ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import sys, threading
from pathlib import Path
from adapters.settings import parse_database_url
from adapters.store import open_pilots
from projections.pilot_index.model import PilotIndex
from projections.engine.runner import Projector
from projections.engine.views import open_views
from tests.projections.models import SlowLedger

settings = parse_database_url(sys.argv[1])
models = [PilotIndex(), SlowLedger(Path(sys.argv[2]), 0.05)]
projector = Projector(open_pilots(settings), open_views(settings), models)
projector.run_forever(threading.Event(), 0.01)
"""


def start_worker(url: str, marks: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - this interpreter, running the worker above
        [sys.executable, "-c", WORKER, url, str(marks)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def marks_of(marks: Path, pid: int) -> list[str]:
    if not marks.exists():
        return []
    return [line.split()[0] for line in marks.read_text().splitlines() if line.endswith(f" {pid}")]


def kill_mid_batch(url: str, marks: Path, rng: random.Random) -> bool:
    """Starts a worker, kills it soon after a batch begins; whether the batch was still open."""
    worker = start_worker(url, marks)
    deadline = time.monotonic() + 30
    while "begin" not in marks_of(marks, worker.pid):
        assert time.monotonic() < deadline, "the worker never began a batch"
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.03))
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    return marks_of(marks, worker.pid)[-1] == "begin"


def keep_writing(projector: Projector, stop: threading.Event, written: list[int]) -> None:
    pilots = projector.pilots
    while not stop.is_set():
        pilot_id, lead = new_pilot(pilots)
        written[0] += 1
        for n in range(4):
            pilots.execute(RecordReflection(pilot_id, kind="experience", text=f"Entry {n}"), lead)
            written[0] += 1


@pytest.mark.slow
def test_r5_a_worker_killed_mid_batch_ten_times_misses_nothing_and_doubles_nothing(
    store_url: str, tmp_path: Path
) -> None:
    settings = parse_database_url(store_url)
    observer = projector_on(settings)  # the same models, read and compared from here
    observer.setup()
    marks, stop, written = tmp_path / "marks", threading.Event(), [0]
    writer = threading.Thread(target=keep_writing, args=(observer, stop, written))
    writer.start()
    try:
        rng = random.Random(5)
        mid_batch = sum(kill_mid_batch(store_url, marks, rng) for _ in range(KILLS))
    finally:
        stop.set()
        writer.join(timeout=60)
    head = observer.head()
    worker = start_worker(store_url, marks)
    deadline = time.monotonic() + 60
    while min(lag.position for lag in observer.status()) < head:
        assert time.monotonic() < deadline, "the restarted worker did not catch up"
        time.sleep(0.05)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=10)
    with observer.views.read() as sql:
        figures = ledger_figures(sql, log_positions(observer.pilots))
        index = pilots_for(sql)
    differing = len(set(map(repr, index)) ^ set(map(repr, list_pilots(observer.pilots))))
    print(
        f"R5 ({observer.views.dialect}): kills={KILLS} of which mid-batch={mid_batch} "
        f"events written={written[0]} in the log={figures['events']} view rows={figures['rows']} "
        f"duplicates={figures['duplicates']} missing={figures['missing']} "
        f"pilot index rows differing from the fold={differing}"
    )
    assert mid_batch >= KILLS // 2
    assert (figures["duplicates"], figures["missing"], figures["unexpected"]) == (0, 0, 0)
    assert differing == 0
    close(observer)
