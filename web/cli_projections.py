"""`pilots projections status|run|rebuild [NAME]`: the read models, from the command line.

`run` is the worker for PostgreSQL deployments whose web processes are started with
`PILOTS_PROJECTIONS=workers`; several workers may run at once, each batch applied exactly once.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from adapters.settings import Settings
from adapters.store import open_pilots
from projections.engine.claims import RebuildRefused
from projections.engine.runner import Projector, UnknownReadModel
from projections.engine.supervisor import LOG, POLL_SECONDS
from projections.engine.views import open_views
from projections.registry import read_models

if TYPE_CHECKING:
    from web.cli_commands import Subcommands

BAR_WIDTH = 30
BAR_EVERY_SECONDS = 0.2
LINE_EVERY_SECONDS = 5.0  # when stderr is a file or a pipe, one line this often


def add_projections(commands: Subcommands) -> None:
    parser = commands.add_parser("projections", help="show, run or rebuild the read models")
    actions = parser.add_subparsers(dest="action", required=True, metavar="status|run|rebuild")
    status = actions.add_parser("status", help="how far each read model lags the log")
    status.set_defaults(run=show_status)
    run = actions.add_parser("run", help="keep the read models current until stopped")
    run.add_argument(
        "--poll", type=float, default=POLL_SECONDS, metavar="SECONDS",
        help=f"how often to look for new events when there are none (default {POLL_SECONDS})",
    )  # fmt: skip
    run.set_defaults(run=run_worker)
    rebuild = actions.add_parser("rebuild", help="drop read models and rebuild them from the log")
    rebuild.add_argument("name", nargs="?", help="one read model; all of them when omitted")
    rebuild.set_defaults(run=rebuild_models)


@contextmanager
def opened_projector() -> Iterator[Projector]:
    settings = Settings.from_env()
    pilots = open_pilots(settings)
    views = open_views(settings)
    try:
        yield Projector(pilots, views, read_models())
    finally:
        views.close()
        pilots.close()


def show_status(_: argparse.Namespace) -> int:
    with opened_projector() as projector:
        lags = projector.status()
    width = max([len("model"), *(len(lag.model) for lag in lags)])
    print(f"{'model':<{width}}  {'position':>10}  {'head':>10}  {'lag':>10}")
    for lag in lags:
        print(f"{lag.model:<{width}}  {lag.position:>10}  {lag.head:>10}  {lag.lag:>10}")
    return 0


def run_worker(args: argparse.Namespace) -> int:
    stop = threading.Event()

    def stop_after_this_batch(_: int, __: FrameType | None) -> None:
        stop.set()

    if not LOG.handlers:  # a worker's failures and recoveries belong on its stderr
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("pilots: %(message)s"))
        LOG.addHandler(handler)
    with opened_projector() as projector:
        previous = {
            s: signal.signal(s, stop_after_this_batch) for s in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            print(f"pilots: keeping {', '.join(projector.names)} current; Ctrl-C stops",
                  file=sys.stderr, flush=True)  # fmt: skip
            projector.run_forever(stop, args.poll)
        finally:
            for signum, handler_before in previous.items():
                signal.signal(signum, handler_before)
    print("pilots: stopped", file=sys.stderr)
    return 0


def rebuild_models(args: argparse.Namespace) -> int:
    bar = ProgressBar(sys.stderr)
    try:
        with opened_projector() as projector:
            names = projector.names if args.name is None else (projector.model(args.name).name,)
            count = projector.rebuild(args.name, bar.show)
    except (UnknownReadModel, RebuildRefused) as refused:
        bar.end()
        print(f"pilots: {refused.args[0]}", file=sys.stderr)
        return 1
    bar.end()
    seconds = max(time.monotonic() - bar.started, 1e-9)
    print(f"pilots: rebuilt {', '.join(names)} from {count:,} events in {seconds:.1f} s "
          f"({count / seconds:,.0f} events/s)", file=sys.stderr)  # fmt: skip
    return 0


class ProgressBar:
    """`[#####.....] position 4,000 of 10,000: 4,000 events, 52,000 events/s`, redrawn in
    place on a terminal, and written a line every few seconds to a log file or a pipe; the
    position is where the log has been read to, which is ahead of the event count where
    notification ids have gaps."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.live = out.isatty()
        self.started = time.monotonic()
        self._drawn = 0.0
        self._shown = False
        self._last = (-1, -1)

    def show(self, events: int, position: int, head: int) -> None:
        now = time.monotonic()
        every = BAR_EVERY_SECONDS if self.live else LINE_EVERY_SECONDS
        if (events, position) == self._last or (now - self._drawn < every and position < head):
            return
        self._drawn, self._last = now, (events, position)
        done = BAR_WIDTH if head <= 0 else min(BAR_WIDTH, BAR_WIDTH * position // head)
        rate = events / max(now - self.started, 1e-9)
        bar = "#" * done + "." * (BAR_WIDTH - done)
        line = f"[{bar}] position {position:,} of {head:,}: {events:,} events, {rate:,.0f} events/s"
        if self.live:
            print(f"\r{line}", end="", file=self.out, flush=True)
            self._shown = True
        else:
            print(line, file=self.out, flush=True)

    def end(self) -> None:
        if self._shown:  # ends the line redrawn in place
            print(file=self.out)
            self._shown = False
