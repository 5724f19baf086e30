"""`/map` on a map too large to draw readably, on each store: the index of its framing questions
(their workshop and counts, each linking to its tree, `?at=` carried), what is under no question
counted and reachable, the whole map still drawn on asking, and a story told for the programme
team kept from anyone who may not read it, on the index as on the trees."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from uuid import UUID

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import bootstrap
from adapters.settings import Settings
from domain import clock
from projections.origins.index import MOST_FRAMINGS, MOST_NODES
from tests.origins_builders import CONFIDENCE, NAVIGATE, day, framing, idea, principle, tell_scene
from tests.web.pages_support import PASSWORD, PEOPLE, Site, cheap_passwords
from web.app import create_app

Told = tuple[Site, dict[str, UUID]]
EXTRA = "How might we meet on question {n}?"
UNPLACED_PRINCIPLE = "Begin with what people already do"
UNPLACED_IDEA = "A lending shelf of board games"


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch, store_settings: Settings) -> Iterator[Told]:
    """The map pages' scene (two framing questions) told by `member` and `lead`, and on its
    ninth day as many more questions as make it too large to draw, each drawing on the
    principle "Small groups build confidence"; and a principle and an idea under no question."""
    cheap_passwords(monkeypatch)
    services = bootstrap(replace(store_settings, secret_key="test-secret"))
    ids = {who: services.accounts.add(e, n, r, PASSWORD).id for who, (e, n, r) in PEOPLE.items()}
    scene = tell_scene(services.pilots, ids["member"], ids["lead"])
    pilots, lead, w = services.pilots, ids["lead"], scene["workshop"]
    with clock.clock_set_to(lambda: day(8)):
        for n in range(MOST_FRAMINGS - 1):
            scene.ids[f"extra {n}"] = framing(pilots, w, lead, text=EXTRA.format(n=n),
                                              principles=[scene["small"]])  # fmt: skip
        scene.ids["lone principle"] = principle(pilots, w, lead, text=UNPLACED_PRINCIPLE)
        scene.ids["lone idea"] = idea(pilots, w, lead, text=UNPLACED_IDEA)
    try:
        with TestClient(create_app(services)) as client:
            site = Site(services, client, ids)
            yield site, scene.ids
    finally:
        services.close()


def visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def nodes_on_the_map(site: Site, who: str, **query: str) -> int:
    token = site.services.accounts.issue_token(PEOPLE[who][0])
    answer = site.client.get("/api/v1/map", params=query,
                             headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert answer.status_code == 200
    return len(answer.json()["nodes"])


def index_items(html: str) -> dict[str, str]:
    """Each question's link in the index, by the question's id, and its item's words."""
    section = html[html.index('<section id="map-index"') :]
    items = re.findall(r'<li>\s*<a href="/map\?framing=([^"&]+)[^"]*">(.*?)</li>', section, re.S)
    return {framing_id: visible(body) for framing_id, body in items}


def test_a_map_too_large_to_draw_shows_the_index_of_its_questions(large: Told) -> None:
    site, ids = large
    html = site.as_("lead").get("/map").text
    assert "<svg" not in html
    assert 'id="outline"' not in html
    records = nodes_on_the_map(site, "lead")
    assert records <= MOST_NODES  # too large by its questions alone
    assert (
        f"The map holds {records} records under {MOST_FRAMINGS + 1} framing questions, too "
        "many to draw readably at once: choose a question to see its tree."
    ) in visible(html)
    items = index_items(html)
    assert len(items) == MOST_FRAMINGS + 1
    assert set(items) == {str(ids[name]) for name in ("navigate", "foster")} | {
        str(ids[f"extra {n}"]) for n in range(MOST_FRAMINGS - 1)
    }
    navigate = items[str(ids["navigate"])]
    assert navigate.startswith(NAVIGATE)
    assert "From the workshop “Spring co-creation” on 3 March 2026." in navigate
    # Its principle, the two stories behind it (one withdrawn, one for the team, which the lead
    # may read), its three ideas; the library (adapt), the carers' (paused), the navigator's.
    assert "1 principle (with 2 stories behind it) and 3 ideas." in navigate
    assert "Tested by 3 pilots, 2 running now." in navigate
    assert "Last decisions: adopt 0 · adapt 1 · abandon 0." in navigate
    extra = items[str(ids["extra 0"])]
    assert "1 principle (with 1 story behind it) and 0 ideas. Not tested by any pilot yet." in (
        extra
    )
    assert ("Not under any framing question: 1 principle and 1 idea. See them on the whole map"
            in visible(html))  # fmt: skip
    # The picker and the filter are kept.
    assert 'id="map-at"' in html
    assert f'<option value="{ids["navigate"]}">' in html


