"""The `/map` and `/stories/{id}` pages on each store, as a browser without JavaScript uses them:
the diagram and its outline, as it stood on a day and for one framing question, a bad day or
question shown again with the message beside its field, a story and what became of it in plain
words, and a story told for the programme team hidden (404) from anyone else."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import bootstrap
from adapters.settings import Settings
from domain.origins.commands import RecordPrinciple, RecordStory, WithdrawStory
from tests.origins_builders import CONFIDENCE, FOSTER, NAVIGATE, PORTER, tell_scene
from tests.web.pages_support import PASSWORD, PEOPLE, XSS, Browser, Site, cheap_passwords, sign_in
from web.app import create_app

Told = tuple[Site, dict[str, UUID]]
OTHER = "mia@example.org"  # a member who told none of the stories


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch, store_settings: Settings) -> Iterator[Told]:
    """The web app on each store, with the scene told by `member` (the teller) and `lead`."""
    cheap_passwords(monkeypatch)
    services = bootstrap(replace(store_settings, secret_key="test-secret"))
    ids = {who: services.accounts.add(e, n, r, PASSWORD).id for who, (e, n, r) in PEOPLE.items()}
    services.accounts.add(OTHER, "Mia Member", "member", PASSWORD)
    scene = tell_scene(services.pilots, ids["member"], ids["lead"])
    try:
        with TestClient(create_app(services)) as client:
            site = Site(services, client, ids)
            site.browsers["other member"] = Browser(client)
            sign_in(site.browsers["other member"], OTHER)
            yield site, scene.ids
    finally:
        services.close()


def visible(html: str) -> str:
    """The page's text without its tags, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_map_page_draws_the_diagram_and_says_it_in_words(told: Told) -> None:
    site, ids = told
    page = site.as_("lead").get("/map")
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg") == 1
    assert re.search(r'<svg [^>]*role="img"[^>]*aria-labelledby="map-title map-desc"', html)
    assert '<title id="map-title">Co-creation map</title>' in html
    assert "2 framing questions, 2 principles, 6 ideas and 3 pilots" in html
    words = visible(html)
    assert f"Framing question: {NAVIGATE}" in words
    assert "Principle: People come back when they are listened to" in words
    assert "Idea: Story-sharing circles Tested by 2 pilots, 1 running now." in words
    assert "Last decisions: 0 adopted, 1 adapted, 0 abandoned." in words
    assert "Pilot: Story circles at the library Active; last decided to adapt." in words
    assert "Split into “Ten-minute huddles”, “Walking huddles”." in words
    assert "a story withdrawn on 9 March 2026" in words
    assert f'href="/stories/{ids["porter"]}"' in html
    assert f'href="/pilots/{ids["library"]}"' in html
    assert PORTER not in html
    assert CONFIDENCE in html  # the lead is of the programme team
    assert '<a href="/map">Co-creation map</a>' in html  # in the site's navigation


@pytest.mark.parametrize("who", ["reader", "other member"])
def test_a_story_for_the_programme_team_is_not_on_anyone_elses_map(told: Told, who: str) -> None:
    site, ids = told
    html = site.as_(who).get("/map").text
    assert CONFIDENCE not in html
    assert str(ids["confidence"]) not in html
    assert "with 1 story behind the principles" in html
    page = site.as_(who).get(f"/stories/{ids['confidence']}")
    assert page.status_code == 404
    assert CONFIDENCE not in page.text


def test_the_map_as_it_stood_on_a_day_and_for_one_framing_question(told: Told) -> None:
    site, ids = told
    browser = site.as_("lead")
    then = browser.get("/map", params={"at": "2026-03-04"})
    assert then.status_code == 200
    words = visible(then.text)
    assert "The map as it stood at the end of 4 March 2026 (UTC)" in words
    assert "Hosted circles" not in words
    assert "Tested by 1 pilot, 1 running now." in words
    assert 'value="2026-03-04"' in then.text  # the day stays in the picker
    before = browser.get("/map", params={"at": "2026-03-01"})
    assert "There is nothing on the map yet on that day" in visible(before.text)
    one = browser.get("/map", params={"framing": str(ids["foster"])})
    outline = visible(one.text.split('id="outline"', 1)[1])
    assert f"Framing question: {FOSTER}" in outline
    assert NAVIGATE not in outline  # the other question is only among the picker's choices
    assert "Small groups build confidence" in outline
    assert "People come back" not in outline
    assert f'<option value="{ids["foster"]}" selected>' in one.text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"at": "last spring"}, "at", "Must be a date, such as 2026-05-01."),
        ({"framing": "circles"}, "framing", "Must be the id of a framing question."),
        ({"framing": str(UUID(int=5))}, "framing", "Names no framing question"),
    ],
)
def test_a_bad_day_or_question_shows_the_map_again_with_the_message_beside_the_field(
    told: Told, query: dict[str, str], field: str, message: str
) -> None:
    site, _ = told
    page = site.as_("lead").get("/map", params=query)
    assert page.status_code == 400
    error = re.search(rf'<span class="field-error" id="map-{field}-error">(.*?)</span>\s*<',
                      page.text, re.S)  # fmt: skip
    assert error is not None
    assert message in visible(error.group(1))
    assert f'aria-describedby="map-{field}' in page.text
    assert 'aria-invalid="true"' in page.text
    assert "2 framing questions, 2 principles" in page.text  # the map as it stands, still drawn
    if field == "at":
        assert 'value="last spring"' in page.text


