"""Checks on entered text and lists, shared by every command."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from domain.errors import InvalidEntry

TITLE_MAX = 200
ENTRY_MAX = 10_000
THEME_MAX = 60
THEMES_MAX = 12
QUESTIONS_PER_SET_MAX = 30
PREDICTIONS_MAX = 20
ACTIONS_MAX = 30

_SPACES = re.compile(r"\s+")
E = TypeVar("E", bound=StrEnum)


def text(field: str, value: str, *, limit: int = ENTRY_MAX) -> str:
    """Required text: trimmed, not blank, within `limit` characters."""
    cleaned = optional_text(field, value, limit=limit)
    if not cleaned:
        raise InvalidEntry(field, "must not be blank")
    return cleaned


def optional_text(field: str, value: str | None, *, limit: int = ENTRY_MAX) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidEntry(field, "must be text")
    if "\x00" in value:
        raise InvalidEntry(field, "must not contain NUL characters")
    cleaned = value.replace("\r\n", "\n").strip()
    if len(cleaned) > limit:
        raise InvalidEntry(field, f"must be at most {limit} characters")
    return cleaned


def same_words(a: str, b: str) -> bool:
    """Two entries say the same thing if they differ only in case and spacing."""
    return _SPACES.sub(" ", a).strip().casefold() == _SPACES.sub(" ", b).strip().casefold()


def themes(values: Iterable[str]) -> tuple[str, ...]:
    """Tags: trimmed, lower-cased, de-duplicated, in the order given."""
    seen: dict[str, None] = {}
    for value in values:
        theme = _SPACES.sub(" ", text("themes", value, limit=THEME_MAX)).lower()
        seen.setdefault(theme, None)
    if len(seen) > THEMES_MAX:
        raise InvalidEntry("themes", f"at most {THEMES_MAX} themes")
    return tuple(seen)


def choice(field: str, value: str | E, kind: type[E]) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidEntry(field, f"must be one of: {allowed}") from None


def distinct(field: str, entries: Iterable[str], *, low: int, high: int) -> tuple[str, ...]:
    """A list of required texts, no two saying the same thing, between `low` and `high` long."""
    kept: list[str] = []
    for index, entry in enumerate(entries):
        cleaned = text(f"{field}[{index}]", entry)
        if any(same_words(cleaned, earlier) for earlier in kept):
            raise InvalidEntry(f"{field}[{index}]", "repeats an earlier entry")
        kept.append(cleaned)
    if not low <= len(kept) <= high:
        raise InvalidEntry(field, f"needs between {low} and {high} entries, not {len(kept)}")
    return tuple(kept)
