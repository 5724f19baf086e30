"""Rebuilding read models from the start of the log.

A rebuild claims its models (a second rebuild is refused meanwhile), drops and recreates their
tables at position 0, then applies the log in large batches, each its own transaction. It never
holds one transaction for the whole log: on SQLite that would block every writer of events for
the duration. Meanwhile the live runner keeps the other models current and leaves these alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING
from uuid import uuid4

from projections.engine import claims, tracking
from projections.engine.base import ReadModel

if TYPE_CHECKING:
    from projections.engine.runner import Progress, Projector

REBUILD_BATCH = 2000
LOG = logging.getLogger("projections.rebuild")  # the name it has always logged under


def rebuild(projector: Projector, models: Sequence[ReadModel], progress: Progress | None) -> int:
    """The number of events applied; raises RebuildRefused if another rebuild is running."""
    owner = uuid4().hex
    names = [model.name for model in models]
    with projector.views.transaction() as sql:
        claims.claim(sql, owner, names)
    try:
        with projector.views.transaction() as sql:
            tracking.lock(sql, names)
            for model in models:
                model.drop(sql)
                model.create(sql)
                tracking.reset(sql, model.name)
        done = 0
        while True:
            head = projector.head()
            batch = projector.apply_batch(models, REBUILD_BATCH, owner)
            done += batch.events
            if progress is not None:
                progress(done, batch.position, max(head, batch.position))
            if batch.events == 0:
                _analyze(projector, models)
                return done
    finally:
        _release(projector, owner)


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
