"""Where event times come from. Real time, unless a caller sets the clock for one block of work.

Demo data and tests need pilots whose cycles span weeks; they set the clock explicitly instead
of rewriting stored events. The setting is per context (thread or task), so a server thread is
never affected by a seeding thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_clock: ContextVar[Callable[[], datetime] | None] = ContextVar("clock", default=None)


def now() -> datetime:
    clock = _clock.get()
    return datetime.now(UTC) if clock is None else clock()


@contextmanager
def clock_set_to(clock: Callable[[], datetime]) -> Iterator[None]:
    if clock().tzinfo is None:
        raise ValueError("the clock must give aware datetimes")
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)
