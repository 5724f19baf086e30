"""The keys an import seals withdrawable text under: fresh ones, never the source's, made in
memory and written in the import's own transaction, so a refused import leaves no key behind.

An entry whose withdrawal is in the file gets a tombstone, as `EntryKeys.shred` leaves one: no
key is made for it afterwards, and its text (null in the export) stays None.
"""

from __future__ import annotations

import os
import time
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.consent.keys import KEY_BYTES

KeyRow = tuple[UUID, bytes | None, int]
"""A row of `entry_keys`: the entry, its key (None for a tombstone), when it was made."""


class FreshKeys:
    """Keys made as the import seals text, in the order of the log (keys are read ahead in the
    order they were made, which then matches the order events are read in)."""

    def __init__(self) -> None:
        self._keys: dict[UUID, bytes | None] = {}  # None: shredded
        self._pending: list[KeyRow] = []
        self._made_at = time.time_ns() // 1000

    def for_sealing(self, entry: UUID) -> AESGCM | None:
        if entry not in self._keys:
            self._keys[entry] = os.urandom(KEY_BYTES)
            self._add(entry, self._keys[entry])
        key = self._keys[entry]
        return None if key is None else AESGCM(key)

    def for_reading(self, entry: UUID | bytes) -> AESGCM | None:
        key = self._keys.get(entry if isinstance(entry, UUID) else UUID(bytes=entry))
        return None if key is None else AESGCM(key)

    def shred(self, entry: UUID) -> None:
        """The entry is withdrawn: a tombstone, in place of its key if it had one."""
        self._keys[entry] = None
        self._add(entry, None)

    def take(self) -> list[KeyRow]:
        """The rows made since the last call, to be written in order (a tombstone after the key
        it replaces)."""
        rows, self._pending = self._pending, []
        return rows

    def _add(self, entry: UUID, key: bytes | None) -> None:
        self._made_at += 1
        self._pending.append((entry, key, self._made_at))
