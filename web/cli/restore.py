"""`pilots import FILE`: a `pilots export` file loaded into an empty store.

Nothing goes to stdout; progress, and the closing count, go to stderr. A refused import (a bad
line, a store that is not empty) is one line naming why, and the store is left as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from adapters.restore import ImportRefused, Progress, StoreNotEmpty, import_file
from adapters.settings import Settings
from web.cli.base import Command
from web.cli.errors import fail
from web.cli.progress import LINE_SECONDS, LogProgress


@click.command("import", cls=Command, help="load a `pilots export` file into an empty store")
@click.argument("file", type=Path)
def import_(file: Path) -> None:
    with LogProgress() as bar:
        try:
            count = import_file(Settings.from_env(), file, _progress(bar))
        except (ImportRefused, StoreNotEmpty) as refused:
            fail(str(refused))  # the bar's line is ended first, by leaving the block
    seconds = max(bar.elapsed, 1e-9)
    print(f"pilots: imported {count:,} events from {file} in {seconds:.1f} s",
          file=sys.stderr)  # fmt: skip


def _progress(bar: LogProgress) -> Progress:
    """On a terminal, the bar. In a log, a long import writes a whole line every few seconds,
    as a rebuild does; one that ends sooner writes only its closing line, or its one-line
    refusal."""
    if bar.live:
        return bar.show

    def show(events: int, position: int, head: int) -> None:
        if bar.elapsed >= LINE_SECONDS:
            bar.show(events, position, head)

    return show