def test_a_question_not_yet_asked_on_that_day_is_refused_beside_the_field(told: Told) -> None:
    site, ids = told
    page = site.as_("lead").get("/map", params={"at": "2026-03-02", "framing": str(ids["foster"])})
    assert page.status_code == 400
    assert 'id="map-framing-error"' in page.text


def test_a_withdrawn_storys_page_says_when_and_what_became_of_it(told: Told) -> None:
    site, ids = told
    page = site.as_("member").get(f"/stories/{ids['porter']}")
    assert page.status_code == 200
    words = visible(page.text)
    assert "This story was withdrawn on 9 March 2026. Its words are gone" in words
    assert PORTER not in page.text
    assert "What became of your story" in words
    assert "2 principles drawn from it" in words
    assert "at the workshop “Spring co-creation” on 3 March 2026" in words
    assert "5 ideas that came from them" in words
    assert "given rise to by the pilot “Story circles at the library”" in words
    assert "Story circles at the library : active; decided to adapt in cycle 1." in words
    assert "Carers' story circles : paused; no decision yet." in words
    assert "What became of this story" in visible(site.as_("lead").get(
        f"/stories/{ids['porter']}").text)  # fmt: skip


def test_a_story_nothing_was_drawn_from_yet(told: Told) -> None:
    site, _ = told
    receipt = site.services.pilots.execute(
        RecordStory(text=f"Tea at four {XSS}", consent="community", title="Tea"),
        site.ids["member"], role="member",
    )  # fmt: skip
    page = site.as_("reader").get(f"/stories/{receipt.record.id}")
    assert page.status_code == 200
    words = visible(page.text)
    assert "Nothing has been drawn from this story yet." in words
    assert XSS not in page.text
    assert "Told by" not in words  # told by nobody named: the recorder told it for themselves


def test_story_text_is_escaped_on_the_map_and_in_the_diagram(told: Told) -> None:
    site, ids = told
    pilots = site.services.pilots
    story = pilots.execute(RecordStory(text=XSS, consent="community", title=XSS),
                           site.ids["member"], role="member").record.id  # fmt: skip
    pilots.execute(RecordPrinciple(ids["workshop"], text=f"Be kind {XSS}", stories=[story]),
                   site.ids["lead"], role="lead")  # fmt: skip
    html = site.as_("reader").get("/map").text
    assert XSS not in html
    assert "&lt;script&gt;" in html


def test_a_story_withdrawn_between_two_reads_is_gone_from_the_second(told: Told) -> None:
    """The map drawn once is kept for the log position it was read at, and for no later one."""
    site, ids = told
    pilots, teller = site.services.pilots, site.ids["member"]
    words = "The night the lift broke and the porters carried tea up six floors"
    story = pilots.execute(RecordStory(text=words, consent="community"), teller,
                           role="member").record.id  # fmt: skip
    pilots.execute(RecordPrinciple(ids["workshop"], text="Tea", stories=[story]),
                   site.ids["lead"], role="lead")  # fmt: skip
    browser = site.as_("reader")
    assert words in browser.get("/map").text
    assert words in browser.get("/map").text  # read again, from what was kept
    pilots.execute(WithdrawStory(story, reason="Please"), teller, role="member")
    again = browser.get("/map").text
    assert words not in again
    assert visible(again).count("a story withdrawn on") == 3  # under two principles, and this


@pytest.mark.parametrize("path", [f"/stories/{UUID(int=4)}", "/stories/not-a-story"])
def test_no_such_story_is_a_404_page(told: Told, path: str) -> None:
    site, _ = told
    page = site.as_("lead").get(path)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/map", "/stories/{story}"])
def test_both_pages_need_a_signed_in_account(told: Told, path: str) -> None:
    site, ids = told
    answer: Any = site.anonymous().get(path.format(story=ids["porter"]))
    assert answer.status_code in (302, 303)
    assert answer.headers["location"].startswith("/login")


def test_readers_in_turn_at_one_position_each_see_the_map_of_the_stories_they_may_read(
    told: Told,
) -> None:
    """The drawn map and its outline are kept per position and the stories shown, so a page
    drawn for one reader is never shown to a reader who may read fewer stories."""
    site, ids = told
    for who, sees in [("lead", True), ("other member", False), ("member", True),
                      ("reader", False), ("lead", True)]:  # fmt: skip
        html = site.as_(who).get("/map").text
        assert (CONFIDENCE in html) is sees, who
        assert (str(ids["confidence"]) in html) is sees, who
        outline = html[html.index('<section id="outline"') :]
        assert (f'<a href="/stories/{ids["confidence"]}">' in outline) is sees, who
