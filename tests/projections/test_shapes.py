"""A read model whose tables changed shape is dropped and refolded from the log when a runner
finds a database made by older code, and left alone when the shape is the one it knows."""

from __future__ import annotations

from uuid import UUID

from adapters.settings import Settings
from domain.pilot.commands import RegisterPilot
from domain.pilot.visibility import Reader
from projections.access.model import AccessModel
from projections.engine import tracking
from projections.search.model import SearchModel
from projections.search.queries import search
from tests.origins_builders import tell
from tests.projections.conftest import close, projector_on

LEAD_ID = "00000000-0000-4000-8000-00000000000a"


def test_tables_of_an_older_shape_are_made_again_and_refolded(store_settings: Settings) -> None:
    projector = projector_on(store_settings, [AccessModel(), SearchModel()])
    try:
        projector.pilots.execute(
            RegisterPilot(title="Walks", question="How?", idea="Story walks"),
            UUID(LEAD_ID),
        )
        with projector.views.transaction() as sql:  # as the code before shapes left it
            sql.run(
                "CREATE TABLE rm_search_documents (doc_key TEXT PRIMARY KEY, "
                "pilot_id TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, "
                "position BIGINT NOT NULL)"
            )
            sql.run("INSERT INTO rm_search_documents VALUES ('k', 'p', 'idea', 'Old words', 1)")
            tracking.create(sql)
            tracking.enrol(sql, ["search", "access"])
            sql.run("UPDATE rm_tracking SET position = 1")
            tracking.create_shapes(sql)  # access is at the shape this code knows: left alone
            tracking.record_shape(sql, "access", AccessModel.shape)
        projector.setup()
        with projector.views.read() as sql:
            assert sql.rows("SELECT doc_key FROM rm_search_documents") == []
            assert tracking.positions(sql, ["search", "access"]) == {"search": 0, "access": 1}
        projector.catch_up()
        with projector.views.read() as sql:
            texts = [text for (text,) in sql.rows("SELECT text FROM rm_search_documents")]
            assert texts == ["Story walks"]
        again = projector_on(store_settings, [AccessModel(), SearchModel()], projector.pilots)
        again.setup()  # the shape it knows: nothing dropped, nothing refolded
        with again.views.read() as sql:
            assert tracking.positions(sql, ["search"]) == {"search": 1}
            assert len(sql.rows("SELECT doc_key FROM rm_search_documents")) == 1
        again.views.close()
    finally:
        close(projector)


def test_a_search_made_before_it_read_stories_is_made_again_with_them(
    store_settings: Settings,
) -> None:
    projector = projector_on(store_settings, [AccessModel(), SearchModel()])
    try:
        story = tell(projector.pilots, UUID(LEAD_ID), text="Saxifrage on the stairs")
        projector.catch_up()
        with projector.views.transaction() as sql:  # as shape 3 left it: no story, titles apart
            sql.run("DELETE FROM rm_search_documents")
            sql.run("CREATE TABLE rm_search_pilots (pilot_id TEXT PRIMARY KEY, title TEXT)")
            tracking.record_shape(sql, "search", 3)
        again = projector_on(store_settings, [AccessModel(), SearchModel()], projector.pilots)
        try:
            again.catch_up()
            with again.reader() as sql:
                found = search(sql, "saxifrage", reader=Reader.person(UUID(LEAD_ID)))
                assert [(hit.record, hit.record_id) for hit in found] == [("story", story)]
                assert tracking.shape_of(sql, "search") == SearchModel.shape
                older = (
                    "SELECT to_regclass('rm_search_pilots') IS NOT NULL"
                    if sql.dialect == "postgresql"
                    else "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'rm_search_pilots'"
                )
                assert not sql.rows(older)[0][0]  # dropped with the shape it belonged to
        finally:
            again.views.close()
    finally:
        close(projector)
