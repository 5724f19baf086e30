"""`pilots users add|token|export|import`: accounts, from the command line.

stdout carries only what a script asks for (a token); confirmations and notes go to stderr.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from adapters.accounts import GlobalRole, open_accounts
from adapters.accounts.moving import AccountsNotMoved, load_accounts, read_accounts, write_accounts
from adapters.accounts.passwords import MAX_LENGTH, PasswordRejected
from adapters.files import whole_file
from adapters.settings import Settings
from web.cli.base import Choice, Group

# Enough bytes for MAX_LENGTH characters of up to four UTF-8 bytes, a line ending and one more
# character, so an over-long password is reported as too long rather than cut short.
_PASSWORD_BYTES = 4 * (MAX_LENGTH + 1) + 2


@click.group(cls=Group, metavar="add|token|export|import", help="manage accounts")
def users() -> None:
    pass


@users.command(help="create an account")
@click.argument("email")
@click.option("--name", required=True, metavar="NAME")
@click.option("--role", required=True, type=Choice([role.value for role in GlobalRole]))
@click.option(
    "--password-stdin",
    is_flag=True,
    help="read the password from the first line of stdin; without it the account has no "
    "password and signs in to the API with tokens only",
)
def add(email: str, name: str, role: str, password_stdin: bool) -> None:
    password = _read_password() if password_stdin else None
    with open_accounts(Settings.from_env()) as accounts:
        account = accounts.add(email, name, role, password)
    note = "" if password else f"; it has no password, so use `pilots users token {account.email}`"
    print(f"added {account.email} ({account.role}){note}", file=sys.stderr)


@users.command(help="print a new API token for an account")
@click.argument("email")
def token(email: str) -> None:
    with open_accounts(Settings.from_env()) as accounts:
        issued = accounts.issue_token(email)
    print(issued)


@users.command(name="export", help="write every account as JSON Lines, to move them with the log")
@click.option("--out", metavar="FILE", type=Path, help="write here instead of stdout")
def export_accounts(out: Path | None) -> None:
    with open_accounts(Settings.from_env()) as accounts:
        if out is None:
            count = write_accounts(accounts.database, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with whole_file(out) as file:
                count = write_accounts(accounts.database, file)
    print(f"exported {count} accounts{'' if out is None else f' to {out}'}", file=sys.stderr)


@users.command(name="import", help="load a `pilots users export` file into a store with none")
@click.argument("file", type=Path)
def import_accounts(file: Path) -> None:
    try:
        with file.open("rb") as lines:
            found = read_accounts(lines, str(file))
    except OSError as error:
        raise AccountsNotMoved(f"{file}: {error.strerror or error}") from None
    with open_accounts(Settings.from_env()) as accounts:
        count = load_accounts(accounts.database, found)
    print(f"imported {count} accounts from {file}", file=sys.stderr)


def _read_password() -> str:
    if sys.stdin.isatty():  # a person at a terminal: prompt, and do not echo
        return getpass.getpass("password: ")
    line = sys.stdin.buffer.readline(_PASSWORD_BYTES)
    if not line.rstrip(b"\r\n"):
        raise PasswordRejected("--password-stdin: the first line of stdin is empty")
    if len(line) == _PASSWORD_BYTES and not line.endswith(b"\n"):
        raise PasswordRejected(f"the password must have at most {MAX_LENGTH} characters")
    try:
        return line.decode("utf-8").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError:
        raise PasswordRejected("the password on stdin is not UTF-8 text") from None
