"""Rebuilding read models from the start of the log.

A rebuild claims its models (a second rebuild is refused meanwhile), drops and recreates their
tables at position 0, then applies the log in large batches, each its own transaction. It never
holds one transaction for the whole log: on SQLite that would block every writer of events for
the duration. Meanwhile the live runner keeps the other models current and leaves these alone.

What it does in bulk that the live runner does not: it writes through views of its own
(`Views.for_rebuild`: on SQLite a connection with a larger page cache), in batches of
REBUILD_BATCH events rather than the runner's 500, each read and decoded while the one before
is applied (`ReadAhead`), and the models' secondary indexes are made once at the end rather
than kept current row by row (`bulk`). Each model's `apply` is the same
as live, so the rebuilt rows are the live ones.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING
from uuid import uuid4

from projections.engine import claims, tracking
from projections.engine.base import Notice, ReadModel
from projections.engine.bulk import defer_indexes, restore_indexes

if TYPE_CHECKING:
    from projections.engine.runner import Progress, Projector, Read
    from projections.engine.views import Views

REBUILD_BATCH = 5000  # events a transaction: far fewer commits, each still well under a second
LOG = logging.getLogger("projections.rebuild")  # the name it has always logged under


def rebuild(projector: Projector, models: Sequence[ReadModel], progress: Progress | None) -> int:
    """The number of events applied; raises RebuildRefused if another rebuild is running."""
    owner = uuid4().hex
    names = [model.name for model in models]
    with projector.views.transaction() as sql:
        claims.claim(sql, owner, names)
    try:
        with projector.views.for_rebuild() as views, ReadAhead(projector.read) as read:
            return _from_the_start(projector, views, read, models, owner, progress)
    finally:
        _release(projector, owner)


class ReadAhead:
    """Reads and decodes the next batch of the log in a thread while the models apply this one.

    Both database drivers let go of the interpreter while the database works, so decoding the
    next batch (a fifth of a rebuild's time) overlaps the models' statements and commits. A
    batch ahead is used only when asked for the same position and size; one that came back
    short reached the head of the log, and the next read goes to the log afresh."""

    def __init__(self, read: Read) -> None:
        self._read = read
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebuild-read")
        self._ahead: tuple[int, int, Future[list[Notice]]] | None = None

    def __call__(self, after: int, limit: int) -> list[Notice]:
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[:2] == (after, limit):
            notices = ahead[2].result()
        else:
            notices = self._read(after, limit)
        if len(notices) == limit:
            position = notices[-1].position
            self._ahead = (position, limit, self._thread.submit(self._read, position, limit))
        return notices

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *_: object) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)


def _from_the_start(
    projector: Projector,
    views: Views,
    read: ReadAhead,
    models: Sequence[ReadModel],
    owner: str,
    progress: Progress | None,
) -> int:
    deferred: list[str] = []
    done = 0
    try:
        for model in models:
            # A model a transaction: on SQLite dropping tables writes every freed page again, as
            # zeros (secure_delete: withdrawn text leaves no copy), about 17 s for all of
            # `huge`'s, and writers of events wait for the whole transaction.
            with views.transaction() as sql:
                tracking.lock(sql, [model.name])
                claims.beat(sql, owner)
                model.drop(sql)
                model.create(sql)
                tracking.reset(sql, model.name)
                deferred += defer_indexes(sql, [model])
        while True:
            head = projector.head()
            batch = projector.apply_batch(models, REBUILD_BATCH, owner, views, read)
            done += batch.events
            if progress is not None:
                progress(done, batch.position, max(head, batch.position))
            if batch.events == 0:
                break
    except claims.RebuildRefused:
        raise  # another rebuild owns these models now, and their indexes
    except BaseException:
        _restore(views, models, deferred, quietly=True)
        raise
    _restore(views, models, deferred, quietly=False)
    for model in models:
        with views.transaction() as sql:
            model.settle(sql)
    _analyze(projector, models)
    return done


def _restore(
    views: Views, models: Sequence[ReadModel], deferred: Sequence[str], *, quietly: bool
) -> None:
    """Makes the deferred indexes, one transaction each, so writers of events on SQLite wait
    for one index at a time; the shapes go back with the last."""
    try:
        for statement in deferred:
            with views.transaction() as sql:
                sql.run(statement)
        with views.transaction() as sql:
            restore_indexes(sql, models, ())
    except Exception:
        if not quietly:
            raise
        # The shapes stay deferred, so the next runner to start rebuilds these models whole.
        LOG.warning("could not make the deferred indexes again", exc_info=True)


def _analyze(projector: Projector, models: Sequence[ReadModel]) -> None:
    """Tables filled in one go have no statistics on PostgreSQL until autovacuum reaches them
    (never, where it is off), and the planner then guesses: a page of the question ledger was
    sorted from every open question (40 ms on `large`) rather than read in its index's order."""
    if projector.views.dialect != "postgresql":
        return
    with projector.views.transaction() as sql:
        for model in models:
            for table in model.tables:  # a model may name a table only one dialect has
                if sql.rows("SELECT to_regclass(?)", (table,))[0][0] is not None:
                    sql.run(f"ANALYZE {table}")


def _release(projector: Projector, owner: str) -> None:
    try:
        with projector.views.transaction() as sql:
            claims.release(sql, owner)
    except Exception:
        # The claim goes stale on its own; the error that stopped the rebuild matters more.
        LOG.warning("could not release the rebuild claim %s", owner, exc_info=True)
