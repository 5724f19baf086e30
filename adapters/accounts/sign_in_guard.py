"""Slows down password guessing: after a few failures for one email, sign-in waits a while.

Counts live in the database, so every worker sees the same count.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.accounts.database import AccountDatabase

FAILURES_BEFORE_LOCKOUT = 5
LOCKOUT = timedelta(minutes=5)


class SignInGuard:
    def __init__(self, database: AccountDatabase) -> None:
        self._db = database

    def locked_for(self, email: str) -> timedelta | None:
        """How long sign-in for this email stays locked, or None if it is open."""
        rows = self._db.fetch(
            "SELECT failures, last_failure_at FROM sign_in_failures WHERE email = ?",
            (email.strip().lower(),),
        )
        if not rows or int(rows[0][0]) < FAILURES_BEFORE_LOCKOUT:
            return None
        last = rows[0][1]
        last = last if isinstance(last, datetime) else datetime.fromisoformat(str(last))
        remaining = last + LOCKOUT - datetime.now(UTC)
        return remaining if remaining > timedelta(0) else None

    def failed(self, email: str) -> None:
        now = datetime.now(UTC)
        # A lockout that has run out starts the count again.
        self._db.write(
            "INSERT INTO sign_in_failures (email, failures, last_failure_at) VALUES (?, 1, ?)"
            " ON CONFLICT (email) DO UPDATE SET failures = CASE"
            " WHEN sign_in_failures.last_failure_at < ? THEN 1"
            " ELSE sign_in_failures.failures + 1 END, last_failure_at = ?",
            (email.strip().lower(), now.isoformat(), (now - LOCKOUT).isoformat(),
             now.isoformat()),
        )  # fmt: skip

    def succeeded(self, email: str) -> None:
        self._db.write("DELETE FROM sign_in_failures WHERE email = ?", (email.strip().lower(),))
