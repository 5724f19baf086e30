"""The `pilots` command line, as CONTRACT.md describes it.

Every failure ends as one line on stderr, `pilots: <message>`, and a non-zero exit: the people
running these commands are operators and scripts, and a stack trace helps neither.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn, cast

import psycopg
from eventsourcing import persistence

from adapters.accounts import AccountError
from adapters.passwords import PasswordRejected
from adapters.settings import SettingsError
from domain.errors import DomainError
from web.cli_commands import add_export, add_users
from web.cli_projections import add_projections
from web.cli_report import add_report
from web.cli_serve import add_demo, add_serve

if TYPE_CHECKING:
    from web.cli_commands import Subcommands

# Each entry adds one top-level command, and sets `run` (Namespace -> exit status) on its
# parser. `projections` and `report` join this list as they are built.
COMMANDS: list[Callable[[Subcommands], None]] = [
    add_serve,
    add_demo,
    add_users,
    add_export,
    add_report,
    add_projections,
]

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C

_UNREACHABLE = (
    psycopg.OperationalError,  # includes psycopg_pool's PoolTimeout and TooManyRequests
    persistence.OperationalError,
    persistence.InterfaceError,
    sqlite3.OperationalError,
)
_DATABASE = (psycopg.Error, persistence.PersistenceError, sqlite3.Error)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line instead of argparse's usage block, like every other failure.
        self.exit(EXIT_USAGE, f"pilots: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pilots", description="Pilot Tracker: action-learning pilots.")
    # Subcommand parsers are _Parser too, so their errors are one line as well.
    commands = cast(
        "Subcommands", parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    )
    for add_command in COMMANDS:
        add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # psycopg_pool logs every failed connection attempt as a warning, which Python would print
    # on stderr when nothing configures logging; the failure itself is reported in one line.
    psycopg_log = logging.getLogger("psycopg")
    if not psycopg_log.handlers:
        psycopg_log.addHandler(logging.NullHandler())
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, or bad arguments already reported in one line
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`pilots export | head`). Point stdout at /dev/null so that the
        # final flush at exit does not fail again (the recipe in Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _fail("the output was closed before the command finished")
    except Exception as error:  # every failure must end as one line, never a traceback
        return _fail(explain(error))


def explain(error: Exception) -> str:
    """The one-line message for a failure."""
    if isinstance(error, SettingsError | AccountError | PasswordRejected):
        return str(error)
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, _UNREACHABLE):
        return f"cannot reach the database: {error}"
    if isinstance(error, _DATABASE):
        return f"database error: {error}"
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror or error}{where}"
    return f"unexpected {type(error).__name__}: {error} (this is a bug; please report it)"


def _fail(message: str, status: int = EXIT_FAILED) -> int:
    # Database drivers put hints on further lines; the contract is one line.
    print(f"pilots: {' '.join(message.split())}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
