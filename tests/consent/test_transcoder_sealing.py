"""The transcoder's sealed values: a dataclass that declares withdrawable fields is stored with
them sealed (unless this instance names no entry), tampering is an error, not a withdrawal, and
a transcoder without keys refuses sealed data rather than guess."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID, uuid4

import pytest
from cryptography.exceptions import InvalidTag
from eventsourcing.persistence import TranscodingNotRegisteredError

from adapters.accounts.database import SqliteDatabase
from adapters.consent.keys import EntryKeys
from adapters.consent.sealing import Sealer
from adapters.transcoder import MsgspecTranscoder

TEXT = "Zebracorn words"


@dataclass
class Note:
    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("text", "other")

    key: UUID | None
    text: str | None
    other: str | None = None
    kept: str = "plain words"

    def withdrawable_key(self) -> UUID | None:
        return self.key


@pytest.fixture
def keys() -> EntryKeys:
    return EntryKeys(SqliteDatabase(None))


def test_withdrawable_fields_are_sealed_and_come_back(keys: EntryKeys) -> None:
    transcoder = MsgspecTranscoder(Sealer(keys))
    note = Note(uuid4(), TEXT, None)
    stored = transcoder.encode({"notes": [note]})
    assert b"Zebracorn" not in stored
    assert b"plain words" in stored
    assert transcoder.decode(stored) == {"notes": [note]}


def test_an_instance_that_names_no_entry_is_stored_plain(keys: EntryKeys) -> None:
    transcoder = MsgspecTranscoder(Sealer(keys))
    stored = transcoder.encode(Note(None, TEXT))
    assert b"Zebracorn" in stored
    assert transcoder.decode(stored) == Note(None, TEXT)


def test_a_shredded_entry_reads_as_none_and_is_stored_as_none(keys: EntryKeys) -> None:
    transcoder = MsgspecTranscoder(Sealer(keys))
    note = Note(uuid4(), TEXT, "more")
    stored = transcoder.encode(note)
    assert note.key is not None
    keys.shred(note.key)
    assert transcoder.decode(stored) == Note(note.key, None, None)
    assert transcoder.decode(transcoder.encode(note)) == Note(note.key, None, None)


def test_altered_ciphertext_is_an_error(keys: EntryKeys) -> None:
    transcoder = MsgspecTranscoder(Sealer(keys))
    stored = bytearray(transcoder.encode(Note(uuid4(), TEXT)))
    stored[stored.index(b"\xa5other") - 1] ^= 1  # the last byte of the sealed text's tag
    with pytest.raises(InvalidTag):
        transcoder.decode(bytes(stored))


def test_a_transcoder_without_keys_refuses_sealed_data(keys: EntryKeys) -> None:
    stored = MsgspecTranscoder(Sealer(keys)).encode(Note(uuid4(), TEXT))
    with pytest.raises(TranscodingNotRegisteredError, match="sealed"):
        MsgspecTranscoder().decode(stored)


def test_without_keys_withdrawable_fields_are_stored_plain() -> None:
    """The switch that benchmarks use to measure what sealing costs."""
    transcoder = MsgspecTranscoder()
    note = Note(uuid4(), TEXT)
    assert transcoder.decode(transcoder.encode(note)) == note
