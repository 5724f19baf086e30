"""Paging for every list: `?limit=N` (1 to 200, 50 when left out) and `?cursor=C`.

A cursor is opaque to clients: the sort key of the last item sent, with the name of its list,
as URL-safe base64 of JSON. Lists are read in a fixed order and resume after the key, so walking
from the first page to `next: null` gives every item once. A cursor that this list did not give
is a 400, like a bad limit.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import msgspec
from litestar.params import QueryParameter

from domain.errors import InvalidEntry
from web.parameters import absent_or

LIMIT_DEFAULT = 50
LIMIT_MAX = 200
CURSOR_MAX = 500
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
T = TypeVar("T")

Limit = Annotated[
    int,
    QueryParameter(
        ge=1,
        le=LIMIT_MAX,
        description=f"Items per page, 1 to {LIMIT_MAX} ({LIMIT_DEFAULT} if omitted).",
    ),
]
Cursor = Annotated[
    str | None,
    QueryParameter(
        max_length=CURSOR_MAX,
        description="The `next` of the page before, sent back as it came; omit for the first page.",
        # What every cursor this API gives looks like (URL-safe base64, unpadded); the server
        # refuses any other, and any it did not give.
        schema_extra=absent_or(min_length=1, pattern=CURSOR_PATTERN),
    ),
]


@dataclass(frozen=True)
class Paging:
    """Which page to read: up to `limit` items after the sort key `after` (None: the first)."""

    limit: int
    after: tuple[Any, ...] | None = None


def paging(
    list_name: str, limit: int, cursor: str | None, shape: tuple[type, ...] = (int,)
) -> Paging:
    """The page a request asks for. `shape` is the types of the list's sort key; a cursor
    from another list, or of another shape, is a 400."""
    if not 1 <= limit <= LIMIT_MAX:
        raise InvalidEntry("limit", f"must be from 1 to {LIMIT_MAX}")
    if cursor is None:
        return Paging(limit)
    try:
        name, *key = msgspec.json.decode(base64.urlsafe_b64decode(cursor.encode("ascii") + b"=="))
    except (ValueError, TypeError, binascii.Error, UnicodeError, msgspec.DecodeError):
        raise InvalidEntry("cursor", "is not a cursor this list gave") from None
    if name != list_name or not _fits(key, shape):
        raise InvalidEntry("cursor", "is not a cursor this list gave")
    return Paging(limit, tuple(key))


def _fits(key: list[Any], shape: tuple[type, ...]) -> bool:
    return len(key) == len(shape) and all(
        isinstance(value, kind) and not isinstance(value, bool) and _sane(value)
        for value, kind in zip(key, shape, strict=True)
    )


def _sane(value: Any) -> bool:
    """Within what both databases' columns hold, so a forged cursor cannot make them fail."""
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return "\x00" not in str(value)


def page(
    list_name: str, found: Sequence[T], paged: Paging, key: Callable[[T], tuple[Any, ...]]
) -> tuple[list[T], str | None]:
    """The page's items and the cursor of the next page, from up to `limit + 1` items read
    after the key (the extra one says whether another page follows)."""
    items = list(found[: paged.limit])
    if len(found) <= paged.limit:
        return items, None
    token = msgspec.json.encode([list_name, *key(items[-1])])
    return items, base64.urlsafe_b64encode(token).rstrip(b"=").decode("ascii")


def after(
    items: Sequence[T],
    paged: Paging,
    key: Callable[[T], tuple[Any, ...]],
    *,
    descending: bool = False,
) -> list[T]:
    """For lists read whole in sort order: the items after the cursor's key, and one more than
    the page holds."""
    start = 0
    if paged.after is not None:
        cut = paged.after
        start = next(
            (
                i
                for i, item in enumerate(items)
                if (key(item) < cut if descending else key(item) > cut)
            ),
            len(items),
        )
    return list(items[start : start + paged.limit + 1])
