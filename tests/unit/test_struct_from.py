"""`struct_from` takes a record's same-named fields as they are and the computed ones as given."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
import pytest

from projections.reads import struct_from


@dataclass
class Record:
    id: int
    title: str
    tags: tuple[str, ...]
    private: str


class Answer(msgspec.Struct):
    id: int
    tags: list[str]
    title: str
    count: int = 0


def test_fields_not_computed_are_the_records_own_and_extra_attributes_are_left() -> None:
    answer = struct_from(Answer, Record(7, "Story circles", ("a",), "secret"), tags=["a"], count=2)
    assert answer == Answer(id=7, tags=["a"], title="Story circles", count=2)
    assert msgspec.json.encode(answer) == b'{"id":7,"tags":["a"],"title":"Story circles","count":2}'


def test_a_field_the_record_lacks_must_be_computed() -> None:
    with pytest.raises(AttributeError):
        struct_from(Answer, Record(7, "Story circles", ("a",), "secret"), tags=[])


def test_a_computed_name_that_is_not_a_field_is_refused() -> None:
    with pytest.raises(TypeError):
        struct_from(Answer, Record(7, "Story circles", ("a",), "secret"), tags=[], count=2, cuont=2)
