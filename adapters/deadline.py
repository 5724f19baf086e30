"""A request's budget for waiting on the database, shared by every wait it makes.

Each wait alone is short (a checkout, a lock), but a write makes several in turn (its account,
the pilot's events, the insert), and may first queue for one of the web server's threads behind
requests doing the same: 64 clients on a pool whose connections were all stuck behind a lock
waited up to 3.3 s for their 503s, though no single wait exceeded half a second (R11). The web
layer sets a deadline when a request arrives; a pool checkout then waits only for what is left
of it. Work with no deadline (the read-model runner, the command line) waits as before.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Every checkout may wait at least this long, so a connection that is ready is still handed out
# to a request whose budget is spent (it is slow, not stuck).
MIN_WAIT_SECONDS = 0.05

_deadline: ContextVar[float | None] = ContextVar("pilots_deadline", default=None)


@contextmanager
def waiting_at_most(seconds: float) -> Iterator[None]:
    """Within the block, the waits that ask `wait_for` end `seconds` from now at the latest.
    Threads started with a copy of the context (as the web server's are) inherit it."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def has_deadline() -> bool:
    """Whether the work in hand is a request's, which answers "busy" rather than retrying."""
    return _deadline.get() is not None


def wait_for(default: float) -> float:
    """How long a wait may last: `default`, or less when the deadline is nearer."""
    deadline = _deadline.get()
    if deadline is None:
        return default
    return max(MIN_WAIT_SECONDS, min(default, deadline - time.monotonic()))
