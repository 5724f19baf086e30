"""`pilots export [--out FILE]`: the whole event log as JSON Lines.

stdout carries only the log; the closing count and any progress go to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from adapters.export import export_events, export_to_file
from adapters.settings import Settings
from adapters.store import open_pilots
from web.cli.base import Command
from web.cli.progress import LogProgress


@click.command(cls=Command, help="write the whole event log as JSON Lines")
@click.option("--out", metavar="FILE", type=Path, help="write here instead of stdout")
def export(out: Path | None) -> None:
    with LogProgress() as bar:
        # Progress only for a person watching: a script's log gets the closing line alone.
        progress = bar.show if bar.live else None
        app = open_pilots(Settings.from_env())
        try:
            if out is None:
                count = export_events(app, sys.stdout.buffer, progress)
                sys.stdout.buffer.flush()
            else:
                count = export_to_file(app, out, progress)
        finally:
            app.close()
    if out is not None:
        print(f"exported {count} events to {out}", file=sys.stderr)
