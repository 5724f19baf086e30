"""The key store's own behaviour: keys for a batch made in one round trip, a miss that reads
ahead the keys made after it, a bounded cache, and shreds that are harmless to repeat."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

import pytest

from adapters.accounts.database import Row, SqliteDatabase
from adapters.consent import keys as keys_module
from adapters.consent.keys import EntryKeys


class Counting(SqliteDatabase):
    """An in-memory side database that counts the statements sent to it."""

    def __init__(self) -> None:
        super().__init__(None)
        self.calls = 0

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        self.calls += 1
        return super().fetch(sql, params)

    def write(self, sql: str, params: Sequence[object] = ()) -> int:
        self.calls += 1
        return super().write(sql, params)


def made(database: SqliteDatabase, count: int) -> list[UUID]:
    entries = [uuid4() for _ in range(count)]
    EntryKeys(database).prepare(entries)
    return entries


def test_the_keys_of_a_batch_are_made_in_one_round_trip() -> None:
    database = Counting()
    keys = EntryKeys(database)
    entries = [uuid4() for _ in range(150)]
    before = database.calls
    found = keys.prepare([*entries, *entries[:10]])
    assert len(found) == 150
    assert database.calls - before == 2  # one insert, one read back
    before = database.calls
    assert all(keys.for_sealing(entry) is not None for entry in entries)
    assert database.calls == before, "prepared keys are cached"


def test_reading_the_log_in_order_asks_for_keys_once_every_few_hundred() -> None:
    database = Counting()
    entries = made(database, 1000)
    keys = EntryKeys(database)
    before = database.calls
    assert all(keys.for_reading(entry) is not None for entry in entries)
    asked = database.calls - before
    print(f"\n1,000 keys read in the order they were made: {asked} queries")
    assert asked <= 5


def test_a_key_made_after_a_miss_is_found() -> None:
    database = SqliteDatabase(None)
    here, there = EntryKeys(database), EntryKeys(database)
    entry = uuid4()
    assert there.for_reading(entry) is None  # nothing sealed yet: a miss is not cached
    assert here.for_sealing(entry) is not None
    assert there.for_reading(entry) is not None


def test_the_cache_stays_bounded_and_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys_module, "MAX_CACHED", 300)
    database = SqliteDatabase(None)
    entries = made(database, 1000)
    keys = EntryKeys(database)
    ciphers = [keys.for_reading(entry) for entry in entries]
    assert len(keys._known) <= 300
    sealed = ciphers[0].encrypt(b"\0" * 12, b"words", None)  # type: ignore[union-attr]
    again = keys.for_reading(entries[0])
    assert again is not None
    assert again.decrypt(b"\0" * 12, sealed, None) == b"words"


def test_shredding_twice_and_shredding_an_entry_never_sealed_are_harmless() -> None:
    keys = EntryKeys(SqliteDatabase(None))
    sealed, never = uuid4(), uuid4()
    keys.for_sealing(sealed)
    for entry in (sealed, sealed, never):
        keys.shred(entry)
    assert keys.for_sealing(sealed) is None
    assert keys.for_sealing(never) is None
    assert keys.prepare([sealed, never]) == {sealed.bytes: b"", never.bytes: b""}
