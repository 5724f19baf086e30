"""Server-side sign-in sessions, kept in the database so workers share them and restarts keep
them.

A session id is a random 256-bit secret that lives only in the browser's cookie; the table keeps
its SHA-256, so a copy of the database cannot be replayed as cookies. A new id is issued at every
sign-in, and an id not found in the table is simply not a session: a visitor cannot choose one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from uuid import UUID

from adapters.accounts.database import AccountDatabase
from adapters.accounts.model import Account
from adapters.accounts.store import account_of_row

# An absolute lifetime: a session ends this long after sign-in, however active it is.
SESSION_LIFETIME = timedelta(hours=12)
# The session's account in one statement, as a page's first read.
_ACCOUNT = (
    "SELECT id, email, name, role, password_hash, created_at FROM accounts WHERE id = "
    "(SELECT account_id FROM web_sessions WHERE id_hash = ? AND expires_at > ?)"
)


class Sessions:
    def __init__(self, database: AccountDatabase) -> None:
        self._db = database

    def start(self, account_id: UUID) -> str:
        """A fresh session id for a sign-in. Expired sessions are swept on the way."""
        now = datetime.now(UTC)
        self._db.write("DELETE FROM web_sessions WHERE expires_at < ?", (now.isoformat(),))
        session_id = secrets.token_urlsafe(32)
        self._db.write(
            "INSERT INTO web_sessions (id_hash, account_id, expires_at) VALUES (?, ?, ?)",
            (_digest(session_id), str(account_id), (now + SESSION_LIFETIME).isoformat()),
        )
        return session_id

    def account_for(self, session_id: str) -> Account | None:
        """The account signed in with this session id, while the session lasts."""
        if not session_id or len(session_id) > 100:
            return None
        rows = self._db.fetch(_ACCOUNT, (_digest(session_id), datetime.now(UTC).isoformat()))
        return account_of_row(rows[0]) if rows else None

    def end(self, session_id: str) -> None:
        self._db.write("DELETE FROM web_sessions WHERE id_hash = ?", (_digest(session_id),))


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()
