"""A record's copy for a command to change (`own_copy`), made from the one kept for readers.

A command changes the record it runs on, and the records kept for readers (`domain.kept`) are
shared, so a command needs a copy of its own. Loading one from the store decodes the record's
snapshot and the events after it: for a pilot of a few hundred entries that was half the time
of a write through the API, and for one of 10,000 reflections about 180 ms. Copying the kept
record in memory costs a small part of that, since what the record holds is mostly values that
cannot change in place (text, ids, days, enums, frozen value classes), which the copy shares.

Every list, dict, set and mutable dataclass is copied, all the way down, so nothing a command
does to its copy can reach the original. A value of a kind not named here raises NotCopyable,
and the command's record is then loaded from the store instead: a new kind of value in a record
is never shared by mistake.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from domain.records import BaseRecord

T = TypeVar("T")

# Kinds whose values never change in place: shared between a record and its copy.
_SHARED = (str, int, float, bool, type(None), bytes, UUID, date, datetime, time, timedelta, Decimal)

# How each kind of value is copied, worked out once per kind (`_way_of`).
_SHARE, _DICT, _LIST, _TUPLE, _SET, _FROZENSET, _OBJECT, _FROZEN = range(8)
_WAYS: dict[type, int] = dict.fromkeys(_SHARED, _SHARE)
_WAYS.update({dict: _DICT, list: _LIST, tuple: _TUPLE, set: _SET, frozenset: _FROZENSET})
# A slotted dataclass's fields, or None for a kind whose state is all in its __dict__.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


class NotCopyable(TypeError):
    """The record holds a value of a kind `own_copy` does not know how to copy safely."""


def own_copy(record: T) -> T:
    """A copy of `record` (an aggregate, or any value made of the kinds above) that shares
    nothing a command could change."""
    copied: T = _copied(record)
    return copied


def _copied(value: Any) -> Any:
    kind = type(value)
    way = _WAYS.get(kind)
    if way is None:
        way = _way_of(kind)
    if way == _SHARE:
        return value
    if way == _DICT:
        return {_copied(key): _copied(item) for key, item in value.items()}
    if way == _LIST:
        return [_copied(item) for item in value]
    if way == _SET:
        return {_copied(item) for item in value}
    if way in (_TUPLE, _FROZENSET):
        items = [_copied(item) for item in value]
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else kind(items)
    # Two paths rather than one over (name, value) pairs: building those pairs made copying a
    # pilot of 10,000 reflections 15-20 % slower (39-41 against 34 ms).
    fields = _FIELDS[kind]
    if fields is None:  # all its state is in its __dict__
        attributes = {name: _copied(item) for name, item in vars(value).items()}
        if way == _FROZEN and all(attributes[n] is v for n, v in vars(value).items()):
            return value  # nothing in it can change
        new = object.__new__(kind)
        object.__setattr__(new, "__dict__", attributes)
        return new
    slotted = [(name, getattr(value, name)) for name in fields]
    copied = [_copied(item) for _, item in slotted]
    if way == _FROZEN and all(new is old for new, (_, old) in zip(copied, slotted, strict=True)):
        return value
    new = object.__new__(kind)
    for (name, _), item in zip(slotted, copied, strict=True):
        object.__setattr__(new, name, item)
    return new


def _way_of(kind: type) -> int:
    """How values of `kind` are copied: kept in `_WAYS` (and `_FIELDS`) once found."""
    if issubclass(kind, Enum):
        _WAYS[kind] = _SHARE
        return _SHARE
    slots = [
        name
        for klass in kind.__mro__
        for name in getattr(klass, "__slots__", ())
        if name not in ("__dict__", "__weakref__")
    ]
    has_dict = any("__slots__" not in vars(klass) for klass in kind.__mro__ if klass is not object)
    if dataclasses.is_dataclass(kind):
        way = _FROZEN if kind.__dataclass_params__.frozen else _OBJECT  # type: ignore[attr-defined]
        names = tuple(field.name for field in dataclasses.fields(kind))
        if slots and not has_dict and set(slots) == set(names):
            _FIELDS[kind] = names
        elif not slots:
            _FIELDS[kind] = None
        else:
            raise NotCopyable(f"a {kind.__qualname__} keeps attributes outside its fields")
    elif issubclass(kind, BaseRecord) and not slots:
        way, _FIELDS[kind] = _OBJECT, None
    else:
        raise NotCopyable(f"a {kind.__qualname__} is not a value a record's copy can hold")
    _WAYS[kind] = way
    return way
