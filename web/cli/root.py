"""The `pilots` group, as the `pilots` script runs it and as Litestar's CLI mounts it."""

from __future__ import annotations

from collections.abc import Sequence

from web.cli.base import HELP_OPTIONS, Root
from web.cli.export import export
from web.cli.projections import projections
from web.cli.report import report
from web.cli.restore import import_
from web.cli.serve import demo, serve
from web.cli.users import users


def build() -> Root:
    """A new `pilots` group over the shared commands. Litestar's CLI wraps the callback of a
    command it is given, so each caller gets a group of its own."""
    return Root(
        "pilots",
        [serve, demo, users, export, import_, report, projections],
        metavar="COMMAND",
        help="Pilot Tracker: action-learning pilots.",
        context_settings=HELP_OPTIONS,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """The `pilots` script: parses and runs one command without building the web app."""
    status = build().main(args=argv, prog_name="pilots", standalone_mode=False)
    return status if isinstance(status, int) else 0
