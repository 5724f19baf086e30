"""The keys of withdrawable entries: one random AES-256 key per entry, kept beside the event log
(table `entry_keys`), never in it, so deleting a key makes every stored copy of the entry's text
unreadable while the log itself stays append-only.

Shredding sets the key to NULL and leaves the row as a tombstone: no key is ever made again for
that entry, so text a process still holds in memory (a pilot loaded before the withdrawal, about
to be snapshotted) can only be stored as None, never sealed afresh.

Keys are cached in the process, because every decoded event may need one; a miss reads ahead
the keys made after the one missed, since the log is read in about the order keys were made, so
a scan of the log asks the database once for hundreds of keys. Each shred also bumps a one-row
counter (`entry_key_epoch`), after its tombstone is written; a process reads the counter at most
once a second and, when it moved, forgets every cached key, so a shred in another process is
honoured within about a second. Forgetting all (rather than the keys shredded) needs no ordering
between concurrent shreds, and shreds are rare.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.accounts.database import AccountDatabase, Row

KEY_BYTES = 32  # AES-256
CHECK_SECONDS = 1.0  # how stale a process's view of shreds may be
# Cached keys are raw bytes (a cipher object holds far more); past this many, the cache starts
# again, which keeps a process that reads every entry within a few megabytes.
MAX_CACHED = 50_000
MAKE_AT_ONCE = 200  # keys made in one statement, well inside any placeholder limit

_SHREDDED: Final = b""  # a cached tombstone; a real key is never empty
_KEY = "SELECT entry, key FROM entry_keys WHERE entry = ?"
_READ_AHEAD = (  # the key missed, and those made after it
    "SELECT entry, key FROM entry_keys"
    " WHERE made_at >= (SELECT made_at FROM entry_keys WHERE entry = ?)"
    " ORDER BY made_at LIMIT 256"
)
_MAKE = "INSERT INTO entry_keys (entry, key, made_at) VALUES {rows} ON CONFLICT (entry) DO NOTHING"
_KEYS = "SELECT entry, key FROM entry_keys WHERE entry IN ({entries})"
_SHRED = (
    "INSERT INTO entry_keys (entry, key, made_at) VALUES {rows}"
    " ON CONFLICT (entry) DO UPDATE SET key = NULL"
)
_BUMP = "UPDATE entry_key_epoch SET epoch = epoch + 1 WHERE id = 1"
_EPOCH = "SELECT epoch FROM entry_key_epoch WHERE id = 1"


class EntryKeys:
    """Ciphers for entries by their id. Thread-safe."""

    def __init__(
        self, database: AccountDatabase, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._db, self._clock = database, clock
        self._lock = threading.Lock()
        self._known: dict[bytes, bytes] = {}  # entry id's bytes: key, or _SHREDDED
        self._generation = 0  # moves when the cache is forgotten
        self._epoch = self._read_epoch()
        self._checked = clock()

    def for_reading(self, entry: UUID | bytes) -> AESGCM | None:
        """The entry's cipher (by its id, or the id's bytes as sealed values carry it, which
        spares decoding a UUID); None once it is shredded (or if it never had a key)."""
        self._honour_shreds()
        entry_bytes = entry if isinstance(entry, bytes) else entry.bytes
        key = self._known.get(entry_bytes)
        if key is None:
            params = (str(UUID(bytes=entry_bytes)),)
            key = self._load(_READ_AHEAD, params).get(entry_bytes)
            if key is None:  # not made yet, or read past by keys made at the same microsecond
                key = self._load(_KEY, params).get(entry_bytes)
        return AESGCM(key) if key else None

    def for_sealing(self, entry: UUID) -> AESGCM | None:
        """The entry's cipher, made on first use; None once it is shredded, for good."""
        self._honour_shreds()
        key = self._known.get(entry.bytes)
        if key is None:
            key = self.prepare([entry]).get(entry.bytes)
        return AESGCM(key) if key else None

    def prepare(self, entries: Iterable[UUID]) -> dict[bytes, bytes]:
        """Makes the keys that `entries` lack, a few hundred a statement, and caches them; the
        keys found, by entry. Called before a batch of events is sealed: one round trip for a
        batch, not one for each entry. Racing makers agree: the first insert wins, and everyone
        reads back the key that won."""
        wanted = list(dict.fromkeys(entries))  # in the order of the events, as read later
        found = {e.bytes: self._known[e.bytes] for e in wanted if e.bytes in self._known}
        missing = [entry for entry in wanted if entry.bytes not in found]
        for start in range(0, len(missing), MAKE_AT_ONCE):
            chunk = missing[start : start + MAKE_AT_ONCE]
            made_at, params = _micros(), []
            for n, entry in enumerate(chunk):
                params += [str(entry), os.urandom(KEY_BYTES), made_at + n]  # in their order
            self._db.write(_MAKE.format(rows=", ".join(["(?, ?, ?)"] * len(chunk))), params)
            ids = [str(entry) for entry in chunk]
            found |= self._load(_KEYS.format(entries=", ".join(["?"] * len(ids))), ids)
        return found

    def shred(self, entry: UUID) -> None:
        """Deletes the entry's key for good. Idempotent; the tombstone is written before the
        counter moves, so a process that sees the counter move finds the tombstone. A crash
        between the two is mended by shredding again, which moves the counter anyway."""
        self.shred_all([entry])

    def shred_all(self, entries: Sequence[UUID]) -> None:
        """`shred` for many entries: a few hundred tombstones a statement, and the counter moved
        once, so the runner honouring a batch's withdrawals commits twice, not twice each."""
        wanted = list(dict.fromkeys(entries))
        if not wanted:
            return
        for start in range(0, len(wanted), MAKE_AT_ONCE):
            chunk, made_at, params = wanted[start : start + MAKE_AT_ONCE], _micros(), []
            for n, entry in enumerate(chunk):
                params += [str(entry), made_at + n]
            self._db.write(_SHRED.format(rows=", ".join(["(?, NULL, ?)"] * len(chunk))), params)
        self._db.write(_BUMP)
        with self._lock:
            for entry in wanted:
                self._known[entry.bytes] = _SHREDDED

    def _load(self, sql: str, params: list[Any] | tuple[Any, ...]) -> dict[bytes, bytes]:
        generation = self._generation
        found = {_entry_bytes(row): _key(row) for row in self._db.fetch(sql, params)}
        with self._lock:
            # Keys read before the cache was forgotten may have been shredded since: use them
            # this once, but do not keep them.
            if generation == self._generation:
                if len(self._known) + len(found) > MAX_CACHED:
                    self._known.clear()
                self._known |= found
        return found

    def _honour_shreds(self) -> None:
        now = self._clock()
        if now - self._checked < CHECK_SECONDS:
            return
        self._checked = now
        epoch = self._read_epoch()
        if epoch != self._epoch:
            with self._lock:
                self._known.clear()
                self._generation += 1
                self._epoch = epoch

    def _read_epoch(self) -> int:
        rows = self._db.fetch(_EPOCH)
        return int(rows[0][0]) if rows else 0


def _entry_bytes(row: Row) -> bytes:
    entry = row[0]  # text on SQLite, a UUID from PostgreSQL
    return entry.bytes if isinstance(entry, UUID) else UUID(entry).bytes


def _key(row: Row) -> bytes:
    return _SHREDDED if row[1] is None else bytes(row[1])


def _micros() -> int:
    return time.time_ns() // 1000
