"""Projectors over each store, and helpers that read the log and the views the slow, obvious
way, to compare the read models against."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain.service import Pilots
from projections.engine.base import ReadModel, Row, Sql
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.pilot_index.model import PilotIndex
from tests.projections.models import Ledger


def projector_on(
    settings: Settings, models: Sequence[ReadModel] | None = None, pilots: Pilots | None = None
) -> Projector:
    """A projector with its own views (and its own application, unless one is given)."""
    chosen = [PilotIndex(), Ledger()] if models is None else models
    return Projector(pilots or open_pilots(settings), open_views(settings), chosen)


def close(projector: Projector) -> None:
    projector.views.close()
    projector.pilots.close()


@pytest.fixture
def projector(store_settings: Settings) -> Iterator[Projector]:
    """The pilot index and a ledger over a real store (SQLite, then PostgreSQL)."""
    built = projector_on(store_settings)
    yield built
    close(built)


@pytest.fixture
def memory_projector() -> Iterator[Projector]:
    built = projector_on(parse_database_url("memory://"))
    yield built
    close(built)


def log_positions(pilots: Pilots) -> list[int]:
    """Every notification id in the log, read page by page."""
    found: list[int] = []
    while page := pilots.recorder.select_notifications(found[-1] + 1 if found else 1, 1000):
        found.extend(n.id for n in page)
    return found


def table_rows(sql: Sql, model: ReadModel) -> dict[str, list[Row]]:
    """Every row of every table of a model, in a stable order."""
    return {
        table: sorted(sql.rows(f"SELECT * FROM {table}"), key=repr)
        for table in model.tables
        if _exists(sql, table)
    }


def _exists(sql: Sql, table: str) -> bool:
    if sql.dialect == "postgresql":
        return bool(sql.rows("SELECT to_regclass(?) IS NOT NULL", (table,))[0][0])
    return bool(sql.rows("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)))
