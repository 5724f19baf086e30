"""`pilots users add|token`: accounts, from the command line.

stdout carries only what a script asks for (a token); confirmations and notes go to stderr.
"""

from __future__ import annotations

import getpass
import sys

import click

from adapters.accounts import GlobalRole, open_accounts
from adapters.accounts.passwords import MAX_LENGTH, PasswordRejected
from adapters.settings import Settings
from web.cli.base import Choice, Group

# Enough bytes for MAX_LENGTH characters of up to four UTF-8 bytes, a line ending and one more
# character, so an over-long password is reported as too long rather than cut short.
_PASSWORD_BYTES = 4 * (MAX_LENGTH + 1) + 2


@click.group(cls=Group, metavar="add|token", help="manage accounts")
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
