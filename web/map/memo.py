"""What reads of the map share at one position of the origins model: the origins read from the
tables at a moment, and a reader's drawn map. A position never changes what it holds, so an entry
is never stale; all are dropped as soon as a later position is read, so words a withdrawal took
do not linger in the app's memory either."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from litestar import Litestar

from projections.engine import tracking
from projections.engine.base import Sql
from web.pages import kept_in

T = TypeVar("T")
KEPT = "map_kept"
SIZE = 128  # entries at one position: readers' maps, moments and framing questions


class Kept:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._position = -1
        self._kept: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def get(self, position: int, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` gives at `position`, made once while that is the latest position read.
        A read behind it (a model being rebuilt) is made afresh and not kept."""
        with self._lock:
            if position > self._position:
                self._position, self._kept = position, {}
            if position == self._position and key in self._kept:
                found: T = self._kept[key]
                return found
        made = make()
        with self._lock:
            if position == self._position and len(self._kept) < self.size:
                self._kept[key] = made
        return made


def kept_of(app: Litestar) -> Kept:
    return kept_in(app, KEPT, Kept, Kept)


def position(sql: Sql) -> int:
    """How far the origins model has applied the log, as this read sees it."""
    return tracking.positions(sql, ["origins"])["origins"]
