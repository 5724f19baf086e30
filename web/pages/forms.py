"""What every form shares: reading the posted fields, and the submission id that makes a
resubmitted form record once. `web.pages.typed` shows a refused form again."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from uuid import uuid4

from litestar.params import URLEncodedBody

from domain.errors import InvalidEntry

FormData = URLEncodedBody[dict[str, Any]]


def new_submission() -> str:
    """A fresh id for a form as it is rendered; the service records each id once."""
    return uuid4().hex


class Form:
    """The posted fields as text. A repeated field keeps its last value."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.values: dict[str, str] = {
            name: str(value[-1] if isinstance(value, list) else value)
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

    @property
    def submission(self) -> str | None:
        return self.text("submission").strip() or None


def indexes(values: Mapping[str, str], prefix: str) -> list[int]:
    """The row numbers of posted rows such as `results-0-result`, in order."""
    pattern = re.compile(rf"{prefix}-(\d{{1,3}})-\w+")
    return sorted({int(m.group(1)) for name in values if (m := pattern.fullmatch(name))})


def rows_in(values: Mapping[str, str]) -> int:
    """How many question and prediction rows the typed values fill, blank ones included."""
    return max(indexes(values, "predictions"), default=-1) + 1
