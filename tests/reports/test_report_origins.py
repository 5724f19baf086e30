"""The programme report's "Ideas and where they came from" and its co-creation map, on SQLite
and PostgreSQL: what the section says of the demo-like chain, that a story told for the
programme team and a withdrawn story give no words, that the tables and the fold of the log give
the same bytes, and that an earlier stamp gives the map as it stood then."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

import pytest

from adapters.settings import Settings
from adapters.store import open_pilots
from domain.pilot.commands import RegisterPilot
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.access.model import AccessModel
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.learning.model import LearningModel
from projections.learning.queries import settled_position
from projections.origins.model import OriginsModel
from projections.reports.origins import kept_origins
from projections.reports.programme_report import programme_report
from projections.reports.render import rendered
from tests.origins_builders import framing, idea, principle, tell, workshop
from tests.reports.origins_programme import (
    COMMUNITY_TEXT,
    COMMUNITY_TITLE,
    LEAD,
    QUESTION,
    SECRETS,
    TELLER,
    Chain,
    chain,
)
from tests.reports.programmes import on
from tests.reports.test_report_xss import PAYLOAD, assert_inert, assert_svg_inert


@pytest.fixture
def stored(store_settings: Settings) -> Iterator[tuple[Pilots, Chain]]:
    pilots = open_pilots(store_settings)
    try:
        yield pilots, chain(pilots)
    finally:
        pilots.close()


def test_the_section_follows_each_idea_back_to_its_stories(stored: tuple[Pilots, Chain]) -> None:
    pilots, c = stored
    report = programme_report(pilots)
    assert report.origins is not None
    (question,) = report.origins.sources.framings
    assert (question.id, question.text) == (c.question, QUESTION)
    listened, small = question.principles
    assert (listened.id, listened.stories, listened.withdrawn, listened.not_shown) == (
        c.listened, 3, 1, 1
    )  # fmt: skip
    assert [(s.id, s.title) for s in listened.told] == [(c.community, COMMUNITY_TITLE)]
    assert (small.id, small.stories, [s.text for s in small.told]) == (c.small, 1, [COMMUNITY_TEXT])
    circles, huddles = question.ideas
    assert circles.id == c.circles
    standing = circles.standing
    assert (standing.tested, standing.running, standing.adopt, standing.adapt,
            standing.abandon) == (2, 2, 1, 0, 1)  # fmt: skip
    assert [(p.id, p.decisions) for p in circles.pilots] == [
        (c.a, ["adapt", "adopt"]), (c.b, ["abandon"])
    ]  # fmt: skip
    assert (huddles.id, huddles.standing.tested, huddles.standing.running) == (c.huddles, 1, 1)
    assert [(p.id, p.decisions) for p in huddles.pilots] == [(c.c, [])]
    assert [i.id for i in report.origins.sources.other_ideas] == [c.walks]

    data = {fmt: body.decode() for fmt, body in rendered(report).items()}
    md, html = data["md"], data["html"]
    assert "## Ideas and where they came from" in md
    assert "<h2>Ideas and where they came from</h2>" in html
    said = "Drawn from 3 stories: “The porter who listened”, a withdrawn story and 1 story told "
    assert said in md
    assert said in html.replace("&#34;", '"')
    assert "| Story circles | 2 | 2 | 1 | 0 | 1 | Tuesday circles (active; decided to adapt " \
           "in cycle 1, then to adopt in cycle 2); Friday circles (active; decided to abandon " \
           "in cycle 1) |" in md  # fmt: skip
    assert "- Framing question: " + QUESTION in md  # the map in words
    assert assert_svg_inert(html) == len(re.findall(r"<svg\b", html))  # each well-formed, inert
    (svg,) = re.findall(r"<svg\b[^>]*co-creation-map.*?</svg>", html, flags=re.DOTALL)
    assert '<title id="programme-map-title">' in svg
    assert '<desc id="programme-map-desc">' in svg
    assert 'aria-labelledby="programme-map-title programme-map-desc"' in svg
    nodes = json.loads(data["json"])["origins"]["map"]["nodes"]
    stories = {n["id"]: n for n in nodes if n["kind"] == "story"}
    assert set(stories) == {str(c.community), str(c.gone)}  # the team story is no node
    assert stories[str(c.gone)]["text"] is None
    assert stories[str(c.gone)]["withdrawn_on"]


def test_no_word_of_a_team_or_withdrawn_story_is_in_any_format(
    stored: tuple[Pilots, Chain],
) -> None:
    pilots, _ = stored
    for audience in (Reader.community(), Reader.team()):
        for fmt, body in rendered(programme_report(pilots, audience=audience)).items():
            text = body.decode()
            assert COMMUNITY_TITLE in text, fmt
            for secret in SECRETS:
                assert secret not in text, (fmt, secret)


def test_the_tables_give_the_bytes_of_the_fold(store_settings: Settings,
                                              stored: tuple[Pilots, Chain]) -> None:  # fmt: skip
    pilots, _ = stored
    views = open_views(store_settings)
    try:
        projector = Projector(pilots, views, [AccessModel(), LearningModel(), OriginsModel()])
        at = settled_position(projector)
        assert at is not None
        assert kept_origins(projector, at) is not None  # read from the tables
        assert kept_origins(projector, at - 1) is None  # the model stands elsewhere: folded
        from_tables = rendered(programme_report(pilots, at, projector=projector))
        assert from_tables == rendered(programme_report(pilots, at))
        earlier = rendered(programme_report(pilots, at - 5, projector=projector))
        assert earlier == rendered(programme_report(pilots, at - 5))
    finally:
        views.close()


def test_an_earlier_stamp_gives_the_map_as_it_stood(stored: tuple[Pilots, Chain]) -> None:
    pilots, c = stored
    then = programme_report(pilots)
    before = rendered(then)
    with on(40):
        later = idea(pilots, c.workshop, LEAD, text="LATER-IDEA evening circles",
                     principles=[c.small], framing=c.question)  # fmt: skip
    now = programme_report(pilots)
    assert now.position > then.position
    assert later in {i.id for q in now.origins.sources.framings for i in q.ideas}  # type: ignore[union-attr]
    again = rendered(programme_report(pilots, then.position))
    assert again == before
    assert b"LATER-IDEA" not in again["md"]
    assert b"LATER-IDEA" in rendered(now)["md"]


def test_script_in_every_origin_renders_inert(pilots: Pilots) -> None:
    """R16 for the section and the map: script typed into a story, a principle, a framing
    question, an idea and a pilot shows as text in HTML (the SVG too) and in Markdown."""
    markdown_it = pytest.importorskip("markdown_it")
    with on(-10):
        story = tell(pilots, TELLER, text=PAYLOAD, title=PAYLOAD[:150])
        held = workshop(pilots, LEAD, title=PAYLOAD[:150], held_on=date(2026, 2, 20))
        drawn = principle(pilots, held, LEAD, text=PAYLOAD, stories=[story])
        question = framing(pilots, held, LEAD, text=PAYLOAD, principles=[drawn])
        tested = idea(pilots, held, LEAD, text=PAYLOAD, principles=[drawn], framing=question)
        pilots.execute(
            RegisterPilot(title=PAYLOAD[:200], question="Q?", idea="I", tests_idea=tested,
                          framing=question), LEAD,
        )  # fmt: skip
    data = {fmt: body.decode() for fmt, body in rendered(programme_report(pilots)).items()}
    html = data["html"]
    assert_inert(html)
    assert assert_svg_inert(html) == len(re.findall(r"<svg\b", html))
    (svg,) = re.findall(r"<svg\b[^>]*co-creation-map.*?</svg>", html, flags=re.DOTALL)
    assert "&lt;script&gt;" in svg
    viewer = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table"])
    assert "<script" not in data["md"]
    assert_inert(viewer.render(data["md"]))
    assert PAYLOAD.encode() in data["json"].encode().replace(b"\\", b"")