def test_each_question_links_to_its_tree_drawn_as_before(large: Told) -> None:
    site, _ = large
    browser = site.as_("lead")
    html = browser.get("/map").text
    for framing_id, words in index_items(html).items():
        tree = browser.get(f"/map?framing={framing_id}")
        assert tree.status_code == 200
        assert tree.text.count("<svg") == 1
        said = re.search(r"<figcaption>(.*?)</figcaption>", tree.text, re.S)
        assert said is not None
        found = re.findall(r"(\d+) (principle|idea|pilot|stor)", unescape(said.group(1)))
        counts = {kind: number for number, kind in found}
        assert re.search(rf"(?<!\d){counts['principle']} principles?\b", words)
        assert re.search(rf"(?<!\d){counts['idea']} ideas?\b", words)
        pilots = int(counts.get("pilot", "0"))
        assert (f"Tested by {pilots} pilot" in words) if pilots else ("Not tested" in words)
        stories = counts.get("stor")
        assert (f"(with {stories} stor" in words) if stories else ("behind" not in words)


def test_the_whole_map_is_still_drawn_on_asking_and_holds_what_no_question_does(
    large: Told,
) -> None:
    site, _ = large
    html = site.as_("lead").get("/map").text
    assert '<a href="/map?all=1#outline">See them on the whole map</a>' in html
    whole = site.as_("lead").get("/map", params={"all": "1"}).text
    assert whole.count("<svg") == 1
    outline = visible(whole[whole.index('id="outline"') :])
    assert f"Principle: {UNPLACED_PRINCIPLE}" in outline
    assert f"Idea: {UNPLACED_IDEA}" in outline
    assert "map-index" not in whole


def test_the_day_asked_for_is_carried_to_each_tree(large: Told) -> None:
    site, ids = large
    browser = site.as_("lead")
    html = browser.get("/map", params={"at": "2026-03-11"}).text
    assert "as it stood at the end of 11 March 2026" in visible(html)
    assert f'href="/map?framing={ids["foster"]}&amp;at=2026-03-11"' in html
    assert 'href="/map?all=1&amp;at=2026-03-11#outline"' in html
    tree = browser.get("/map", params={"framing": str(ids["foster"]), "at": "2026-03-11"})
    assert tree.status_code == 200
    assert "as it stood at the end of 11 March 2026" in visible(tree.text)
    assert 'value="2026-03-11"' in tree.text
    # Before the extra questions were asked, the map was small, and is drawn whole as before.
    then = browser.get("/map", params={"at": "2026-03-04"}).text
    assert then.count("<svg") == 1
    assert "map-index" not in then


@pytest.mark.parametrize("who", ["reader", "member"])
def test_the_index_counts_only_the_stories_its_reader_may_read(large: Told, who: str) -> None:
    """The teller (`member`) may read their team story; the reader may not, nor its id, on the
    index or on any tree it links to."""
    site, ids = large
    browser = site.as_(who)
    html = browser.get("/map").text
    navigate = index_items(html)[str(ids["navigate"])]
    sees = who == "member"
    assert ("with 2 stories behind it" in navigate) is sees
    assert ("with 1 story behind it" in navigate) is not sees
    assert f"The map holds {nodes_on_the_map(site, who)} records" in visible(html)
    trees = {f: browser.get(f"/map?framing={f}").text for f in index_items(html)}
    for page in [html, *trees.values()]:
        if not sees:
            assert CONFIDENCE not in page
            assert str(ids["confidence"]) not in page
    assert CONFIDENCE not in html  # the index names no story, even one its reader may read
    assert (CONFIDENCE in trees[str(ids["navigate"])]) is sees


def test_a_bad_question_on_a_large_map_shows_the_index_again_with_the_message(
    large: Told,
) -> None:
    site, _ = large
    page = site.as_("lead").get("/map", params={"framing": str(UUID(int=5))})
    assert page.status_code == 400
    assert 'id="map-framing-error"' in page.text
    assert "Names no framing question" in visible(page.text)
    assert len(index_items(page.text)) == MOST_FRAMINGS + 1
    assert "<svg" not in page.text
