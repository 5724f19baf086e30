"""The rebuild's bulk path (`projections.engine.bulk`): its rows are the live ones (R6, in
`test_rebuild`), and the secondary indexes it defers are back when it ends, when it fails, and,
after a process died mid-rebuild, when the next runner starts; the batches it reads ahead are
the ones a plain read gives."""

from __future__ import annotations

import pytest

from adapters.settings import Settings, parse_database_url
from projections.engine import bulk, tracking
from projections.engine.base import Notice, Row, Sql
from projections.engine.rebuild import ReadAhead
from projections.engine.runner import Projector
from projections.registry import read_models
from tests.projections.conftest import close, projector_on, table_rows
from tests.projections.test_rebuild import a_programme, differing_rows
from tests.unit.builders import new_pilot


def indexes(sql: Sql) -> set[str]:
    """The names of the plain secondary indexes on the read models' tables."""
    if sql.dialect == "postgresql":
        found = sql.rows(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename LIKE 'rm\\_%' AND indexdef NOT LIKE 'CREATE UNIQUE%'"
        )
    else:
        found = sql.rows(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name LIKE 'rm\\_%' ESCAPE '\\'"
        )
    return {str(name) for (name,) in found}


def shapes(sql: Sql, projector: Projector) -> dict[str, int]:
    return {name: tracking.shape_of(sql, name) for name in projector.names}


def expected_shapes(projector: Projector) -> dict[str, int]:
    return {model.name: model.shape for model in projector.models}


Tables = dict[str, dict[str, list[Row]]]


def rows(projector: Projector) -> Tables:
    with projector.views.read() as sql:
        return {m.name: table_rows(sql, m) for m in projector.models}


def differing(before: Tables, after: Tables) -> int:
    return sum(
        differing_rows(table, after[name].get(t, []))
        for name, tables in before.items()
        for t, table in tables.items()
    )


def kept_current(projector: Projector) -> tuple[Tables, set[str]]:
    """A programme written and caught up: the models' rows and the indexes made for them."""
    a_programme(projector, steps=60)
    projector.catch_up()
    with projector.views.read() as sql:
        return rows(projector), indexes(sql)


def test_a_rebuild_defers_the_secondary_indexes_and_makes_them_again(
    store_settings: Settings,
) -> None:
    projector = projector_on(store_settings, read_models())
    seen: list[tuple[set[str], dict[str, int]]] = []

    def look(*_: int) -> None:
        with projector.views.read() as sql:
            seen.append((indexes(sql), shapes(sql, projector)))

    try:
        a_programme(projector, steps=60)
        projector.catch_up()
        with projector.views.read() as sql:
            made = indexes(sql)
        projector.rebuild(progress=look)
        with projector.views.read() as sql:
            assert indexes(sql) == made
            assert shapes(sql, projector) == expected_shapes(projector)
        during, shapes_during = seen[0]
        print(f"{projector.views.dialect}: {len(made)} indexes, {len(during)} during the rebuild")
        assert len(made) >= 10
        assert not during & made
        assert set(shapes_during.values()) == {bulk.DEFERRED_SHAPE}
    finally:
        close(projector)


def test_a_failed_rebuild_makes_the_indexes_again_and_the_runner_carries_on(
    store_settings: Settings,
) -> None:
    projector = projector_on(store_settings, read_models())

    def fail(done: int, *_: int) -> None:
        raise RuntimeError("the rebuild's process ran into trouble")

    try:
        live, made = kept_current(projector)
        with pytest.raises(RuntimeError, match="trouble"):
            projector.rebuild(progress=fail)
        with projector.views.read() as sql:
            assert indexes(sql) == made
            assert shapes(sql, projector) == expected_shapes(projector)
        projector.catch_up()
        assert differing(live, rows(projector)) == 0
    finally:
        close(projector)


def test_models_left_with_deferred_indexes_by_a_dead_process_are_rebuilt_whole(
    store_settings: Settings,
) -> None:
    projector = projector_on(store_settings, read_models())
    try:
        live, made = kept_current(projector)
        with projector.views.transaction() as sql:  # as a rebuild killed after its first batch
            bulk.defer_indexes(sql, projector.models)
            for model in projector.models:
                sql.run(f"DELETE FROM {model.tables[-1]}")
        after = projector_on(store_settings, read_models(), projector.pilots)  # a new process
        try:
            after.catch_up()
            with after.views.read() as sql:
                assert indexes(sql) == made
                assert shapes(sql, after) == expected_shapes(after)
            assert differing(live, rows(after)) == 0
        finally:
            after.views.close()
    finally:
        close(projector)


def test_reading_ahead_gives_the_batches_a_plain_read_gives(memory_projector: Projector) -> None:
    for number in range(7):
        new_pilot(memory_projector.pilots, title=f"Pilot {number}")
    asked: list[tuple[int, int]] = []

    def read(after: int, limit: int) -> list[Notice]:
        asked.append((after, limit))
        return memory_projector.read(after, limit)

    def positions(notices: list[Notice]) -> list[int]:
        return [notice.position for notice in notices]

    with ReadAhead(read) as ahead:
        first, second = ahead(0, 3), ahead(3, 3)  # the second was read while the first was used
        elsewhere = ahead(1, 2)  # not the batch read ahead: read afresh
        rest = ahead(6, 3)  # short: the head of the log, nothing read beyond it
    assert positions(first) == [1, 2, 3]
    assert positions(second) == [4, 5, 6]
    assert positions(elsewhere) == [2, 3]
    assert positions(rest) == [7]
    assert asked.count((3, 3)) == 1  # the second batch was the one read ahead
    assert all(after < 7 for after, _ in asked)  # nothing read beyond the short batch


@pytest.mark.postgres
def test_the_search_index_keeps_no_pending_list_live_or_rebuilt(postgres_url: str) -> None:
    """PostgreSQL's GIN index on the search documents is made without `fastupdate`, so a
    search never reads a list of entries waiting to be merged into it; a rebuild, which
    drops the index and makes it again, keeps the setting."""
    projector = projector_on(parse_database_url(postgres_url), read_models())

    def options() -> list[object]:
        with projector.views.read() as sql:
            return [row[0] for row in sql.rows(
                "SELECT c.reloptions FROM pg_class c WHERE c.relname = 'rm_search_documents_tsv'"
            )]  # fmt: skip

    try:
        a_programme(projector, steps=20)
        projector.catch_up()
        assert options() == [["fastupdate=off"]]
        projector.rebuild()
        assert options() == [["fastupdate=off"]]
    finally:
        close(projector)
