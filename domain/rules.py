"""Checks on entered text and lists, shared by every command."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from domain import clock
from domain.errors import InvalidEntry, RuleViolated

TITLE_MAX = 200
ENTRY_MAX = 10_000
THEME_MAX = 60
THEMES_MAX = 12
QUESTIONS_PER_SET_MAX = 30
PREDICTIONS_MAX = 20
ACTIONS_MAX = 30
LINKS_MAX = 50  # ids in one list of links

# The latest time zone is 14 hours ahead of UTC: a day that has begun anywhere is not future.
_AHEAD = timedelta(hours=14)
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


def must_change(what: str, unchanged: bool) -> None:
    """A revision must change something: one that leaves `what` as it stands is refused."""
    if unchanged:
        raise RuleViolated(f"the revised {what} must differ from the current one")


def themes(values: Iterable[str]) -> tuple[str, ...]:
    """Tags: trimmed, lower-cased, de-duplicated, in the order given."""
    seen: dict[str, None] = {}
    for value in values:
        theme = _SPACES.sub(" ", text("themes", value, limit=THEME_MAX)).lower()
        seen.setdefault(theme, None)
    if len(seen) > THEMES_MAX:
        raise InvalidEntry("themes", f"at most {THEMES_MAX} themes")
    return tuple(seen)


def ids(field: str, values: Iterable[UUID], *, high: int = LINKS_MAX) -> tuple[UUID, ...]:
    """A list of ids: de-duplicated, in the order given, at most `high` of them."""
    kept = tuple(dict.fromkeys(values))
    if any(not isinstance(value, UUID) for value in kept):
        raise InvalidEntry(field, "must be a list of ids")
    if len(kept) > high:
        raise InvalidEntry(field, f"at most {high} ids, not {len(kept)}")
    return kept


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


def day(field: str, value: object) -> date:
    """A day that has begun somewhere on earth."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidEntry(field, "must be a date (YYYY-MM-DD)")
    if value > (clock.now() + _AHEAD).date():
        raise InvalidEntry(field, f"{value.isoformat()} is in the future")
    return value
