"""PostgreSQL connections outside the event store: the accounts, the read models, set-up locks.

Every pool is bounded and short-tempered on purpose: when the server is saturated a caller
hears "busy" within seconds, instead of waiting out psycopg_pool's default of 30 s while more
requests pile up behind it.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from adapters.deadline import has_deadline, wait_for
from adapters.settings import PostgresParams

# A request must be answered within 2 s even when the server is down (R9) or every connection
# is taken (R11): one checkout waits at most this long, then the caller hears "busy" (503).
# Half a second, because a request may first have queued as long for one of the web server's
# threads, all of them taken by requests waiting as long themselves (measured: 3.5 s at 1 s).
WAIT_SECONDS = 0.5
# Opening a pool at start-up may wait longer: nobody is waiting on an answer yet.
OPEN_SECONDS = 5.0
# No cap on the queue for a connection (0): the checkout timeout bounds each wait, and the web
# server's thread pool bounds how many wait. A cap misfires in psycopg_pool 3.3: a caller that
# timed out keeps its place in the queue until a connection is handed out, so during an outage
# the dead places fill it, and every request is refused at once for as long as they stay, even
# after the server is back (measured: 20 s of refusals after a 40 s stop, with 3 clients).
MAX_WAITING = 0
# How long a pool keeps retrying one new connection, with its backoff of 1, 2, 4 ... s, before
# it gives up and lets the next checkout try afresh. psycopg_pool's 300 s let the backoff grow
# to 16-32 s during a 40 s outage, and the pool stayed empty that long after the server was
# back (R9); a short run of attempts keeps the next try at most about a second away.
RECONNECT_SECONDS = 2.0
# How long work with no request's deadline waits for a connection: two reconnection runs, and
# still "busy" within seconds when the server is saturated.
PATIENT_SECONDS = 4.0


def connect_kwargs(
    params: PostgresParams, *, timeout: float = WAIT_SECONDS, autocommit: bool = False
) -> dict[str, Any]:
    return {
        "host": params.host,
        "port": params.port,
        "user": params.user,
        "password": params.password,
        "dbname": params.dbname,
        "connect_timeout": max(1, int(timeout)),  # libpq takes whole seconds
        "autocommit": autocommit,
    }


def connect(
    params: PostgresParams, *, timeout: float = WAIT_SECONDS, autocommit: bool = False
) -> psycopg.Connection[tuple[Any, ...]]:
    """One connection outside any pool, for set-up and advisory locks. If the server cannot be
    reached its error says why, where a pool would only say that it timed out."""
    return psycopg.connect(**connect_kwargs(params, timeout=timeout, autocommit=autocommit))


class BudgetedPool(ConnectionPool):
    """A pool whose checkouts wait no longer than the request's deadline (adapters/deadline).
    Work that no one waits on (the read-model runner, the command line) waits longer, so a
    server restart that cut every connection is outlasted rather than reported."""

    def getconn(self, timeout: float | None = None) -> psycopg.Connection[Any]:
        if timeout is None:
            timeout = self.timeout if has_deadline() else max(self.timeout, PATIENT_SECONDS)
        return super().getconn(wait_for(timeout))


def pool(
    params: PostgresParams,
    *,
    name: str,
    max_size: int,
    wait_seconds: float = WAIT_SECONDS,
    max_waiting: int = MAX_WAITING,
    autocommit: bool = False,
) -> ConnectionPool:
    """A pool that is not open yet, so the owner decides whether opening waits for the server.

    A caller waits at most `wait_seconds` for a connection (and at most `max_waiting` callers
    wait at once, if it is not 0); a connection broken by a server restart is replaced, not
    handed out again.
    """
    return BudgetedPool(
        kwargs=connect_kwargs(params, timeout=wait_seconds, autocommit=autocommit),
        min_size=1,
        max_size=max_size,
        timeout=wait_seconds,
        max_waiting=max_waiting,
        reconnect_timeout=RECONNECT_SECONDS,
        check=ConnectionPool.check_connection,
        name=name,
        open=False,
    )
