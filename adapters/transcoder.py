"""A msgpack transcoder, built on msgspec, for stored events and snapshots.

The library's JSON transcoder loses types: tuples come back as lists, and dataclasses, enums
and sets need a hand-written ``Transcoding`` each, so a snapshot of ``dict[int, Cycle]`` cannot
be stored as it is. Stored data carries no schema, so this transcoder is self-describing: each
value that msgpack cannot describe exactly travels as an ``Ext`` tagged with its type (and, for
classes, their topic), and comes back equal and of the same type. Decoding runs mostly in C,
which is what replaying and snapshot loading need. Select it with
``TRANSCODER_TOPIC=adapters.transcoder:MsgspecTranscoder``.

Given a `Sealing`, it also seals withdrawable text (`adapters/consent/sealing.py`): fields marked
`Withdrawable` by the mapper, and the withdrawable fields of dataclasses and Structs it meets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Final, Protocol
from uuid import UUID

import msgspec
from eventsourcing.persistence import Transcoder, TranscodingNotRegisteredError
from eventsourcing.utils import get_topic, resolve_topic
from msgspec.msgpack import Ext

from adapters.consent.sealing import Withdrawable, withdrawable_fields

# Ext codes are part of the stored format: add new ones, never renumber.
_TUPLE, _SET, _FROZENSET, _MAP, _UUID, _DATETIME, _DATE, _DECIMAL = 1, 2, 3, 4, 5, 6, 7, 8
_BIGINT, _ENUM, _DATACLASS, _STRUCT, _SUBCLASS, _DATETIME_FINE_OFFSET = 9, 10, 11, 12, 13, 14
_SEALED = 15
_PLAIN: Final = frozenset({str, float, bool, type(None), bytes})
_INT_MIN: Final = -(2**63)
_INT_MAX: Final = 2**64 - 1
_BUILTIN_BASES: Final = (int, float, str, bytes, tuple, list, dict)

_Encode = Callable[[Any], Any]


class Sealing(Protocol):
    def seal(self, entry: UUID, text: str) -> bytes | None: ...

    def open(self, sealed: memoryview) -> str | None: ...


class MsgspecTranscoder(Transcoder):
    def __init__(self, sealing: Sealing | None = None) -> None:
        self._sealing = sealing
        self._pack = msgspec.msgpack.Encoder().encode
        self._unpack = msgspec.msgpack.Decoder(ext_hook=self._ext_hook).decode
        self._encoders: dict[type, _Encode] = {
            int: self._int,
            list: self._list,
            dict: self._dict,
            tuple: lambda o: Ext(_TUPLE, self._pack(self._list(o))),
            set: lambda o: Ext(_SET, self._pack(self._list(o))),
            frozenset: lambda o: Ext(_FROZENSET, self._pack(self._list(o))),
            UUID: lambda o: Ext(_UUID, o.bytes),
            datetime: self._datetime,
            date: lambda o: Ext(_DATE, o.isoformat().encode()),
            Decimal: lambda o: Ext(_DECIMAL, str(o).encode()),
            Withdrawable: lambda o: self._seal(o.entry, o.text),
        }
        self._decoders: dict[int, Callable[[memoryview], Any]] = {
            _TUPLE: lambda b: tuple(self._unpack(b)),
            _SET: lambda b: set(self._unpack(b)),
            _FROZENSET: lambda b: frozenset(self._unpack(b)),
            _MAP: self._decode_map,
            _UUID: lambda b: UUID(bytes=bytes(b)),
            _DATETIME: lambda b: datetime.fromisoformat(str(b, "utf-8")),
            _DATETIME_FINE_OFFSET: self._decode_datetime_fine_offset,
            _DATE: lambda b: date.fromisoformat(str(b, "utf-8")),
            _DECIMAL: lambda b: Decimal(str(b, "utf-8")),
            _BIGINT: lambda b: int.from_bytes(b, "big", signed=True),
            _ENUM: self._decode_enum,
            _DATACLASS: self._decode_dataclass,
            _STRUCT: self._decode_struct,
            _SUBCLASS: self._decode_subclass,
            _SEALED: self._open,
        }

    def encode(self, obj: Any) -> bytes:
        return self._pack(self._walk(obj))

    def decode(self, data: bytes) -> Any:
        return self._unpack(data)

    # Encoding: turn every value msgpack cannot describe exactly into a tagged Ext.

    def _walk(self, o: Any) -> Any:
        t = type(o)
        if t in _PLAIN:
            return o
        encode = self._encoders.get(t) or self._encoder_for(t)
        return encode(o)

    def _int(self, o: int) -> Any:
        if _INT_MIN <= o <= _INT_MAX:
            return o
        return Ext(_BIGINT, o.to_bytes(o.bit_length() // 8 + 1, "big", signed=True))

    def _datetime(self, o: datetime) -> Ext:
        offset = o.utcoffset()
        if offset is not None and offset.microseconds:  # Python 3.11's fromisoformat drops them
            state = [o.replace(tzinfo=None).isoformat(), offset // timedelta(microseconds=1)]
            return Ext(_DATETIME_FINE_OFFSET, self._pack(state))
        return Ext(_DATETIME, o.isoformat().encode())

    def _list(self, o: Any) -> list[Any]:
        walk = self._walk
        return [x if type(x) in _PLAIN else walk(x) for x in o]

    def _dict(self, o: dict[Any, Any]) -> Any:
        walk = self._walk
        if all(type(k) is str for k in o):
            return {k: v if type(v) in _PLAIN else walk(v) for k, v in o.items()}
        return Ext(_MAP, self._pack([walk(x) for item in o.items() for x in item]))

    def _encoder_for(self, t: type) -> _Encode:
        state: _Encode
        if issubclass(t, Enum):
            code, state = _ENUM, lambda o: self._walk(o.value)
        elif dataclasses.is_dataclass(t):
            code, state = _DATACLASS, self._fields(t, [f.name for f in dataclasses.fields(t)])
        elif issubclass(t, msgspec.Struct):
            code, state = _STRUCT, self._fields(t, t.__struct_fields__)
        elif issubclass(t, _BUILTIN_BASES):
            code, state = _SUBCLASS, self._builtin_subclass(t)
        else:
            msg = (
                f"Object of type {t} is not serializable by MsgspecTranscoder: use a "
                "dataclass, msgspec.Struct or Enum, or a supported built-in type."
            )
            raise TranscodingNotRegisteredError(msg)
        topic = get_topic(t)

        def encode(o: Any) -> Ext:
            return Ext(code, self._pack([topic, state(o)]))

        self._encoders[t] = encode
        return encode

    def _fields(self, t: type, names: Iterable[str]) -> _Encode:
        names, walk = tuple(names), self._walk
        # Without a Sealing (benchmarks measuring its cost), withdrawable text is stored plain.
        sealed = self._sealing is not None and bool(getattr(t, "WITHDRAWABLE", ()))

        def state(o: Any) -> dict[str, Any]:
            out = {}
            for n in names:
                v = getattr(o, n)
                out[n] = v if type(v) in _PLAIN else walk(v)
            if sealed and (found := withdrawable_fields(o)) is not None:
                entry, withdrawable = found
                for n in withdrawable:
                    if type(out[n]) is str:
                        out[n] = self._seal(entry, out[n])
            return out

        return state

    def _seal(self, entry: UUID, text: str) -> Ext | None:
        if self._sealing is None:
            msg = "Withdrawable text cannot be stored without a Sealing (a key store)."
            raise TranscodingNotRegisteredError(msg)
        sealed = self._sealing.seal(entry, text)
        return None if sealed is None else Ext(_SEALED, sealed)

    def _builtin_subclass(self, t: type) -> _Encode:
        base = next(b for b in _BUILTIN_BASES if issubclass(t, b))
        return lambda o: [self._walk(base(o)), self._dict(getattr(o, "__dict__", {}))]

    # Decoding: msgspec calls this for each Ext, innermost first.

    def _ext_hook(self, code: int, data: memoryview) -> Any:
        try:
            decode = self._decoders[code]
        except KeyError:
            msg = f"Stored data has msgpack extension type {code}, unknown to MsgspecTranscoder."
            raise TranscodingNotRegisteredError(msg) from None
        return decode(data)

    def _open(self, data: memoryview) -> str | None:
        if self._sealing is None:
            msg = "Stored data holds sealed text, and this transcoder has no key store to open it."
            raise TranscodingNotRegisteredError(msg)
        return self._sealing.open(data)

    def _decode_datetime_fine_offset(self, data: memoryview) -> datetime:
        naive, micros = self._unpack(data)
        return datetime.fromisoformat(naive).replace(
            tzinfo=timezone(timedelta(microseconds=micros))
        )

    def _decode_map(self, data: memoryview) -> dict[Any, Any]:
        items = self._unpack(data)
        return dict(zip(items[::2], items[1::2], strict=True))

    def _decode_enum(self, data: memoryview) -> Any:
        topic, value = self._unpack(data)
        return resolve_topic(topic)(value)

    def _decode_dataclass(self, data: memoryview) -> Any:
        topic, state = self._unpack(data)
        cls = resolve_topic(topic)
        obj, setattr_ = cls.__new__(cls), object.__setattr__  # no __init__, like the library
        for name, value in state.items():
            setattr_(obj, name, value)
        return obj

    def _decode_struct(self, data: memoryview) -> Any:
        # A Struct cannot be created without its (generated) __init__; msgspec decodes the same.
        topic, state = self._unpack(data)
        return resolve_topic(topic)(**state)

    def _decode_subclass(self, data: memoryview) -> Any:
        topic, (value, attrs) = self._unpack(data)
        cls, base = resolve_topic(topic), type(value)
        if base is list or base is dict:
            obj = base.__new__(cls)
            base.__init__(obj, value)
        else:
            obj = base.__new__(cls, value)
        for name, attr in attrs.items():
            object.__setattr__(obj, name, attr)
        return obj
