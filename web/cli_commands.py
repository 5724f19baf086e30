"""The `users` and `export` commands of `pilots`.

stdout carries only what a script asks for (a token, the exported log); confirmations, notes
and progress go to stderr.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.accounts import GlobalRole, open_accounts
from adapters.export import export_events, export_to_file
from adapters.passwords import MAX_LENGTH, PasswordRejected
from adapters.settings import Settings
from adapters.store import open_pilots

if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]

# Enough bytes for MAX_LENGTH characters of up to four UTF-8 bytes, a line ending and one more
# character, so an over-long password is reported as too long rather than cut short.
_PASSWORD_BYTES = 4 * (MAX_LENGTH + 1) + 2


def add_users(commands: Subcommands) -> None:
    users = commands.add_parser("users", help="manage accounts")
    actions = users.add_subparsers(dest="action", required=True, metavar="add|token")
    add = actions.add_parser("add", help="create an account")
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[role.value for role in GlobalRole])
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin; without it the account has no "
        "password and signs in to the API with tokens only",
    )
    add.set_defaults(run=users_add)
    token = actions.add_parser("token", help="print a new API token for an account")
    token.add_argument("email")
    token.set_defaults(run=users_token)


def add_export(commands: Subcommands) -> None:
    export = commands.add_parser("export", help="write the whole event log as JSON Lines")
    export.add_argument("--out", metavar="FILE", type=Path, help="write here instead of stdout")
    export.set_defaults(run=export_log)


def users_add(args: argparse.Namespace) -> int:
    password = _read_password() if args.password_stdin else None
    with open_accounts(Settings.from_env()) as accounts:
        account = accounts.add(args.email, args.name, args.role, password)
    note = "" if password else f"; it has no password, so use `pilots users token {account.email}`"
    print(f"added {account.email} ({account.role}){note}", file=sys.stderr)
    return 0


def users_token(args: argparse.Namespace) -> int:
    with open_accounts(Settings.from_env()) as accounts:
        token = accounts.issue_token(args.email)
    print(token)
    return 0


def export_log(args: argparse.Namespace) -> int:
    out: Path | None = args.out
    progress = _show_progress if sys.stderr.isatty() else None
    app = open_pilots(Settings.from_env())
    try:
        if out is None:
            count = export_events(app, sys.stdout.buffer, progress)
            sys.stdout.buffer.flush()
        else:
            count = export_to_file(app, out, progress)
    finally:
        app.close()
        if progress is not None:
            print(file=sys.stderr)  # end the progress line
    if out is not None:
        print(f"exported {count} events to {out}", file=sys.stderr)
    return 0


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


def _show_progress(count: int, position: int, last: int) -> None:
    print(f"\rexported {count} events (position {position} of {last})", end="", file=sys.stderr)
