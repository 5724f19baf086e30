"""Responses kept per `Idempotency-Key`, so a repeated request gets the first answer verbatim.

The domain already records a submission once; this table makes the repeat's answer identical,
even when other writes have changed the pilot since.

A kept answer quotes the pilot, withdrawable text included, so each names the pilot and its
version: when an entry of the pilot is withdrawn, the answers kept before are deleted (a repeat of
their key is then run again, and the domain answers it from the log without recording anything).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from adapters.accounts.database import AccountDatabase

_FORGET_AT_ONCE = 100  # pilots a statement, well inside any placeholder limit


@dataclass(frozen=True)
class StoredResponse:
    request_digest: str
    status: int
    headers: dict[str, str]
    body: bytes


class IdempotentResponses:
    def __init__(self, database: AccountDatabase) -> None:
        self._db = database

    def find(self, account_id: UUID, key: str) -> StoredResponse | None:
        rows = self._db.fetch(
            "SELECT request_digest, status, headers, body FROM idempotent_responses"
            " WHERE account_id = ? AND idempotency_key = ?",
            (str(account_id), key),
        )
        if not rows:
            return None
        digest, status, headers, body = rows[0]
        return StoredResponse(str(digest), int(status), json.loads(headers), bytes(body))

    def keep(
        self,
        account_id: UUID,
        key: str,
        response: StoredResponse,
        *,
        pilot: tuple[UUID, int] | None = None,
    ) -> None:
        """The first response wins; a racing duplicate keeps the one already stored. `pilot` is
        the pilot the answer shows, and its version."""
        pilot_id, version = (None, None) if pilot is None else (str(pilot[0]), pilot[1])
        self._db.write(
            "INSERT INTO idempotent_responses (account_id, idempotency_key, request_digest,"
            " status, headers, body, created_at, pilot_id, pilot_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (account_id, idempotency_key) DO NOTHING",
            (
                str(account_id), key, response.request_digest, response.status,
                json.dumps(response.headers), response.body, datetime.now(UTC).isoformat(),
                pilot_id, version,
            ),
        )  # fmt: skip

    def forget(self, pilot_id: UUID, before: int) -> int:
        """Deletes the answers that show the pilot at a version before `before` (and those kept
        without naming a pilot, from before pilots were named); the number deleted. Idempotent,
        and answers kept since are left alone, so it may be called again at any time."""
        return self.forget_all([(pilot_id, before)])

    def forget_all(self, marks: Sequence[tuple[UUID, int]]) -> int:
        """`forget` for many (pilot, before) at once, a hundred a statement."""
        count = 0
        for start in range(0, len(marks), _FORGET_AT_ONCE):
            chunk = marks[start : start + _FORGET_AT_ONCE]
            each = " OR ".join(["(pilot_id = ? AND pilot_version < ?)"] * len(chunk))
            count += self._db.write(
                f"DELETE FROM idempotent_responses WHERE {each} OR pilot_id IS NULL",  # noqa: S608
                [value for pilot_id, before in chunk for value in (str(pilot_id), before)],
            )
        return count
