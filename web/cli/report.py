"""`pilots report pilot ID|programme`: a learning report on stdout or in a file.

The report is built from the log at a stamp (`--version` of the pilot, `--position` in the
log; the latest by default), so running the command again at the same stamp writes the same
bytes. A file appears whole or not at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import click

from adapters.files import whole_file
from adapters.settings import Settings
from adapters.store import open_pilots
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.engine.views import Views, open_views
from projections.learning.from_log import Progress
from projections.learning.queries import KEPT_TOGETHER
from projections.registry import read_models
from projections.reports.cache import ReportCache
from projections.reports.kept import programme_bytes
from projections.reports.pilot_report import pilot_report
from projections.reports.render import FORMATS, Format, Report, render, rendered
from web.cli.base import Choice, Group, PilotId, Whole
from web.cli.progress import LogProgress

F = TypeVar("F", bound=Callable[..., Any])

# Events the learning tables may lag the log by and still be caught up here rather than the
# log folded: catching up writes the tables, at about a tenth of the speed of a bare fold.
CATCH_UP_AT_MOST = 5_000


@click.group(cls=Group, metavar="pilot|programme", help="write a learning report")
def report() -> None:
    pass


def _format_and_out(command: F) -> F:
    command = click.option("--out", metavar="FILE", type=Path, help="write here, not stdout")(
        command
    )
    return click.option("--format", "fmt", type=Choice(FORMATS), default="md", help="default: md")(
        command
    )


@report.command(help="one pilot's learning report (a storyboard)")
@click.argument("pilot_id", metavar="ID", type=PilotId())
@click.option("--version", metavar="N", type=Whole(1), help="the pilot as it stood at version N")
@click.option(
    "--audience",
    type=Choice(("community", "team")),
    default="community",
    help="who the report is for: everyone (default), or the pilot's team; never private entries",
)
@_format_and_out
def pilot(
    pilot_id: UUID, version: int | None, audience: str, fmt: Format, out: Path | None
) -> None:
    pilots = open_pilots(Settings.from_env())
    reader = Reader.team() if audience == "team" else Reader.community()
    try:
        built = pilot_report(pilots, pilot_id, version, reader)
    finally:
        pilots.close()
    _write(built, fmt, out)


@report.command(help="the cross-pilot learning report")
@click.option(
    "--position", metavar="P", type=Whole(0), help="the log up to position P (default: all of it)"
)
@_format_and_out
def programme(position: int | None, fmt: Format, out: Path | None) -> None:
    """Kept as built, beside the read models, so asking again at the stamp is a lookup. On a
    terminal, the fold of the log shows its progress."""
    settings = Settings.from_env()
    pilots, views = open_pilots(settings), open_views(settings)
    try:
        projector = _kept_close_behind(pilots, views)
        with _progress() as progress:
            data, at, _ = programme_bytes(
                ReportCache(views), pilots, projector, position, fmt, rendered, progress
            )
    finally:
        views.close()
        pilots.close()
    _put(data, f"Log position {at}", out)


def _kept_close_behind(pilots: Pilots, views: Views) -> Projector | None:
    """The read models, when a worker keeps the learning tables close behind the log (then the
    report reads them after a short catch-up); None when they lag far, and folding the log is
    quicker than bringing them up to date from here."""
    projector = Projector(pilots, views, read_models())
    lags = {lag.model: lag.lag for lag in projector.status()}
    if all(lags[name] <= CATCH_UP_AT_MOST for name in KEPT_TOGETHER):
        return projector
    return None


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """Progress through the log on a terminal; nothing in a pipe or a log, where the report
    (or the line saying where it was written) is all that is printed."""
    if not sys.stderr.isatty():
        yield None
        return
    with LogProgress() as shown:
        yield shown.show


def _write(built: Report, fmt: Format, out: Path | None) -> None:
    _put(render(built, fmt), built.stamp, out)


def _put(data: bytes, stamp: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        with whole_file(out) as file:
            file.write(data)
        print(f"wrote {stamp} to {out}", file=sys.stderr)
