"""The account store, on SQLite and on PostgreSQL (`store_url` runs each test on both)."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from adapters.accounts import (
    AccountExists,
    AccountNotFound,
    Accounts,
    GlobalRole,
    InvalidAccount,
    open_accounts,
)
from adapters.accounts.database import SqliteDatabase
from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain.pilot.commands import RegisterPilot

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(store_settings: Settings) -> Iterator[Accounts]:
    store = open_accounts(store_settings)
    yield store
    store.close()


def table_rows(settings: Settings, table: str) -> list[tuple[object, ...]]:
    """Every row of a table, read around the store, to see what it really keeps."""
    if settings.store == "sqlite":
        with sqlite3.connect(str(settings.sqlite_path)) as conn:
            return conn.execute(f"SELECT * FROM {table}").fetchall()
    with psycopg.connect(settings.database_url) as conn:
        return conn.execute(f"SELECT * FROM {table}").fetchall()


def test_an_added_account_is_found_by_its_email_in_any_case(accounts):
    added = accounts.add("Ann.Lee@Example.org", "Ann Lee", GlobalRole.LEAD, None)

    found = accounts.by_email("  ann.lee@EXAMPLE.org ")

    assert found == added
    assert found.email == "ann.lee@example.org"
    assert found.role is GlobalRole.LEAD
    assert not found.has_password
    assert found.created_at.tzinfo is not None
    assert accounts.by_id(added.id) == added
    assert accounts.all() == [added]


def test_a_second_account_with_the_same_email_is_refused(accounts):
    accounts.add("ann@example.org", "Ann", "member", None)

    with pytest.raises(AccountExists, match="already exists"):
        accounts.add("ANN@example.org", "Another Ann", "reader", None)
    assert len(accounts.all()) == 1


@pytest.mark.parametrize(
    ("email", "name", "role"),
    [("not-an-email", "Ann", "member"), ("a@b.org", "  ", "member"), ("a@b.org", "Ann", "chief")],
)
def test_a_malformed_account_is_refused_with_a_one_line_reason(accounts, email, name, role):
    with pytest.raises(InvalidAccount) as refused:
        accounts.add(email, name, role, None)

    assert "\n" not in str(refused.value)
    assert accounts.all() == []


def test_authentication_accepts_the_right_password_only(accounts, store_settings):
    added = accounts.add("ann@example.org", "Ann", "admin", PASSWORD)

    assert accounts.authenticate("Ann@Example.org", PASSWORD) == added
    assert accounts.authenticate("ann@example.org", PASSWORD + "!") is None
    assert accounts.authenticate("nobody@example.org", PASSWORD) is None
    assert added.has_password
    assert PASSWORD not in repr(table_rows(store_settings, "accounts"))


def test_an_account_without_a_password_cannot_sign_in_with_one(accounts):
    accounts.add("bot@example.org", "Bot", "reader", None)

    assert accounts.authenticate("bot@example.org", "") is None


def test_an_issued_token_resolves_to_its_account_and_only_its_digest_is_stored(
    accounts, store_settings
):
    added = accounts.add("ann@example.org", "Ann", "lead", None)

    token = accounts.issue_token("ANN@example.org")

    assert token.startswith("pt_")
    assert accounts.account_for_token(token) == added
    stored = repr(table_rows(store_settings, "api_tokens"))
    assert token not in stored
    assert token.removeprefix("pt_") not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_an_unknown_or_malformed_token_resolves_to_no_account(accounts):
    accounts.add("ann@example.org", "Ann", "lead", None)
    token = accounts.issue_token("ann@example.org")

    assert accounts.account_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert accounts.account_for_token("") is None
    assert accounts.account_for_token("not a token") is None


def test_a_token_for_an_unknown_email_is_refused(accounts, store_settings):
    with pytest.raises(AccountNotFound, match=re.escape("nobody@example.org")):
        accounts.issue_token("nobody@example.org")
    assert table_rows(store_settings, "api_tokens") == []


def test_accounts_and_tokens_survive_closing_and_reopening_the_store(store_settings):
    with open_accounts(store_settings) as first:
        added = first.add("ann@example.org", "Ann", "admin", PASSWORD)
        token = first.issue_token("ann@example.org")

    with open_accounts(store_settings) as again:
        assert again.by_email("ann@example.org") == added
        assert again.authenticate("ann@example.org", PASSWORD) == added
        assert again.account_for_token(token) == added


def test_accounts_share_the_event_stores_database_without_clashing(store_settings):
    app = open_pilots(store_settings)
    try:
        with open_accounts(store_settings) as accounts:
            ann = accounts.add("ann@example.org", "Ann", "lead", None)
            receipt = app.execute(RegisterPilot(title="T", question="Q?", idea="I"), ann.id)
            assert accounts.by_id(ann.id) == ann
        assert app.pilot(receipt.pilot.id).version == 1
    finally:
        app.close()


def test_the_in_memory_store_is_one_database_shared_by_every_thread():
    with open_accounts(parse_database_url("memory://")) as accounts, ThreadPoolExecutor(4) as pool:
        added = list(
            pool.map(lambda i: accounts.add(f"u{i}@example.org", f"U{i}", "member", None), range(8))
        )
        assert sorted(accounts.all(), key=lambda a: a.email) == sorted(added, key=lambda a: a.email)


def test_eight_writers_of_one_process_queue_rather_than_time_out(tmp_path):
    """Left to SQLite's own polling, a few of 2,400 writes from eight threads waited past the
    busy timeout and failed with "database is locked" (the flaky R1 through HTTP); queued on
    one lock per file, every one lands."""
    database = SqliteDatabase(tmp_path / "side.db")
    start = threading.Barrier(8)

    def writer(n: int) -> int:
        start.wait()
        for i in range(300):
            database.write(
                "INSERT INTO entry_keys (entry, key, made_at) VALUES (?, ?, ?)",
                (f"{n}-{i}", b"k" * 32, "2026-12-06T00:00:00+00:00"),
            )
        return 300

    try:
        with ThreadPoolExecutor(8) as pool:
            written = sum(pool.map(writer, range(8)))
        assert written == database.fetch("SELECT count(*) FROM entry_keys")[0][0] == 2400
    finally:
        database.close()
