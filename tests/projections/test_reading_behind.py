"""Reads while the views cannot be written (SQLite locked by another process, read-only or on
a full disk): served as the views stand, unless an event not yet applied changes who may read
what, since a read from behind could then show what was narrowed or withdrawn."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from adapters.settings import parse_database_url
from domain.pilot.commands import RecordReflection, SetReflectionVisibility
from projections.engine.runner import Projector
from projections.pilot_index.model import PilotIndex
from projections.timeline.model import TimelineModel
from tests.projections.conftest import close, projector_on
from tests.unit.builders import new_pilot


@pytest.fixture
def on_a_file(tmp_path: Path) -> Iterator[tuple[Projector, Path]]:
    path = tmp_path / "pilots.sqlite3"
    built = projector_on(parse_database_url(f"sqlite:///{path}"), [PilotIndex(), TimelineModel()])
    yield built, path
    close(built)


@contextmanager
def locked_by_another_writer(path: Path) -> Iterator[None]:
    """The file's write lock, held as another process's transaction would hold it."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def timeline_entries(projector: Projector, single: bool = False) -> int:
    with projector.reader(single=single) as sql:
        return int(sql.rows("SELECT count(*) FROM rm_timeline_entries")[0][0])


# A read of one statement asks for the head of the log on its own connection (`reader`).
READS = pytest.mark.parametrize("single", [False, True], ids=["transaction", "one statement"])


@READS
def test_a_read_while_the_file_is_locked_is_served_from_behind(
    on_a_file: tuple[Projector, Path], single: bool
) -> None:
    projector, path = on_a_file
    pilot_id, lead = new_pilot(projector.pilots)
    projector.catch_up()
    before = timeline_entries(projector)
    projector.pilots.execute(RecordReflection(pilot_id, kind="observation", text="Later"), lead)
    with locked_by_another_writer(path):
        assert timeline_entries(projector, single) == before  # behind, but served
    assert timeline_entries(projector, single) == before + 1  # and caught up once unlocked


@READS
def test_a_read_behind_a_narrowing_is_refused_while_the_file_is_locked(
    on_a_file: tuple[Projector, Path], single: bool
) -> None:
    projector, path = on_a_file
    pilot_id, lead = new_pilot(projector.pilots)
    receipt = projector.pilots.execute(
        RecordReflection(pilot_id, kind="observation", text="Shared", visibility="community"),
        lead,
    )
    (reflection_id,) = receipt.pilot.reflections
    projector.catch_up()
    narrow = SetReflectionVisibility(pilot_id, reflection_id=reflection_id, visibility="private")
    projector.pilots.execute(narrow, lead)
    with locked_by_another_writer(path), pytest.raises(sqlite3.OperationalError):
        timeline_entries(projector, single)
    assert timeline_entries(projector, single) == 3  # registered, reflected, narrowed: applied now
