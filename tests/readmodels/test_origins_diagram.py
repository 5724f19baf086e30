"""The map drawn as SVG and said as an outline: one image with a name and a description,
nothing to run or fetch, every text escaped, the same bytes for the same map, text of 11 or
more, every line joining neighbouring columns (through a box that says so where a record skips
one), and the outline holding what the diagram holds."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from uuid import UUID
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.origins.commands import RecordFraming, RecordIdea, RecordPrinciple
from domain.pilot.commands import RegisterPilot
from domain.service import Pilots
from projections.origins.diagram import draw
from projections.origins.driver import DriverMap, driver_map
from projections.origins.from_log import origins_from_log
from projections.origins.layout import BOX, GAP_X, LEFT, place
from projections.origins.outline import Branch, outline
from projections.origins.state import Origins, Reader
from tests.origins_builders import drawn, tell_programme, tell_scene

SVG = "{http://www.w3.org/2000/svg}"
TELLER, LEAD = UUID(int=1), UUID(int=2)
AS_LEAD = Reader(LEAD, "lead")


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (the app's own SVG, parsed to check it)


@pytest.fixture
def pilots() -> Iterator[Pilots]:
    app = open_pilots(parse_database_url("memory://"))
    yield app
    app.close()


def scene_map(pilots: Pilots) -> tuple[DriverMap, dict[str, UUID]]:
    scene = tell_scene(pilots, TELLER, LEAD)
    return driver_map(origins_from_log(pilots), AS_LEAD), scene.ids


def test_the_diagram_is_one_named_and_described_image(pilots: Pilots) -> None:
    found, _ = scene_map(pilots)
    svg = str(draw(found, "map"))
    root = parsed(svg)
    assert (root.get("role"), root.get("aria-labelledby")) == ("img", "map-title map-desc")
    assert root.find(f"{SVG}title").text == "Co-creation map"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert desc.startswith("The co-creation map now, every framing question: 2 framing questions")
    assert "<script" not in svg
    assert "href" not in svg.replace('marker-end="url(#map-arrow)"', "")
    sizes = [float(size) for size in re.findall(r'font-size="([0-9.]+)"', svg)]
    assert min(sizes) >= 11
    assert svg == str(draw(found, "map"))  # the same map, the same bytes
    texts = {"".join(e.itertext()) for e in root.iter(f"{SVG}text")}
    for words in ("Framing questions", "Principles", "Ideas", "Pilots", "Story-sharing circles",
                  "Tested by 2 pilots, 1 running now", "adopt 0 · adapt 1 · abandon 0",
                  "Active; last decided to adapt", "Split into 2 ideas", "· withdrawn 2026-03-09",
                  "Not through a principle", "No idea named"):  # fmt: skip
        assert words in texts


def test_every_line_joins_neighbouring_columns(pilots: Pilots) -> None:
    found, ids = scene_map(pilots)
    boxes, lines = place(found)
    assert lines
    for source, target in lines:
        a, b = boxes[source], boxes[target]
        same_idea_column = a.column == b.column == 2
        assert b.column == a.column + 1 or same_idea_column, (source, target)
    # The questionnaire serves the first question from none of its principles: its line passes
    # through a box in the principles' column; the navigator pilot's through one in the ideas'.
    passing = {key for key in boxes if isinstance(key, tuple)}
    assert passing == {(ids["navigate"], 1), (ids["navigate"], 2), (ids["foster"], 1)}
    assert (ids["navigate"], (ids["navigate"], 1)) in lines
    assert ((ids["navigate"], 1), ids["questionnaire"]) in lines
    assert (ids["navigate"], 2) in [s for s, t in lines if t == ids["navigator"]]


def test_no_two_boxes_of_a_column_overlap(pilots: Pilots) -> None:
    found, _ = scene_map(pilots)
    boxes, _ = place(found)
    for column in range(4):
        spans = sorted((b.y, b.y + b.height) for b in boxes.values() if b.column == column)
        assert all(end < start for (_, end), (start, _) in itertools.pairwise(spans))
        assert all(b.x == LEFT + column * (BOX + GAP_X) for b in boxes.values()
                   if b.column == column)  # fmt: skip


def test_every_text_is_escaped_and_long_text_is_cut_to_the_box(pilots: Pilots) -> None:
    lead = LEAD
    workshop = tell_scene(pilots, TELLER, lead, withdraw=False)["workshop"]
    words = "<script>alert(1)</script> & " + "a very long principle indeed " * 10
    pilots.execute(RecordPrinciple(workshop, text=words), lead, role="lead")
    svg = str(draw(driver_map(origins_from_log(pilots), AS_LEAD), "map"))
    parsed(svg)  # still well-formed
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "…" in svg


def test_an_empty_map_says_so(pilots: Pilots) -> None:
    svg = str(draw(driver_map(Origins(None), AS_LEAD), "map"))
    assert "Nothing on the map yet" in svg
    assert outline(driver_map(Origins(None), AS_LEAD)).empty


def _listed(branches: tuple[Branch, ...]) -> set[UUID]:
    found: set[UUID] = set()
    for b in branches:
        found |= {b.node.id, *(s.id for s in b.stories)} | _listed(b.children)
    return found


def test_the_outline_nests_the_scene_as_the_diagram_draws_it(pilots: Pilots) -> None:
    found, ids = scene_map(pilots)
    said = outline(found)
    names = {value: key for key, value in ids.items()}
    navigate, foster = said.framings
    assert [names[c.node.id] for c in navigate.children] == ["listened", "questionnaire",
                                                             "navigator"]  # fmt: skip
    listened = navigate.children[0]
    assert [names[s.id] for s in listened.stories] == ["porter", "confidence"]
    assert [names[c.node.id] for c in listened.children] == ["circles", "hosted"]
    assert [names[c.node.id] for c in listened.children[0].children] == ["library", "carers"]
    assert [names[c.node.id] for c in foster.children] == ["small", "walking"]
    huddles = foster.children[0].children[0]
    assert huddles.notes[-1] == "Split into “Ten-minute huddles”, “Walking huddles”."
    assert said.unplaced == ()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_outline_and_the_diagram_hold_every_record_of_the_map(data: st.DataObject) -> None:
    """For random programmes and readers: every record of the map is in the outline, and a
    box of the diagram; nothing else is."""
    programme = tell_programme(drawn(data.draw), data.draw(st.integers(10, 60)))
    try:
        reader = data.draw(st.sampled_from([AS_LEAD, Reader(UUID(int=9), "reader")]))
        found = driver_map(origins_from_log(programme.app), reader)
        said = outline(found)
        assert _listed(said.framings) | _listed(said.unplaced) == {n.id for n in found.nodes}
        boxes, _ = place(found)
        drawn_ids = {key for key in boxes if isinstance(key, UUID)}
        assert drawn_ids == {n.id for n in found.nodes if n.kind != "story"}
        parsed(str(draw(found, "map")))
    finally:
        programme.app.close()


def test_an_idea_from_no_principle_of_an_unframed_workshop_is_unplaced(pilots: Pilots) -> None:
    workshop = tell_scene(pilots, TELLER, LEAD, withdraw=False)["workshop"]
    lone = pilots.execute(RecordIdea(workshop, text="Alone"), LEAD, role="lead").events[-1]
    pilots.execute(RecordFraming(workshop, text="How might we?"), LEAD, role="lead")
    tests_it = RegisterPilot(title="Lone pilot", question="?", idea="x", tests_idea=lone.idea_id)  # type: ignore[attr-defined]
    pilots.execute(tests_it, LEAD)
    said = outline(driver_map(origins_from_log(pilots), AS_LEAD))
    assert [b.node.text for b in said.unplaced] == ["Alone"]
    assert [c.node.text for c in said.unplaced[0].children] == ["Lone pilot"]
    assert said.framings[-1].node.text == "How might we?"
    assert said.framings[-1].children == ()


def test_a_record_under_two_parents_is_listed_in_full_once(pilots: Pilots) -> None:
    scene = tell_scene(pilots, TELLER, LEAD)
    both = RecordFraming(scene["workshop"], text="How might we listen?",
                         principles=[scene["listened"], scene["small"]])  # fmt: skip
    pilots.execute(both, LEAD, role="lead")
    said = outline(driver_map(origins_from_log(pilots), AS_LEAD))
    first, again = said.framings[0].children[0], said.framings[-1].children[0]
    assert first.node.id == again.node.id == scene["listened"]
    assert (first.again, again.again) == (False, True)
    assert [c.node.text for c in first.children] == ["Story-sharing circles", "Hosted circles"]
    assert (again.children, again.stories, again.notes) == ((), (), ())
