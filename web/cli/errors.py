"""How a `pilots` command fails: one line on stderr, `pilots: <message>`, and a non-zero exit.

The people running these commands are operators and scripts, and a stack trace or click's
multi-line usage block helps neither. Usage errors keep the words and the exit status 2 that
scripts have seen from this command line from the start.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click
import psycopg
from eventsourcing import persistence

from adapters.accounts import AccountError
from adapters.accounts.passwords import PasswordRejected
from adapters.demo.loader import DemoDataError
from adapters.settings import SettingsError
from domain.errors import DomainError

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


def fail(message: str, status: int = EXIT_FAILED) -> NoReturn:
    # Database drivers put hints on further lines; the contract is one line.
    print(f"pilots: {' '.join(message.split())}", file=sys.stderr)
    raise click.exceptions.Exit(status)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turns whatever a command raises into `fail`. Click's own reporting never runs, so the
    commands fail the same way under the `pilots` script and inside Litestar's CLI."""
    # psycopg_pool logs every failed connection attempt as a warning, which Python would print
    # on stderr when nothing configures logging; the failure itself is reported in one line.
    psycopg_log = logging.getLogger("psycopg")
    if not psycopg_log.handlers:
        psycopg_log.addHandler(logging.NullHandler())
    try:
        yield
    except click.exceptions.Exit:  # --help, or a failure already reported
        raise
    except click.UsageError as error:
        fail(usage_message(error), EXIT_USAGE)
    except (KeyboardInterrupt, click.Abort):
        fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`pilots export | head`). Point stdout at /dev/null so that the
        # final flush at exit does not fail again (the recipe in Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        fail("the output was closed before the command finished")
    except Exception as error:  # every failure must end as one line, never a traceback
        fail(explain(error))


def usage_message(error: click.UsageError) -> str:
    """Click's usage errors in the words of the rest of the command line."""
    if isinstance(error, click.NoSuchOption):
        message = f"unrecognized arguments: {error.option_name}"
    elif isinstance(error, click.BadParameter) and error.param is not None:
        message = f"argument {param_hint(error.param)}: {error.message.rstrip('.')}"
    elif isinstance(error, click.BadOptionUsage):  # "Option '--name' requires an argument."
        text = error.message.rstrip(".").removeprefix(f"Option {error.option_name!r} ")
        message = f"argument {error.option_name}: {text}"
    else:
        text = error.format_message().rstrip(".")
        message = text[:1].lower() + text[1:]
    return f"{message} (see `{error.ctx.command_path} --help`)" if error.ctx else message


def param_hint(param: click.Parameter) -> str:
    return "/".join(param.opts) if isinstance(param, click.Option) else param.human_readable_name


def explain(error: Exception) -> str:
    """The one-line message for a failure."""
    if isinstance(error, SettingsError | AccountError | PasswordRejected | DemoDataError):
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
