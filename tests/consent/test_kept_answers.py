"""Answers kept for an `Idempotency-Key` quote the pilot, text included: a withdrawal deletes
those kept for the pilot before it, and a repeat of their key is answered again from the log,
without the text and without recording anything."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest

from adapters import postgres
from adapters.accounts.database import open_database
from adapters.bootstrap import Services, bootstrap
from adapters.idempotency import IdempotentResponses, StoredResponse
from adapters.settings import Settings, parse_database_url
from adapters.store import honour_withdrawal
from domain.pilot import events
from tests.consent.support import SECRET, WRITTEN, Written, withdraw, write_and_correct
from tests.web.conftest import Api, open_api


@pytest.fixture
def services(store_settings: Settings) -> Iterator[Services]:
    opened = bootstrap(store_settings)
    yield opened
    opened.close()


def answer(version: int) -> StoredResponse:
    return StoredResponse("digest", 200, {"ETag": f'"{version}"'}, f"{WRITTEN} v{version}".encode())


def test_a_withdrawal_forgets_the_answers_kept_before_it_and_only_those(
    services: Services,
) -> None:
    pilots, responses = services.pilots, services.responses
    written = write_and_correct(pilots)
    other = uuid4()
    responses.keep(written.lead, "before", answer(3), pilot=(written.pilot_id, 3))
    responses.keep(written.lead, "elsewhere", answer(3), pilot=(other, 3))
    withdraw(pilots, written)
    responses.keep(written.lead, "after", answer(4), pilot=(written.pilot_id, 4))

    assert responses.find(written.lead, "before") is None
    assert responses.find(written.lead, "elsewhere") is not None
    withdrawal = pilots.history(written.pilot_id)[-1]
    assert isinstance(withdrawal, events.ReflectionWithdrawn)
    assert honour_withdrawal(pilots, withdrawal), "the runner's call may come again"
    assert responses.find(written.lead, "after") is not None


@pytest.fixture
def api() -> Iterator[Api]:
    yield from open_api(parse_database_url("memory://"), {"paths": {}})


def test_a_repeated_key_after_a_withdrawal_is_answered_again_without_the_text(api: Api) -> None:
    registered = api.post("/api/v1/pilots", {"title": "T", "question": "Q?", "idea": "I"})
    pilot_id = UUID(registered.json()["id"])
    url = f"/api/v1/pilots/{pilot_id}"
    reflected = api.post(f"{url}/reflections", {"kind": "experience", "text": WRITTEN})
    written = Written(pilot_id, UUID(reflected.json()["id"]), api.ids["lead"])
    first = api.post(f"{url}/pause", {"reason": "Summer"}, headers={"Idempotency-Key": "k"})
    assert first.status_code == 200, first.text
    assert SECRET in first.text

    withdraw(api.services.pilots, written)
    recorded = api.stored(pilot_id)
    again = api.post(f"{url}/pause", {"reason": "Summer"}, headers={"Idempotency-Key": "k"})
    print(f"\na kept answer repeated after the withdrawal: {again.text.count(SECRET)} copies")
    assert again.status_code == 200, again.text
    assert SECRET not in again.text
    assert api.stored(pilot_id) == recorded, "the repeat recorded nothing"


OLD_KEPT_ANSWERS = """CREATE TABLE idempotent_responses (
    account_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, request_digest TEXT NOT NULL,
    status INTEGER NOT NULL, headers TEXT NOT NULL, body {blob} NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (account_id, idempotency_key))"""


def test_a_database_from_before_kept_answers_named_their_pilot_gains_the_columns(
    store_settings: Settings,
) -> None:
    """Answers kept then name no pilot: a withdrawal of any pilot's entry deletes them."""
    if store_settings.store == "sqlite":
        assert store_settings.sqlite_path is not None
        with sqlite3.connect(store_settings.sqlite_path) as conn:
            conn.execute(OLD_KEPT_ANSWERS.format(blob="BLOB"))
    else:
        assert store_settings.postgres is not None
        with postgres.connect(store_settings.postgres) as conn:
            conn.execute(OLD_KEPT_ANSWERS.format(blob="BYTEA"))
    database = open_database(store_settings)
    try:
        account = uuid4()
        database.write(
            "INSERT INTO idempotent_responses (account_id, idempotency_key, request_digest,"
            " status, headers, body, created_at) VALUES (?, 'old', 'd', 200, '{}', ?, 'then')",
            (str(account), b"old answer"),
        )
        responses = IdempotentResponses(database)
        responses.keep(account, "new", answer(2), pilot=(uuid4(), 2))
        assert responses.forget(uuid4(), before=1) == 1
        assert responses.find(account, "old") is None
        assert responses.find(account, "new") is not None
    finally:
        database.close()
