"""`pilots report pilot ID|programme`: a learning report on stdout or in a file.

The report is built from the log at a stamp (`--version` of the pilot, `--position` in the
log; the latest by default), so running the command again at the same stamp writes the same
bytes. A file appears whole or not at all.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from adapters.settings import Settings
from adapters.store import open_pilots
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_report
from projections.reports.render import FORMATS, Report, render

if TYPE_CHECKING:
    from web.cli_commands import Subcommands


def add_report(commands: Subcommands) -> None:
    report = commands.add_parser("report", help="write a learning report")
    kinds = report.add_subparsers(dest="kind", required=True, metavar="pilot|programme")
    pilot = kinds.add_parser("pilot", help="one pilot's learning report (a storyboard)")
    pilot.add_argument("pilot_id", metavar="ID", type=_pilot_id, help="the pilot's id")
    pilot.add_argument("--version", type=_whole(1), help="the pilot as it stood at version N")
    programme = kinds.add_parser("programme", help="the cross-pilot learning report")
    programme.add_argument(
        "--position", type=_whole(0), help="the log up to position P (default: all of it)"
    )
    for parser in (pilot, programme):
        parser.add_argument("--format", choices=FORMATS, default="md", help="default: md")
        parser.add_argument("--out", metavar="FILE", type=Path, help="write here, not stdout")
        parser.set_defaults(run=write_report)


def write_report(args: argparse.Namespace) -> int:
    pilots = open_pilots(Settings.from_env())
    try:
        report: Report = (
            pilot_report(pilots, args.pilot_id, args.version)
            if args.kind == "pilot"
            else programme_report(pilots, args.position)
        )
    finally:
        pilots.close()
    data = render(report, args.format)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(args.out, data)
        print(f"wrote {report.stamp} to {args.out}", file=sys.stderr)
    return 0


def write_atomically(path: Path, data: bytes) -> None:
    """Writes beside the file, then renames: a reader never sees half a report."""
    try:
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OSError(error.errno, f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        if isinstance(error, OSError):
            raise OSError(error.errno, f"cannot write {path}: {error.strerror}") from None
        raise


def _pilot_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a pilot id") from None


def _whole(low: int) -> Callable[[str], int]:
    def whole(text: str) -> int:
        if not text.strip().isdigit() or int(text) < low:
            raise argparse.ArgumentTypeError(f"must be a whole number of {low} or more")
        return int(text)

    return whole
