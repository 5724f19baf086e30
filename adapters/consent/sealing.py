"""Sealing withdrawable text on its way into storage, and opening it on the way out.

A class that holds withdrawable text names the fields in `WITHDRAWABLE` and the entry whose key
seals them with `withdrawable_key()` (see `domain/consent.py`). Such a field is stored as the
entry's id, a random 96-bit nonce and the AES-GCM ciphertext of its UTF-8 text, with the entry's
id as associated data, so a sealed value cannot be passed off as another entry's. The transcoder
tags it with an `Ext` code of its own; a value whose key is gone decodes as None.

Events reach the transcoder as a dict of their fields (the library's mapper takes `vars(event)`),
which no longer knows its class; `SealingMapper` marks their withdrawable fields first.
Dataclasses and Structs, in snapshots, are marked by the transcoder itself, which sees them whole.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent

NONCE_BYTES = 12
_ID_BYTES = 16
_CIPHERTEXT = _ID_BYTES + NONCE_BYTES  # where it starts


@dataclass(frozen=True, slots=True)
class Withdrawable:
    """A field's text, marked for sealing under `entry`'s key."""

    entry: UUID
    text: str


def withdrawable_fields(obj: object) -> tuple[UUID, tuple[str, ...]] | None:
    """The entry whose key seals `obj`'s withdrawable fields, and their names; None when it has
    none (the class declares none, or this instance is not withdrawable)."""
    names: tuple[str, ...] = getattr(type(obj), "WITHDRAWABLE", ())
    if not names:
        return None
    entry = obj.withdrawable_key()  # type: ignore[attr-defined]
    return None if entry is None else (entry, names)


class Keys(Protocol):
    """Where ciphers come from: the stored keys (`keys.EntryKeys`), or the keys an import makes
    and stores in its own transaction (`adapters.restore.keys.FreshKeys`)."""

    def for_reading(self, entry: UUID | bytes) -> AESGCM | None: ...

    def for_sealing(self, entry: UUID) -> AESGCM | None: ...


class Sealer:
    """Seals and opens text with the keys of its entries."""

    def __init__(self, keys: Keys) -> None:
        self.keys = keys

    def seal(self, entry: UUID, text: str) -> bytes | None:
        """The stored form of `text`; None when the entry is shredded, so the text is dropped."""
        cipher = self.keys.for_sealing(entry)
        if cipher is None:
            return None
        nonce = os.urandom(NONCE_BYTES)
        return entry.bytes + nonce + cipher.encrypt(nonce, text.encode(), entry.bytes)

    def open(self, sealed: memoryview) -> str | None:
        """The text, or None when its entry's key is gone."""
        entry_bytes = bytes(sealed[:_ID_BYTES])
        cipher = self.keys.for_reading(entry_bytes)
        if cipher is None:
            return None
        nonce = bytes(sealed[_ID_BYTES:_CIPHERTEXT])
        # A wrong tag means the stored bytes were altered: that is an error, not a withdrawal.
        return cipher.decrypt(nonce, bytes(sealed[_CIPHERTEXT:]), entry_bytes).decode()


class SealingMapper(Mapper[UUID]):
    """Marks an event's withdrawable fields before the transcoder sees its dict."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        found = withdrawable_fields(domain_event)
        if found is not None:
            entry, names = found
            marked = copy.copy(domain_event)  # the event itself stays as the domain made it
            for name in names:
                value: Any = getattr(marked, name)
                if isinstance(value, str):
                    object.__setattr__(marked, name, Withdrawable(entry, value))
            domain_event = marked
        return super().to_stored_event(domain_event)
