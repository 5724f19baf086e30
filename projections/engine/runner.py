"""The runner that keeps read models current by polling the application's notification log.

Polling works on every store (SQLite has no subscriptions), and a poll that finds nothing costs
one max-id query. A batch is one transaction: lock the tracking rows, read the notifications
after the lowest position, decode each event once, give every model the events beyond its own
position, advance the positions, commit. Notification ids can have gaps (a rolled-back insert
burns its sequence value), so positions are the last id applied, never a count.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from eventsourcing.persistence import Tracking
from eventsourcing.utils import get_topic

from adapters.store import honour_withdrawals
from domain.origins.access import WITHDRAWALS
from domain.pilot import events
from domain.pilot.visibility import JUDGED_ANEW
from domain.service import Pilots
from projections.engine import claims, tracking
from projections.engine.base import Notice, ReadModel, Sql
from projections.engine.rebuild import rebuild
from projections.engine.supervisor import BATCH, POLL_SECONDS, run_forever
from projections.engine.views import Views

_SETUP_LOCK_KEY = 0x524D5355  # "RMSU": workers starting together create tables one at a time

JUDGED_TOPICS = [get_topic(kind) for kind in (*JUDGED_ANEW, *WITHDRAWALS)]
LOG = logging.getLogger("projections.runner")

# (events applied so far, position reached, head of the log)
Progress = Callable[[int, int, int], None]
# (after this position, at most this many): the events, decoded
Read = Callable[[int, int], list[Notice]]


@dataclass(frozen=True)
class Lag:
    model: str
    position: int
    head: int
    lag: int


@dataclass(frozen=True)
class Batch:
    events: int
    position: int


def _head_statement(pilots: Pilots, views: Views) -> Any:
    """The recorder's own query for the head of the log, where the views are in the log's
    database (so a read may ask it on its own connection); None where they are not."""
    if not views.beside_log:
        return None
    name = (  # the library names them differently
        "max_notification_id_statement"
        if views.dialect == "postgresql"
        else "select_max_notification_id_statement"
    )
    return getattr(pilots.recorder, name, None)


class UnknownReadModel(LookupError):
    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(f"no read model named {name!r}; the read models are {', '.join(known)}")


class Projector:
    """Keeps `models` current from the `pilots` log, in the `views` store. Thread-safe."""

    def __init__(self, pilots: Pilots, views: Views, models: Sequence[ReadModel]) -> None:
        names = [model.name for model in models]
        if len(set(names)) != len(names):
            raise ValueError(f"read model names must be unique: {names}")
        self.pilots, self.views, self.models = pilots, views, tuple(models)
        self.names = tuple(names)
        self._ready = False
        self._lock = threading.Lock()
        self._caught_up = 0  # every live model is known to be at least here
        self._head_ahead = _head_statement(pilots, views)

    # -- keeping current ------------------------------------------------------------------------

    def process(self, limit: int = BATCH) -> int:
        """Applies one batch of at most `limit` events; the number of events read."""
        return self.apply_batch(self.models, limit).events

    def catch_up(self, until: int | None = None) -> None:
        """Returns once every live model is at `until`, or at the head of the log."""
        target = self.head() if until is None else until
        if target <= self._caught_up:
            return
        self.setup()
        while True:
            with self.views.read() as sql:
                busy = claims.busy(sql)
                live = [n for n in self.names if n not in busy]
                reached = min(tracking.positions(sql, live).values(), default=target)
            if reached >= target:
                self._note_caught_up(target)
                return
            if self.process() == 0:  # `until` was beyond the head of the log
                return

    @contextmanager
    def reader(self, *, single: bool = False) -> Iterator[Sql]:
        """A read of the views that shows every write made before it (read-your-writes); with
        `single`, a read of one statement, which needs no transaction (`Views.single`).

        When the views cannot be written (on SQLite: a file locked by another process, made
        read-only, or on a full disk), the read is served as the views stand, unless an event
        not yet applied changes who may read what: then the error stands, since a read from
        behind could show what has been narrowed or withdrawn since.

        A read of one statement, where the views are in the log's database, asks for the head of
        the log on its own connection, just before its own snapshot (on PostgreSQL in the same
        round trip), and runs again once the models have caught up, in the rare case they had
        not reached it."""
        if single and self._head_ahead is not None and self._ready:
            with self.views.single(ahead=(self._head_ahead, self._current)) as sql:
                yield sql
            return
        self._current(self.head())  # a log that does not answer is no state to read from behind
        with self.views.single() if single else self.views.read() as sql:
            yield sql

    def _current(self, head: int | None) -> bool:
        """Whether a read made once the head of the log was `head` shows every event up to it
        (or may be served from behind); when not, the models catch up to it first."""
        if (head or 0) <= self._caught_up:
            return True
        try:
            self.catch_up(head or 0)
        except sqlite3.OperationalError:
            if self._access_changed_since_applied():
                raise
            LOG.warning("serving read models behind the log: they cannot be written now")
            return True
        return False

    def _access_changed_since_applied(self) -> bool:
        with self.views.read() as sql:
            low = min(tracking.positions(sql, self.names).values(), default=0)
        later = self.pilots.recorder.select_notifications(low + 1, 1, topics=JUDGED_TOPICS)
        return bool(later)

    def head(self) -> int:
        return self.pilots.recorder.max_notification_id() or 0

    def status(self) -> list[Lag]:
        self.setup()
        head = self.head()
        with self.views.read() as sql:
            found = tracking.positions(sql, self.names)
        return [Lag(name, found[name], head, max(0, head - found[name])) for name in self.names]

    def rebuild(self, name: str | None = None, progress: Progress | None = None) -> int:
        """Drops and rebuilds one model, or all of them; the number of events applied."""
        chosen = self.models if name is None else self._with_readers_of(self.model(name))
        self.setup()
        with self._lock:
            self._caught_up = 0
        return rebuild(self, chosen, progress)

    def run_forever(self, stop: threading.Event, poll_interval: float = POLL_SECONDS) -> None:
        """Keeps the models current until `stop` is set; database errors are logged and
        retried with backoff, never raised."""
        run_forever(self, stop, poll_interval)

    def _with_readers_of(self, model: ReadModel) -> tuple[ReadModel, ...]:
        """The model, and the models that read its tables as they apply a batch (`NEEDS`),
        in the registry's order: their rows are made from its rows, so they are rebuilt too."""
        return tuple(
            each for each in self.models
            if each is model or model.name in getattr(each, "NEEDS", ())
        )  # fmt: skip

    def model(self, name: str) -> ReadModel:
        for model in self.models:
            if model.name == name:
                return model
        raise UnknownReadModel(name, self.names)

    # -- one batch ------------------------------------------------------------------------------

    def apply_batch(
        self,
        models: Sequence[ReadModel],
        limit: int,
        owner: str | None = None,
        views: Views | None = None,
        read: Read | None = None,
    ) -> Batch:
        """One transaction over `models`; `owner` is the rebuild doing it, if one is, `views`
        those it writes through (`Views.for_rebuild`) and `read` how it reads the log
        (`rebuild.ReadAhead`), if not the projector's own.

        The events are read and decoded before the write lock is taken, so writers of events
        (on SQLite, the same file) wait only for the models' own work and the commit."""
        self.setup()
        views = self.views if views is None else views
        names = [model.name for model in models]
        with views.read() as sql:
            seen = tracking.positions(sql, names)
            busy = claims.busy(sql, owner)
        low = min((seen[name] for name in names if name not in busy), default=None)
        if low is None:
            return Batch(0, 0)
        notices = (read or self.read)(low, limit)
        if not notices:
            return Batch(0, low)
        with views.transaction() as sql:
            positions = tracking.lock(sql, names)  # another worker may have moved them
            if owner is not None:
                claims.beat(sql, owner)
            busy = claims.busy(sql, owner)
            for model in models:
                after = positions[model.name]
                # A model behind the events read (reset by a rebuild meanwhile) waits its turn.
                if model.name in busy or after < low:
                    continue
                mine = [notice for notice in notices if notice.position > after]
                if mine:
                    given = mine if model.origins else [n for n in mine if n.of_pilot]
                    if given:
                        model.apply(sql, given)
                    mark = Tracking(self.pilots.name, mine[-1].position)
                    tracking.advance(sql, model.name, mark)
            if len(notices) < limit or notices[-1].position >= self.head():
                for model in models:  # at the head of the log: work left for the end is done
                    if model.name not in busy:
                        model.settle(sql)
        self._honour_withdrawals(notices)
        return Batch(len(notices), notices[-1].position)

    def _honour_withdrawals(self, notices: Sequence[Notice]) -> None:
        """Once the models have dropped a withdrawn entry's text, the store shreds its key (it
        did when the withdrawal was recorded; this again, in case that process died first): the
        batch's withdrawals at once, a few statements, not three commits each."""
        honour_withdrawals(self.pilots, (notice.event for notice in notices))

    def read(self, after: int, limit: int) -> list[Notice]:
        """Up to `limit` events after position `after`, each decoded once."""
        found = self.pilots.recorder.select_notifications(after + 1, limit)
        to_event = self.pilots.mapper.to_domain_event
        return [Notice(n.id, cast("events.Event", to_event(n))) for n in found]

    # -- setup ----------------------------------------------------------------------------------

    def setup(self) -> None:
        """Creates the tables that are missing; once per projector, and cheap after that."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            with self.views.transaction() as sql:
                if sql.dialect == "postgresql":
                    sql.run("SELECT pg_advisory_xact_lock(?)", (_SETUP_LOCK_KEY,))
                tracking.create(sql)
                tracking.create_shapes(sql)
                claims.create(sql)
                for model in self.models:
                    if tracking.shape_of(sql, model.name) != model.shape:
                        model.drop(sql)  # made by older code: rebuilt from the log
                        tracking.reset(sql, model.name)
                    model.create(sql)
                    tracking.record_shape(sql, model.name, model.shape)
                tracking.enrol(sql, self.names)
            self._ready = True

    def _note_caught_up(self, position: int) -> None:
        with self._lock:
            self._caught_up = max(self._caught_up, position)
