"""The loop that keeps read models current in the background, and survives the database.

The library's own runner exits on the first database error, and a PostgreSQL restart is one (a
known trap: the read models would then stand still until someone restarted the process). This
loop logs the error, backs off, and tries again; connections are replaced by the pools, and the
next batch resumes from the tracking positions, which only ever move in the same commit as the
rows they describe.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

LOG = logging.getLogger("pilots.projections")
BATCH = 500  # events per transaction: many per commit, and the write lock held for milliseconds
POLL_SECONDS = 0.5
# Read models stay at most this far behind after the database comes back (R9).
MAX_BACKOFF_SECONDS = 5.0


class Processor(Protocol):
    def process(self, limit: int = BATCH) -> int:
        """Applies one batch; the number of events it read."""
        ...


def run_forever(
    projector: Processor, stop: threading.Event, poll_interval: float = POLL_SECONDS
) -> None:
    """Applies batches until `stop` is set; sleeps `poll_interval` when the log is drained."""
    failures = 0
    while not stop.is_set():
        try:
            count = projector.process()
        except Exception as error:
            failures += 1
            delay = min(MAX_BACKOFF_SECONDS, poll_interval * 2 ** min(failures, 8))
            LOG.warning(
                "read models: a batch failed (%s: %s); retrying in %.1f s",
                type(error).__name__, " ".join(str(error).split()), delay,
                exc_info=failures == 1,
            )  # fmt: skip
            stop.wait(delay)
            continue
        if failures:
            LOG.warning("read models: running again after %d failed batches", failures)
            failures = 0
        if count < BATCH:  # drained; a full batch is followed at once by the next
            stop.wait(poll_interval)


class Background:
    """`run_forever` in a daemon thread, for a web process that keeps its own read models."""

    def __init__(self, projector: Processor, poll_interval: float = POLL_SECONDS) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=run_forever, args=(projector, self._stop, poll_interval),
            name="read-models", daemon=True,
        )  # fmt: skip

    def start(self) -> Background:
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Asks the loop to stop after its current batch, and waits for it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
