"""Accounts carried from one store to another, beside `pilots export` and `pilots import`.

The event log names people by their account ids, so a programme moved without its accounts
would belong to no one. An account travels whole: its id, email, name, role, password hash and
when it was made, as one JSON line each. Sessions and API tokens do not travel (each person
signs in again, and scripts ask for new tokens): they are proofs for one store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import BinaryIO
from uuid import UUID

import msgspec

from adapters.accounts.database import AccountDatabase
from adapters.accounts.model import AccountError, GlobalRole, valid_email, valid_name

_ALL = "SELECT id, email, name, role, password_hash, created_at FROM accounts ORDER BY email"
_COLUMNS = "id, email, name, role, password_hash, created_at"
_CHUNK = 500  # rows a statement, well under either database's limit on parameters


class MovingAccount(msgspec.Struct, forbid_unknown_fields=True):
    id: UUID
    email: str
    name: str
    role: GlobalRole
    password_hash: str | None
    created_at: datetime


class AccountsNotMoved(AccountError):
    """The accounts file or the store refused the move; nothing was written."""


def write_accounts(database: AccountDatabase, out: BinaryIO) -> int:
    """Writes every account as a JSON line, by email; the number written."""
    rows = database.fetch(_ALL)
    encoder = msgspec.json.Encoder()
    for id_, email, name, role, password_hash, created_at in rows:
        account = MovingAccount(
            UUID(str(id_)), email, name, GlobalRole(role), password_hash, _moment(created_at)
        )
        out.write(encoder.encode(account) + b"\n")
    return len(rows)


def read_accounts(lines: Iterable[bytes], name: str) -> list[MovingAccount]:
    """Every account of the file, checked; AccountsNotMoved names the first bad line."""
    decoder = msgspec.json.Decoder(MovingAccount)
    found: list[MovingAccount] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            account = decoder.decode(line)
            valid_email(account.email)
            valid_name(account.name)
        except (msgspec.ValidationError, msgspec.DecodeError, AccountError) as error:
            raise AccountsNotMoved(f"{name}, line {number}: {error}") from None
        found.append(account)
    _unique(found, name)
    return found


def load_accounts(database: AccountDatabase, accounts: list[MovingAccount]) -> int:
    """Adds the accounts to a store that has none; the number added."""
    if database.fetch("SELECT 1 FROM accounts LIMIT 1"):
        raise AccountsNotMoved("the store already has accounts; load them into a new store")
    for chunk in _chunks(accounts):
        marks = ", ".join("(?, ?, ?, ?, ?, ?)" for _ in chunk)
        values = [value for account in chunk for value in _row(account)]
        database.write(f"INSERT INTO accounts ({_COLUMNS}) VALUES {marks}", values)  # noqa: S608
    return len(accounts)


def _row(a: MovingAccount) -> tuple[object, ...]:
    return (str(a.id), a.email, a.name, a.role.value, a.password_hash, a.created_at.isoformat())


def _unique(accounts: list[MovingAccount], name: str) -> None:
    ids, emails = set(), set()
    for account in accounts:
        if account.id in ids or account.email in emails:
            raise AccountsNotMoved(f"{name}: {account.email} is in it twice")
        ids.add(account.id)
        emails.add(account.email)


def _chunks(accounts: list[MovingAccount]) -> Iterator[list[MovingAccount]]:
    for start in range(0, len(accounts), _CHUNK):
        yield accounts[start : start + _CHUNK]


def _moment(value: object) -> datetime:
    """A stored time as an aware datetime (SQLite keeps ISO text, PostgreSQL a timestamp)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
