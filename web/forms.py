"""Reading a posted form into the input Struct the API takes for the same command, so a form
and a JSON body become one command by one path.

Each field is read by its type: text as typed, `yes`/`no` for a yes-or-no, numbers, ISO
dates, ids, a list of texts one a line (or separated by commas where the Struct says so), a list
of ids (ticked boxes, or one a line), and a list of Structs as numbered rows
(`predictions-0-question`, ...), each cell read by its type. Nothing is checked here beyond
reading: the domain checks every value, so a form and the API refuse the same things with the
same messages. `web.typed` shows a refused form again as it was typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar
from uuid import UUID, uuid4

import msgspec
from litestar.params import URLEncodedBody
from msgspec import inspect

from domain.errors import InvalidEntry

FormData = URLEncodedBody[dict[str, Any]]
S = TypeVar("S", bound=msgspec.Struct)
# A list of texts typed in one field, separated by commas instead of lines.
COMMAS = {"form": "commas"}


def new_submission() -> str:
    """A fresh id for a form as it is rendered; the service records each id once."""
    return uuid4().hex


class Form:
    """The posted fields as text. A repeated field (boxes ticked under one name) keeps every
    value, one a line, as a list typed into one field would."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.values: dict[str, str] = {
            name: "\n".join(map(str, value)) if isinstance(value, list) else str(value)
            for name, value in data.items()
            if not name.startswith("_") and value is not None
        }

    def text(self, name: str) -> str:
        return self.values.get(name, "")

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.text(name).splitlines() if line.strip()]

    def number(self, name: str) -> int | None:
        value = self.text(name).strip()
        if not value:
            return None
        if not value.isdigit():
            raise InvalidEntry(name, "must be a whole number")
        return int(value)

    def yes_no(self, name: str) -> bool:
        value = self.text(name)
        if value not in ("yes", "no"):
            raise InvalidEntry(name, "choose yes or no")
        return value == "yes"

    def decimal(self, name: str) -> float:
        """A number as people type it: `12`, `-3.5`, `0,75` or `1 200`."""
        typed = self.text(name).strip().replace(" ", "").replace("\u00a0", "")
        if typed.count(",") == 1 and "." not in typed:
            typed = typed.replace(",", ".")
        try:
            value = float(typed)
        except ValueError:
            raise InvalidEntry(name, "must be a number, such as 12 or 3.5") from None
        if not math.isfinite(value):
            raise InvalidEntry(name, "must be a finite number")
        return value

    def day(self, name: str) -> date:
        try:
            return date.fromisoformat(self.text(name).strip())
        except ValueError:
            raise InvalidEntry(name, "must be a date, such as 2026-05-01") from None

    @property
    def submission(self) -> str | None:
        return self.text("submission").strip() or None

    def read(self, kind: type[S]) -> S:
        """The form as the input Struct `kind`, one field at a time by its type."""
        info = inspect.type_info(kind)
        assert isinstance(info, inspect.StructType)
        # A field is typed under the name the API gives it (`from` for a phase's `starts`).
        values = {f.name: self._value(f.encode_name, f.type) for f in info.fields}
        return kind(**values)

    def _value(self, name: str, kind: inspect.Type) -> Any:
        extra: dict[str, Any] = {}
        if isinstance(kind, inspect.Metadata):
            extra, kind = kind.extra or {}, kind.type
        optional = isinstance(kind, inspect.UnionType) and any(
            isinstance(t, inspect.NoneType) for t in kind.types
        )
        if optional:
            assert isinstance(kind, inspect.UnionType)
            (kind,) = (t for t in kind.types if not isinstance(t, inspect.NoneType))
            if not self.text(name).strip():
                return None
        if isinstance(kind, inspect.BoolType):
            return self.yes_no(name)
        if isinstance(kind, inspect.IntType):
            return self.number(name)
        if isinstance(kind, inspect.FloatType):
            return self.decimal(name)
        if isinstance(kind, inspect.DateType):
            return self.day(name)
        if isinstance(kind, inspect.UUIDType):
            return self._uuid(name)
        if isinstance(kind, inspect.ListType):
            if isinstance(kind.item_type, inspect.StructType):
                return self._rows(name, kind.item_type)
            if isinstance(kind.item_type, inspect.UUIDType):
                return [_uuid(name, line) for line in self.lines(name)]
            if extra == COMMAS:
                return [item for item in self.text(name).split(",") if item.strip()]
            return self.lines(name)
        return self.text(name)

    def _uuid(self, name: str) -> UUID:
        return _uuid(name, self.text(name))

    def _rows(self, name: str, row: inspect.StructType) -> list[Any]:
        """Numbered rows, in order, each cell read by its type; a row left wholly blank is not
        a row."""
        found = []
        for i in indexes(self.values, name):
            cells = {f.name: f"{name}-{i}-{f.encode_name}" for f in row.fields}
            if any(self.text(cell).strip() for cell in cells.values()):
                typed = {f.name: self._value(cells[f.name], f.type) for f in row.fields}
                found.append(row.cls(**typed))
        return found


def _uuid(name: str, text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise InvalidEntry(name, "is not one of the choices") from None


def indexes(values: Mapping[str, str], prefix: str) -> list[int]:
    """The row numbers of posted rows such as `results-0-result`, in order."""
    pattern = re.compile(rf"{prefix}-(\d{{1,3}})-\w+")
    return sorted({int(m.group(1)) for name in values if (m := pattern.fullmatch(name))})


def rows_in(values: Mapping[str, str]) -> int:
    """How many question and prediction rows the typed values fill, blank ones included."""
    return max(indexes(values, "predictions"), default=-1) + 1
