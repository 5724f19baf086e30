"""Responses kept per `Idempotency-Key`, so a repeated request gets the first answer verbatim.

The domain already records a submission once; this table makes the repeat's answer identical,
even when other writes have changed the pilot since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from adapters.accounts.database import AccountDatabase


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

    def keep(self, account_id: UUID, key: str, response: StoredResponse) -> None:
        """The first response wins; a racing duplicate keeps the one already stored."""
        self._db.write(
            "INSERT INTO idempotent_responses (account_id, idempotency_key, request_digest,"
            " status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (account_id, idempotency_key) DO NOTHING",
            (
                str(account_id), key, response.request_digest, response.status,
                json.dumps(response.headers), response.body, datetime.now(UTC).isoformat(),
            ),
        )  # fmt: skip
