"""The app's memory of what reads at one log position share: a position never changes what it
holds, so an entry is never stale, only old."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

Key = tuple[Any, ...]
T = TypeVar("T")
MEMO_SIZE = 256


class Memo:
    """The reader-free parts of recent summaries (and the `/learning` page's charts), by log
    position and scope. A position never changes what it holds, so an entry is never stale,
    only old; the oldest go first."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self._kept: OrderedDict[Key, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                kept: T = self._kept[key]
                return kept
        made = make()
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made
