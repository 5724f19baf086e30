"""A shred in one process is honoured by another within about a second: each caches keys, and
reads the shred counter at most once a second."""

from __future__ import annotations

import time
from uuid import uuid4

from adapters.accounts.database import SqliteDatabase
from adapters.consent.keys import CHECK_SECONDS, EntryKeys
from adapters.settings import Settings
from adapters.store import open_pilots
from domain.pilot import events
from tests.consent.support import WRITTEN, withdraw, write_and_correct


def test_another_application_honours_a_shred_within_about_a_second(
    store_settings: Settings,
) -> None:
    writer, other = open_pilots(store_settings), open_pilots(store_settings)
    try:
        written = write_and_correct(writer)
        stored = other.recorder.select_events(written.pilot_id)[1]

        def read() -> str | None:
            event = other.mapper.to_domain_event(stored)
            assert isinstance(event, events.ReflectionRecorded)
            return event.text

        assert read() == WRITTEN  # the other application now has the key cached
        withdraw(writer, written)
        shredded = time.monotonic()
        while read() is not None:
            assert time.monotonic() - shredded < CHECK_SECONDS + 1.0, "the shred was not honoured"
            time.sleep(0.01)
        waited = time.monotonic() - shredded
        print(f"\nthe other application read the text as None {waited:.2f} s after the shred")
        assert waited <= CHECK_SECONDS + 0.5
    finally:
        writer.close()
        other.close()


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_cached_key_is_forgotten_at_the_first_check_after_a_shred_elsewhere() -> None:
    database = SqliteDatabase(None)  # one database, two caches: two processes
    clock = Clock()
    here, there = EntryKeys(database, clock=clock), EntryKeys(database, clock=clock)
    entry = uuid4()
    assert here.for_sealing(entry) is not None
    assert there.for_reading(entry) is not None

    here.shred(entry)
    assert here.for_reading(entry) is None
    clock.now += CHECK_SECONDS / 2
    assert there.for_reading(entry) is not None, "no check yet: the cache is trusted"
    clock.now += CHECK_SECONDS / 2
    assert there.for_reading(entry) is None
    assert there.for_sealing(entry) is None, "no key is made again after a shred"
