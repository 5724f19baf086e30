"""The origins read model on each store, kept live: the co-creation map of a small programme as
a person would draw it, now and as it stood on earlier days, for readers who may and may not
read a story told for the programme team; one framing question's tree; a story's trail; a
withdrawn story's words gone from every row (and from the SQLite file); and a rebuild that gives
the rows the live model holds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain import clock
from domain.origins.commands import WithdrawStory
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.origins.driver import DriverMap, PilotStanding, Standing, driver_map
from projections.origins.from_log import origins_from_log
from projections.origins.model import OriginsModel
from projections.origins.queries import origins_at
from projections.origins.state import Became, Reader
from projections.origins.trail import trail_of
from tests.origins_builders import CONFIDENCE, PORTER, Scene, day, tell_scene
from tests.projections.conftest import table_rows
from tests.readmodels.conftest import sqlite_sql
from tests.readmodels.story import events

TELLER = UUID("00000000-0000-4000-8000-0000000000b1")
LEAD = UUID("00000000-0000-4000-8000-0000000000b2")
ZERO = Standing(0, 0, 0, 0, 0)


@pytest.fixture(params=["every event a batch", "one batch"])
def told(
    request: pytest.FixtureRequest, store_settings: Settings
) -> Iterator[tuple[Projector, Scene]]:
    """The scene on each store; its model kept live (each event its own batch, so the
    withdrawal finds the story's words in the rows), or given the whole log at once."""
    pilots = open_pilots(store_settings)
    projector = Projector(pilots, open_views(store_settings), [OriginsModel()])
    try:
        scene = tell_scene(pilots, TELLER, LEAD, withdraw=False)
        if request.param == "every event a batch":
            while projector.process(limit=1):
                pass
        tell_withdrawal(scene, pilots)
        while projector.process(limit=1 if request.param == "every event a batch" else 10_000):
            pass
        yield projector, scene
    finally:
        projector.views.close()
        pilots.close()


def tell_withdrawal(scene: Scene, pilots: Pilots) -> None:
    """The teller withdraws the first story on day 7, as the scene does at its end."""
    with clock.clock_set_to(lambda: day(7)):
        withdraw = WithdrawStory(scene["porter"], reason="Changed my mind")
        pilots.execute(withdraw, TELLER, role="member")


def names(scene: Scene, found: DriverMap) -> tuple[list[str], list[tuple[str, str]]]:
    by_id = {value: key for key, value in scene.ids.items()}
    return ([by_id[n.id] for n in found.nodes],
            [(by_id[e.source], by_id[e.target]) for e in found.edges])  # fmt: skip


def test_the_map_is_the_driver_diagram_of_the_programme(told: tuple[Projector, Scene]) -> None:
    projector, scene = told
    with projector.reader() as sql:
        now = origins_at(sql)
    lead = driver_map(now, Reader(LEAD, "lead"))
    nodes, edges = names(scene, lead)
    assert nodes == [
        "navigate", "foster", "listened", "small", "circles", "questionnaire", "huddles",
        "hosted", "ten-minute", "walking", "library", "navigator", "carers", "porter",
        "confidence",
    ]  # fmt: skip
    assert edges == [
        ("navigate", "listened"), ("foster", "small"),  # a question draws on principles
        ("porter", "listened"), ("confidence", "listened"), ("porter", "small"),  # stories
        ("listened", "circles"), ("navigate", "questionnaire"),  # it serves, from no principle
        ("small", "huddles"), ("listened", "hosted"), ("small", "ten-minute"),
        ("foster", "walking"),  # a part of the split that kept no principle
        ("huddles", "ten-minute"), ("huddles", "walking"),  # what the split idea became
        ("circles", "library"), ("navigate", "navigator"), ("circles", "carers"),
    ]  # fmt: skip
    node = {n.id: n for n in lead.nodes}
    assert node[scene["circles"]].status == Standing(tested=2, running=1, adopt=0, adapt=1,
                                                     abandon=0)  # fmt: skip
    assert [node[scene[i]].status for i in ("questionnaire", "huddles", "hosted")] == [ZERO] * 3
    assert node[scene["huddles"]].became == Became("split", (scene["ten-minute"], scene["walking"]))
    assert [node[scene[p]].status for p in ("library", "navigator", "carers")] == [
        PilotStanding("active", "adapt"), PilotStanding("active", None),
        PilotStanding("paused", None),
    ]  # fmt: skip
    porter, confidence = node[scene["porter"]], node[scene["confidence"]]
    assert (porter.text, porter.title, porter.withdrawn_on) == (None, None, date(2026, 3, 9))
    assert (confidence.text, confidence.title, confidence.withdrawn_on) == (CONFIDENCE, None, None)
    assert node[scene["navigate"]].status is None
    assert node[scene["library"]].text == "Story circles at the library"


def test_a_story_for_the_programme_team_is_absent_for_anyone_else(
    told: tuple[Projector, Scene],
) -> None:
    projector, scene = told
    with projector.reader() as sql:
        now = origins_at(sql)
    everyone = names(scene, driver_map(now, Reader(LEAD, "lead")))
    for reader in (Reader(TELLER, "member"), Reader(LEAD, "admin")):
        assert names(scene, driver_map(now, reader)) == everyone
    for reader in (Reader(UUID(int=5), "member"), Reader(UUID(int=6), "reader")):
        nodes, edges = names(scene, driver_map(now, reader))
        assert nodes == [n for n in everyone[0] if n != "confidence"]
        assert edges == [e for e in everyone[1] if "confidence" not in e]


def test_one_framing_questions_tree(told: tuple[Projector, Scene]) -> None:
    projector, scene = told
    with projector.reader() as sql:
        now = origins_at(sql)
    nodes, edges = names(scene, driver_map(now, Reader(LEAD, "lead"), scene["foster"]))
    assert nodes == ["foster", "small", "huddles", "ten-minute", "walking", "porter"]
    assert edges == [
        ("foster", "small"), ("porter", "small"), ("small", "huddles"), ("small", "ten-minute"),
        ("foster", "walking"), ("huddles", "ten-minute"), ("huddles", "walking"),
    ]  # fmt: skip
    nodes, _ = names(scene, driver_map(now, Reader(UUID(int=6), "reader"), scene["navigate"]))
    assert nodes == ["navigate", "listened", "circles", "questionnaire", "hosted", "library",
                     "navigator", "carers", "porter"]  # fmt: skip


def test_the_map_as_it_stood_on_earlier_days(told: tuple[Projector, Scene]) -> None:
    projector, scene = told
    lead = Reader(LEAD, "lead")
    with projector.reader() as sql:
        first_day = origins_at(sql, day(0) + timedelta(hours=1))
        third_day = origins_at(sql, day(2) + timedelta(hours=1))
        before = origins_at(sql, day(0) - timedelta(microseconds=1))
    assert names(scene, driver_map(before, lead)) == ([], [])
    assert list(first_day.stories) == [scene["porter"], scene["confidence"]]
    assert names(scene, driver_map(first_day, lead)) == ([], [])  # no principle draws on them yet
    then = driver_map(third_day, lead)
    nodes, edges = names(scene, then)
    assert nodes == ["navigate", "foster", "listened", "small", "circles", "questionnaire",
                     "huddles", "library", "navigator", "porter", "confidence"]  # fmt: skip
    assert ("huddles", "ten-minute") not in edges
    node = {n.id: n for n in then.nodes}
    assert node[scene["circles"]].status == Standing(1, 1, 0, 0, 0)
    assert node[scene["library"]].status == PilotStanding("active", None)
    assert node[scene["huddles"]].became is None
    # Its words are gone, whatever the moment: the day it was withdrawn says why.
    assert (node[scene["porter"]].text, node[scene["porter"]].withdrawn_on) == (
        None, date(2026, 3, 9)
    )  # fmt: skip


def test_a_storys_trail(told: tuple[Projector, Scene]) -> None:
    projector, scene = told
    with projector.reader() as sql:
        now = origins_at(sql)
    trail = trail_of(now, scene["porter"])
    assert trail is not None
    by_id = {value: key for key, value in scene.ids.items()}
    assert [by_id[p.id] for p in trail.principles] == ["listened", "small"]
    assert [by_id[i.id] for i in trail.ideas] == [
        "circles", "huddles", "hosted", "ten-minute", "walking"
    ]  # fmt: skip
    assert [(by_id[p.id], p.status, p.decisions) for p in trail.pilots] == [
        ("library", "active", ("adapt",)), ("carers", "paused", ())
    ]  # fmt: skip
    assert trail.story.withdrawn_on == date(2026, 3, 9)
    assert trail.story.text is None
    hosted = next(i for i in trail.ideas if i.id == scene["hosted"])
    assert trail.reached_from(hosted) == [
        "drawn from “People come back when they are listened to”",
        "given rise to by the pilot “Story circles at the library”",
    ]
    walking = next(i for i in trail.ideas if i.id == scene["walking"])
    assert trail.reached_from(walking) == ["split from “Huddles”"]
    other = trail_of(now, scene["confidence"])
    assert other is not None
    assert [by_id[i.id] for i in other.ideas] == ["circles", "hosted"]
    assert trail_of(now, UUID(int=9)) is None


def test_a_withdrawn_storys_words_are_in_no_row(
    told: tuple[Projector, Scene], store_settings: Settings, tmp_path: Path
) -> None:
    projector, scene = told
    with projector.reader() as sql:
        rows = table_rows(sql, projector.models[0])
        assert origins_at(sql).ordered() == origins_from_log(projector.pilots).ordered()
    held = repr(rows)
    assert CONFIDENCE in held  # the story not withdrawn keeps its words
    assert PORTER not in held
    assert "The porter" not in held
    stories = rows["rm_origins_stories"]
    assert sorted(row[7] for row in stories if row[0] == str(scene["porter"])) == ["2026-03-09"]
    if store_settings.sqlite_path is not None:
        with sqlite3.connect(store_settings.sqlite_path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert PORTER.encode() not in Path(store_settings.sqlite_path).read_bytes()


def test_words_read_before_a_withdrawal_in_the_same_batch_are_never_written() -> None:
    """The runner may read a story's words before the withdrawal after them has shredded its
    key; in one batch with the withdrawal, they are dropped before the rows are written."""
    pilots = open_pilots(parse_database_url("memory://"))
    try:
        scene = tell_scene(pilots, TELLER, LEAD, withdraw=False)
        read_before = events(pilots)
        tell_withdrawal(scene, pilots)
        withdrawal = events(pilots)[len(read_before) :]
        assert any(getattr(n.event, "text", None) == PORTER for n in read_before)
        sql = sqlite_sql()
        model = OriginsModel()
        model.create(sql)
        model.apply(sql, [*read_before, *withdrawal])
        held = repr(table_rows(sql, model))
        assert PORTER not in held
        assert CONFIDENCE in held
    finally:
        pilots.close()


def test_a_rebuild_gives_the_rows_of_the_live_model(told: tuple[Projector, Scene]) -> None:
    projector, _ = told
    with projector.reader() as sql:
        live = table_rows(sql, projector.models[0])
    assert all(live.values())
    assert projector.rebuild("origins") > 0
    with projector.reader() as sql:
        assert table_rows(sql, projector.models[0]) == live
