"""Stories and workshops share the log with the pilots. The read models that know only pilots
are given the pilots' events alone, yet move past the others; a model that reads the origins
asks for them (`ReadModel.origins`) and is given every event. A read behind a story's withdrawal
is refused, as one behind a reflection's is."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.settings import parse_database_url
from domain.origins.commands import RecordPrinciple, WithdrawStory
from domain.service import Pilots
from projections.engine.base import Notice, Sql
from projections.registry import read_models
from tests.origins_builders import principle, tell, workshop
from tests.projections.conftest import close, log_positions, projector_on, table_rows
from tests.projections.models import Ledger
from tests.projections.test_reading_behind import locked_by_another_writer, timeline_entries
from tests.unit.builders import new_pilot


class OriginsLedger(Ledger):
    name = "test_origins_ledger"
    origins = True

    def create(self, sql: Sql) -> None:
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_test_origins_ledger "
            "(position BIGINT NOT NULL, pilot_id TEXT NOT NULL, version INTEGER NOT NULL)"
        )

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        sql.many(
            "INSERT INTO rm_test_origins_ledger VALUES (?, ?, ?)",
            [(n.position, str(n.event.originator_id), n.event.originator_version) for n in batch],
        )


def origins_between_pilots(pilots: Pilots) -> tuple[set[str], set[str]]:
    """A pilot, a story and a workshop with a principle, another pilot; the ids of the pilots,
    and those of the story and the workshop."""
    first, _ = new_pilot(pilots)
    lead = uuid4()
    story_id = tell(pilots, uuid4())
    workshop_id = workshop(pilots, lead)
    principle(pilots, workshop_id, lead, stories=[story_id])
    second, _ = new_pilot(pilots)
    return {str(first), str(second)}, {str(story_id), str(workshop_id)}


def test_read_models_of_pilots_hold_nothing_of_stories_and_workshops(tmp_path: Path) -> None:
    projector = projector_on(parse_database_url(f"sqlite:///{tmp_path / 'p.sqlite3'}"),
                             [*read_models(), Ledger(), OriginsLedger()])  # fmt: skip
    try:
        pilots, origins = origins_between_pilots(projector.pilots)
        projector.catch_up()
        head = projector.head()
        assert {lag.model: lag.lag for lag in projector.status()} == dict.fromkeys(
            projector.names, 0
        )
        with projector.reader() as sql:
            for model in [m for m in read_models() if not m.origins]:  # the pilots' models
                for table, rows in table_rows(sql, model).items():
                    quoting = [row for row in rows if any(o in repr(row) for o in origins)]
                    assert quoting == [], f"{model.name}: {table}"
            ledger = {row[1] for row in sql.rows("SELECT * FROM rm_test_ledger")}
            every = sql.rows("SELECT position FROM rm_test_origins_ledger ORDER BY position")
        assert ledger == pilots
        assert [p for (p,) in every] == log_positions(projector.pilots)
        assert every[-1][0] == head
    finally:
        close(projector)


def test_a_read_behind_a_story_withdrawal_is_refused_while_the_file_is_locked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pilots.sqlite3"
    projector = projector_on(parse_database_url(f"sqlite:///{path}"), read_models())
    try:
        teller = uuid4()
        story_id = tell(projector.pilots, teller)
        new_pilot(projector.pilots)
        projector.catch_up()
        lead = uuid4()
        projector.pilots.execute(RecordPrinciple(workshop(projector.pilots, lead), text="L"),
                                 lead, role="lead")  # fmt: skip
        with locked_by_another_writer(path):
            timeline_entries(projector)  # behind a workshop's events: served
        projector.pilots.execute(WithdrawStory(story_id, reason="No"), teller, role="member")
        with locked_by_another_writer(path), pytest.raises(sqlite3.OperationalError):
            timeline_entries(projector)
    finally:
        close(projector)
