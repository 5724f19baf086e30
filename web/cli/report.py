"""`pilots report pilot ID|programme`: a learning report on stdout or in a file.

The report is built from the log at a stamp (`--version` of the pilot, `--position` in the
log; the latest by default), so running the command again at the same stamp writes the same
bytes. A file appears whole or not at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import click

from adapters.files import whole_file
from adapters.settings import Settings
from adapters.store import open_pilots
from domain.pilot.visibility import Reader
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_report
from projections.reports.render import FORMATS, Format, Report, render
from web.cli.base import Choice, Group, PilotId, Whole

F = TypeVar("F", bound=Callable[..., Any])


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
    pilots = open_pilots(Settings.from_env())
    try:
        built = programme_report(pilots, position)
    finally:
        pilots.close()
    _write(built, fmt, out)


def _write(built: Report, fmt: Format, out: Path | None) -> None:
    data = render(built, fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        with whole_file(out) as file:
            file.write(data)
        print(f"wrote {built.stamp} to {out}", file=sys.stderr)
