"""The account store: accounts, their passwords and API tokens.

Accounts live beside the event log rather than in it: a password hash or a token digest is a
secret that an append-only log could never forget.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from uuid import UUID, uuid4

from adapters.accounts.database import AccountDatabase, Row, open_database
from adapters.accounts.model import (
    Account,
    AccountExists,
    AccountNotFound,
    GlobalRole,
    normal_email,
    valid_email,
    valid_name,
    valid_role,
)
from adapters.accounts.passwords import hash_password, needs_rehash, verify_password
from adapters.settings import Settings

# A public prefix, not a secret: it makes a leaked token recognisable to scanners and people.
TOKEN_PREFIX = "pt_"  # noqa: S105
# Written out in full, so that no query is ever built from strings at run time.
_BY_EMAIL = "SELECT id, email, name, role, password_hash, created_at FROM accounts WHERE email = ?"
_BY_ID = "SELECT id, email, name, role, password_hash, created_at FROM accounts WHERE id = ?"
_BY_DIGEST = (
    "SELECT id, email, name, role, password_hash, created_at FROM accounts"
    " WHERE id = (SELECT account_id FROM api_tokens WHERE token_hash = ?)"
)
_ALL = "SELECT id, email, name, role, password_hash, created_at FROM accounts ORDER BY email"
_INSERT = (
    "INSERT INTO accounts (id, email, name, role, password_hash, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING"
)


class Accounts:
    def __init__(self, database: AccountDatabase) -> None:
        self._db = database

    @property
    def database(self) -> AccountDatabase:
        """The side database, shared with sessions and idempotent responses."""
        return self._db

    def add(self, email: str, name: str, role: GlobalRole | str, password: str | None) -> Account:
        email, name, role = valid_email(email), valid_name(name), valid_role(role)
        hashed = None if password is None else hash_password(password)
        account = Account(uuid4(), email, name, role, datetime.now(UTC), hashed is not None)
        added = self._db.write(
            _INSERT,
            (str(account.id), email, name, role.value, hashed, account.created_at.isoformat()),
        )
        if not added:
            raise AccountExists(f"an account with the email {email} already exists")
        return account

    def by_email(self, email: str) -> Account | None:
        row = self._row(_BY_EMAIL, normal_email(email))
        return None if row is None else account_of_row(row)

    def by_id(self, account_id: UUID) -> Account | None:
        row = self._row(_BY_ID, str(account_id))
        return None if row is None else account_of_row(row)

    def all(self) -> list[Account]:
        rows = self._db.fetch(_ALL)
        return [account_of_row(row) for row in rows]

    def authenticate(self, email: str, password: str) -> Account | None:
        row = self._row(_BY_EMAIL, normal_email(email))
        if row is None or row[4] is None:
            # Spend the same hashing time as a real check, so the answer's timing does not
            # reveal which emails have accounts.
            verify_password(password, _dummy_hash())
            return None
        stored: str = row[4]
        if not verify_password(password, stored):
            return None
        if needs_rehash(stored):
            # Compare-and-set, so a concurrent password change is never overwritten.
            self._db.write(
                "UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?",
                (hash_password(password), str(row[0]), stored),
            )
        return account_of_row(row)

    def issue_token(self, email: str) -> str:
        """A new API token. Only its SHA-256 is kept, so it is shown once and never again."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        email = normal_email(email)
        issued = self._db.write(
            "INSERT INTO api_tokens (token_hash, account_id, created_at)"
            " SELECT ?, id, ? FROM accounts WHERE email = ?",
            (_digest(token), datetime.now(UTC).isoformat(), email),
        )
        if not issued:
            raise AccountNotFound(f"no account with the email {email}")
        return token

    def account_for_token(self, token: str) -> Account | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
            return None
        row = self._row(_BY_DIGEST, _digest(token))
        return None if row is None else account_of_row(row)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Accounts:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _row(self, query: str, value: object) -> Row | None:
        rows = self._db.fetch(query, (value,))
        return rows[0] if rows else None


def open_accounts(settings: Settings) -> Accounts:
    """The account store beside the event store that the settings name."""
    return Accounts(open_database(settings))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def account_of_row(row: Row) -> Account:
    """An account from its columns: id, email, name, role, password_hash, created_at."""
    id_, email, name, role, password_hash, created_at = row
    return Account(
        id=UUID(str(id_)),
        email=email,
        name=name,
        role=GlobalRole(role),
        created_at=_aware(created_at),
        has_password=password_hash is not None,
    )


def _aware(value: Any) -> datetime:
    # PostgreSQL returns a datetime; SQLite keeps the ISO text it was given.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
