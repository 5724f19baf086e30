"""Persistence wiring: which event store the Pilots application uses, and how it is tuned.

The composition root calls `open_pilots(settings)`; tests call it with any store. The application
it opens seals withdrawable text under per-entry keys kept in the side database beside the events
(`adapters/consent/`), and shreds an entry's key once its withdrawal is recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import Mapper, Recording, Transcoder

from adapters import postgres
from adapters.accounts.database import AccountDatabase, open_database
from adapters.consent.keys import EntryKeys
from adapters.consent.sealing import Sealer, SealingMapper, withdrawable_fields
from adapters.idempotency import IdempotentResponses
from adapters.postgres_events import StoreUnavailable
from adapters.settings import PostgresParams, Settings
from adapters.transcoder import MsgspecTranscoder
from domain.service import Pilots

TRANSCODER = "adapters.transcoder:MsgspecTranscoder"
LOG = logging.getLogger("pilots.consent")

# A request waits at most this long for a pooled connection, then hears "busy" (a 503; see
# adapters/postgres_events.py), instead of the library's default 30 s; the queue is not capped,
# for the reason in adapters/postgres.py. PILOTS_POOL_SIZE connections at most (10 unless
# set): half kept open, half opened under load.
POOL_MAX_WAITING = postgres.MAX_WAITING
POOL_WAIT_SECONDS = 1
# Whole seconds, as the library reads it; adapters/postgres_events.py cuts it to half a second.
LOCK_TIMEOUT_SECONDS = 1
SQLITE_BUSY_SECONDS = 1  # whole seconds, as the library reads it; adapters/sqlite_events.py cuts it
SCHEMA_LOCK_KEY = 0x50494C4F  # "PILO": serialises table creation across workers
SCHEMA_LOCK_CONNECT_SECONDS = 5


def event_store_env(settings: Settings, *, schema: str | None = None) -> dict[str, str]:
    """The eventsourcing environment for the store the settings name."""
    env = {"TRANSCODER_TOPIC": TRANSCODER}
    if settings.store == "memory":
        env["PERSISTENCE_MODULE"] = "eventsourcing.popo"
    elif settings.store == "sqlite":
        assert settings.sqlite_path is not None
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        env |= {
            "PERSISTENCE_MODULE": "adapters.sqlite_events:SQLiteFactory",
            "SQLITE_DBNAME": str(settings.sqlite_path),
            "SQLITE_LOCK_TIMEOUT": str(SQLITE_BUSY_SECONDS),
        }
    else:
        pg = settings.postgres
        assert pg is not None
        env |= {
            "PERSISTENCE_MODULE": "adapters.postgres_events:PostgresFactory",
            "POSTGRES_DBNAME": pg.dbname,
            "POSTGRES_HOST": pg.host,
            "POSTGRES_PORT": str(pg.port),
            "POSTGRES_USER": pg.user,
            "POSTGRES_PASSWORD": pg.password,
            "POSTGRES_POOL_SIZE": str(settings.pool_size // 2),
            "POSTGRES_MAX_OVERFLOW": str(settings.pool_size - settings.pool_size // 2),
            "POSTGRES_MAX_WAITING": str(POOL_MAX_WAITING),
            "POSTGRES_CONNECT_TIMEOUT": str(POOL_WAIT_SECONDS),
            "POSTGRES_LOCK_TIMEOUT": str(LOCK_TIMEOUT_SECONDS),
            "POSTGRES_PRE_PING": "y",
            # Measured here: with database functions on, concurrent writers lose ordering and
            # subscribers skip events. Keep the library's table-lock insert path.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        }
        if schema:
            env["POSTGRES_SCHEMA"] = schema
    return env


class SealedPilots(Pilots):
    """Pilots whose withdrawable text is stored sealed under the keys kept in `database`, and
    whose withdrawals shred those keys and the answers kept for the pilot before them.

    The library builds the transcoder and the mapper itself, from the environment, in
    `Application.__init__`; so the keys are set before it runs, and these two methods hand them
    over. Without a database (benchmarks measuring the cost of sealing) text is stored plain.
    """

    # The library names PostgreSQL tables, environment prefixes and tracking records after the
    # application: this is still the Pilots application, reading the tables it always has.
    name = Pilots.name

    def __init__(
        self, env: dict[str, str], database: AccountDatabase | None, *, owned: bool = False
    ) -> None:
        self.database, self._owned = database, owned
        self.keys = None if database is None else EntryKeys(database)
        super().__init__(env=env)

    def construct_transcoder(self) -> Transcoder:
        if self.keys is None:
            return super().construct_transcoder()
        return MsgspecTranscoder(Sealer(self.keys))

    def construct_mapper(self) -> Mapper[UUID]:
        if self.keys is None:
            return super().construct_mapper()
        transcoder = self.construct_transcoder()
        return self.factory.mapper(transcoder=transcoder, mapper_class=SealingMapper)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        if self.keys is not None:
            # Every key the batch needs, made in one round trip before its events are sealed.
            found = (withdrawable_fields(event) for event in processing_event.events)
            self.keys.prepare(entry for entry, _ in filter(None, found))
        return super()._record(processing_event)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        for recording in recordings:
            try:
                self.honour_withdrawal(recording.domain_event)
            except Exception:
                # The withdrawal is committed; the read-model runner shreds it again, so failing
                # the command now would only tell its sender it was not recorded.
                LOG.exception("shredding after a withdrawal failed; the runner will retry")

    def honour_withdrawal(self, event: object) -> bool:
        """If `event` withdraws an entry, shreds its key and deletes the answers kept for its
        pilot before it; whether it did. Idempotent: see `honour_withdrawal`."""
        withdraws = getattr(event, "withdraws", None)
        if withdraws is None or self.keys is None or self.database is None:
            return False
        self.keys.shred(withdraws())
        pilot_id, version = _position(event)
        IdempotentResponses(self.database).forget(pilot_id, before=version)
        return True

    def honour_withdrawals(self, events: Iterable[object]) -> int:
        """`honour_withdrawal` for many events in a few statements (the runner's, a batch at a
        time); how many withdrew."""
        withdrawals = [event for event in events if hasattr(event, "withdraws")]
        if not withdrawals or self.keys is None or self.database is None:
            return 0
        self.keys.shred_all([event.withdraws() for event in withdrawals])
        IdempotentResponses(self.database).forget_all([_position(e) for e in withdrawals])
        return len(withdrawals)

    def close(self) -> None:
        super().close()
        if self._owned and self.database is not None:
            self.database.close()


def honour_withdrawal(pilots: Pilots, event: object) -> bool:
    """For the read-model runner: call it with each event it applies (events that withdraw no
    entry are ignored; True when one did). A withdrawal is honoured right after its commit by
    the process that recorded it; this call makes sure of it if that process died in between.

    Idempotent and safe to repeat, on a rebuild too: shredding a shredded key changes nothing
    (other processes drop their cached keys once more), and only the answers kept for the pilot
    at versions before the withdrawal are deleted, never those kept after it."""
    return honour_withdrawals(pilots, [event]) > 0


def honour_withdrawals(pilots: Pilots, events: Iterable[object]) -> int:
    """`honour_withdrawal` for a batch's events at once: its shreds in one statement (a few
    hundred a statement) and one move of the counter; the number that withdrew an entry."""
    if isinstance(pilots, SealedPilots):
        return pilots.honour_withdrawals(events)
    return 0


def open_pilots(
    settings: Settings, *, schema: str | None = None, database: AccountDatabase | None = None
) -> Pilots:
    """The application on the store the settings name. `database` is the side database that
    holds the keys and the kept answers (the accounts' own, from the composition root); when
    none is given one is opened on the same store, and closed with the application."""
    env = event_store_env(settings, schema=schema)
    if settings.postgres is None:
        return _sealed_pilots(env, settings, database)
    # Workers starting together would race on CREATE TABLE IF NOT EXISTS, which PostgreSQL
    # answers with "tuple concurrently updated"; one at a time, under an advisory lock.
    with _schema_lock(settings.postgres):
        return _sealed_pilots(env, settings, database)


def _sealed_pilots(
    env: dict[str, str], settings: Settings, database: AccountDatabase | None
) -> SealedPilots:
    side = open_database(settings) if database is None else database
    try:
        return SealedPilots(env, side, owned=database is None)
    except BaseException:
        if database is None:
            side.close()
        raise


def _position(event: Any) -> tuple[UUID, int]:
    return event.originator_id, event.originator_version


@contextmanager
def _schema_lock(pg: PostgresParams) -> Iterator[None]:
    try:
        connection = postgres.connect(pg, timeout=SCHEMA_LOCK_CONNECT_SECONDS, autocommit=True)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
        raise StoreUnavailable(
            f"cannot reach PostgreSQL at {pg.host}:{pg.port}: {reason}"
        ) from None
    with connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))
