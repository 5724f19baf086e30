"""`pilots projections status|run|rebuild [NAME]`: the read models, from the command line.

`run` is the worker for PostgreSQL deployments whose web processes are started with
`PILOTS_PROJECTIONS=workers`; several workers may run at once, each batch applied exactly once.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

from adapters.settings import Settings
from adapters.store import open_pilots
from projections.engine.claims import RebuildRefused
from projections.engine.runner import Projector, UnknownReadModel
from projections.engine.supervisor import LOG, POLL_SECONDS
from projections.engine.views import open_views
from projections.registry import read_models
from web.cli.base import Group
from web.cli.errors import fail
from web.cli.progress import LogProgress


@click.group(cls=Group, metavar="status|run|rebuild", help="show, run or rebuild the read models")
def projections() -> None:
    pass


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


@projections.command(help="how far each read model lags the log")
def status() -> None:
    with opened_projector() as projector:
        lags = projector.status()
    width = max([len("model"), *(len(lag.model) for lag in lags)])
    print(f"{'model':<{width}}  {'position':>10}  {'head':>10}  {'lag':>10}")
    for lag in lags:
        print(f"{lag.model:<{width}}  {lag.position:>10}  {lag.head:>10}  {lag.lag:>10}")


@projections.command(help="keep the read models current until stopped")
@click.option(
    "--poll", type=float, default=POLL_SECONDS, metavar="SECONDS",
    help=f"how often to look for new events when there are none (default {POLL_SECONDS})",
)  # fmt: skip
def run(poll: float) -> None:
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
            projector.run_forever(stop, poll)
        finally:
            for signum, handler_before in previous.items():
                signal.signal(signum, handler_before)
    print("pilots: stopped", file=sys.stderr)


@projections.command(
    short_help="drop read models and rebuild them from the log",
    help="Drop read models and rebuild them from the log: NAME, or all of them without it.",
)
@click.argument("name", required=False)
def rebuild(name: str | None) -> None:
    with LogProgress() as progress:
        try:
            with opened_projector() as projector:
                names = projector.names if name is None else (projector.model(name).name,)
                count = projector.rebuild(name, progress.show)
        except (UnknownReadModel, RebuildRefused) as refused:
            fail(refused.args[0])  # the bar's line is ended first, by leaving the block
    seconds = max(progress.elapsed, 1e-9)
    print(f"pilots: rebuilt {', '.join(names)} from {count:,} events in {seconds:.1f} s "
          f"({count / seconds:,.0f} events/s)", file=sys.stderr)  # fmt: skip
