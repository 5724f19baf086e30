"""The learning summary's `ideas` and the `/learning` page's section and map, on SQLite and
PostgreSQL: each reader is told of the stories they may read (a story told for the programme
team only to its teller, its recorder, leads and admins), a withdrawn story gives no word to
anyone, `until` shows the origins as they stood then, and `theme` and `since` leave them be. The
programme report at the web keeps none of a story's words once it is withdrawn."""

from __future__ import annotations

import re
from html import unescape as html_text
from typing import Any

import msgspec
import pytest

from domain.origins.commands import WithdrawStory
from projections.origins import index, sources
from projections.origins.from_log import origins_from_log
from projections.origins.sources import ideas_in_brief
from projections.origins.state import Reader
from projections.reports import origins_html
from tests.origins_builders import framing
from tests.reports.origins_programme import (
    COMMUNITY_TITLE,
    GONE_TEXT,
    GONE_TITLE,
    QUESTION,
    TEAM_TEXT,
    TEAM_TITLE,
    Chain,
    chain,
)
from tests.reports.programmes import on
from tests.web.conftest import Api

SUMMARY = "/api/v1/learning/summary"


@pytest.fixture
def told(stored_api: Api) -> Chain:
    pilots = stored_api.services.pilots
    return chain(pilots, lead=stored_api.ids["lead"], teller=stored_api.ids["member"])


def _ideas(api: Api, who: str, query: str = "") -> dict[str, Any]:
    response = api.get(f"{SUMMARY}{query}", who=who)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()["ideas"]
    return found


def test_each_reader_is_told_how_many_stories_they_may_not_read(
    stored_api: Api, told: Chain
) -> None:
    for who in ("reader", "facilitator"):  # neither told, recorded, nor is a lead or an admin
        ideas = _ideas(stored_api, who)
        (question,) = ideas["framings"]
        assert question["text"] == QUESTION
        counted = [question[k] for k in ("principles", "stories", "withdrawn", "not_shown")]
        assert counted == [2, 3, 1, 1]  # the community story feeds both principles: once
        text = stored_api.get(SUMMARY, who=who).text
        for secret in (TEAM_TEXT, TEAM_TITLE, str(told.team), GONE_TEXT, GONE_TITLE):
            assert secret not in text, (who, secret)
    for who in ("member", "lead", "outsider", "admin"):  # the teller, and the programme team
        question = _ideas(stored_api, who)["framings"][0]
        assert (question["stories"], question["withdrawn"], question["not_shown"]) == (3, 1, 0)
        text = stored_api.get(SUMMARY, who=who).text
        assert GONE_TEXT not in text
        assert GONE_TITLE not in text
    circles = _ideas(stored_api, "reader")["framings"][0]["ideas"][0]
    assert circles["standing"] == {"tested": 2, "running": 2, "adopt": 1, "adapt": 0, "abandon": 1}
    titles = {
        p["id"]: p["title"] for p in stored_api.get("/api/v1/pilots", who="reader").json()["items"]
    }
    assert [titles[p] for p in circles["pilots"]] == ["Tuesday circles", "Friday circles"]


def test_until_shows_the_origins_as_they_stood_and_theme_and_since_leave_them(
    stored_api: Api, told: Chain
) -> None:
    everything = _ideas(stored_api, "lead")
    assert everything["framings"]
    assert _ideas(stored_api, "lead", "?until=2026-02-19") == {"framings": [], "other_ideas": []}
    assert _ideas(stored_api, "lead", "?theme=walking&since=2026-03-20") == everything
    # the day the ideas were recorded, before any pilot tested them
    (question,) = _ideas(stored_api, "lead", "?until=2026-02-20")["framings"]
    assert [i["standing"]["tested"] for i in question["ideas"]] == [0, 0]


def test_the_learning_page_shows_the_section_and_the_map(stored_api: Api, told: Chain) -> None:
    page = stored_api.get("/learning", who="reader")
    assert page.status_code == 200
    html = page.text
    assert "<h3>Ideas and where they came from</h3>" in html
    assert 'class="chart co-creation-map"' in html
    assert 'aria-labelledby="learning-map-title learning-map-desc"' in html
    assert '<a href="/map">' in html
    assert COMMUNITY_TITLE in html
    for secret in (TEAM_TEXT, TEAM_TITLE, GONE_TEXT, GONE_TITLE):
        assert secret not in html
    assert TEAM_TITLE in stored_api.get("/learning", who="member").text
    # the page's section is kept per position and the stories a reader may read: never shared
    assert TEAM_TITLE not in stored_api.get("/learning", who="reader").text
    assert TEAM_TITLE in stored_api.get("/learning", who="lead").text


def test_a_kept_report_loses_a_story_withdrawn_after_it(stored_api: Api, told: Chain) -> None:
    pilots = stored_api.services.pilots
    first = stored_api.get(
        "/api/v1/learning/report", who="reader", headers={"Accept": "text/markdown"}
    )
    assert first.status_code == 200
    assert COMMUNITY_TITLE in first.text
    with on(30):
        pilots.execute(WithdrawStory(told.community, reason="No longer"), stored_api.ids["member"],
                       role="member")  # fmt: skip
    again = stored_api.get(
        "/api/v1/learning/report", who="reader", headers={"Accept": "text/markdown"}
    )
    assert again.status_code == 200
    assert COMMUNITY_TITLE not in again.text
    assert "a withdrawn story" in again.text
    views = stored_api.client.app.state.projector.views  # type: ignore[attr-defined]
    with views.read() as sql:
        kept = [str(body) for (body,) in sql.rows("SELECT body FROM kept_reports")]
    assert kept  # the new report is kept
    assert not [body for body in kept if COMMUNITY_TITLE in body]


def test_a_map_too_large_to_draw_gives_the_section_in_brief_linking_to_each_tree(
    stored_api: Api, told: Chain, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "MOST_FRAMINGS", 0)  # one framing question is already too many
    html = stored_api.get("/learning", who="reader").text
    assert "<h3>Ideas and where they came from</h3>" in html
    assert 'class="chart co-creation-map"' not in html
    row = re.search(r"<tr><td[^>]*><a href=\"/map\?framing=([^\"]+)\">([^<]+)</a></td>(.*?)</tr>",
                    html, re.S)  # fmt: skip
    assert row is not None
    assert (row[1], html_text(row[2])) == (str(told.question), QUESTION)
    cells = re.findall(r'<td class="entry">([^<]*)</td>', row[3])
    # principles 2, distinct stories 3, ideas 2; tested 3, running 3, adopt 1, adapt 0, abandon 1
    assert cells == ["2", "3", "2", "3", "3", "1", "0", "1"]
    assert "1 idea serving none is counted on the map&#39;s page." in html
    for secret in (TEAM_TEXT, TEAM_TITLE, GONE_TEXT, GONE_TITLE, COMMUNITY_TITLE):
        assert secret not in html


NO_STANDING = {"tested": 0, "running": 0, "adopt": 0, "adapt": 0, "abandon": 0}


def test_past_the_threshold_the_summary_gives_the_ideas_in_outline(
    stored_api: Api, told: Chain, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Reader(stored_api.ids["reader"], "reader")
    listed = msgspec.to_builtins(ideas_in_brief(origins_from_log(stored_api.services.pilots),
                                                reader))  # fmt: skip
    assert "outline" not in listed  # three ideas: listed, as ever
    monkeypatch.setattr(sources, "MOST_IDEAS", 2)
    response = stored_api.get(SUMMARY, who="reader")
    assert response.status_code == 200
    ideas = response.json()["ideas"]
    assert ideas["outline"] is True
    (question,) = ideas["framings"]
    (before,) = listed["framings"]
    assert {k: question[k] for k in before if k != "ideas"} == {
        k: v for k, v in before.items() if k != "ideas"
    }
    assert question["ideas"] == []
    at = f"/api/v1/map?framing={told.question}"
    # circles: tested by two (one adopted, one abandoned); huddles: by one, still running
    standing = {"tested": 3, "running": 3, "adopt": 1, "adapt": 0, "abandon": 1}
    assert question["ideas_counted"] == {"count": 2, "standing": standing, "at": at}
    assert ideas["other_ideas"] == []
    assert ideas["other_ideas_counted"] == {"count": 1, "standing": NO_STANDING,
                                            "at": "/api/v1/map"}  # fmt: skip
    for pilot_or_idea in (told.a, told.b, told.c, told.circles, told.huddles, told.walks):
        assert str(pilot_or_idea) not in response.text
    tree = stored_api.get(at, who="reader")
    assert tree.status_code == 200
    assert {str(told.circles), str(told.huddles)} <= {n["id"] for n in tree.json()["nodes"]}
    # kept per position, moment and readable stories, as before: asked again, the same bytes
    assert stored_api.get(SUMMARY, who="reader").content == response.content


def test_past_the_threshold_learning_lists_the_questions_with_most_pilots_and_links_the_index(
    stored_api: Api, told: Chain, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilots, lead = stored_api.services.pilots, stored_api.ids["lead"]
    with on(-10):
        quiet = [framing(pilots, told.workshop, lead, text=f"How might we meet {n}?",
                         principles=[told.small]) for n in range(2)]  # fmt: skip
    monkeypatch.setattr(sources, "MOST_IDEAS", 2)
    monkeypatch.setattr(origins_html, "MOST_ROWS", 2)
    monkeypatch.setattr(index, "MOST_FRAMINGS", 0)  # the map too large to draw, as it would be
    page = stored_api.get("/learning", who="reader")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1
    assert "<h3>Ideas and where they came from</h3>" in html
    shown = re.findall(r'<tr><td class="entry"><a href="/map\?framing=([^"]+)">', html)
    # the chain's question has three pilots, the two quiet ones none: it comes first
    assert shown == [str(told.question), str(quiet[0])]
    assert "Of its 3 framing questions, the 2 with the most pilots testing their ideas" in html
    assert (
        '<p><a href="/map">1 more framing question</a> on the map&#39;s index, with its tree.'
        in html
    )
    assert stored_api.get("/map", who="reader").status_code == 200
    for secret in (TEAM_TEXT, TEAM_TITLE, GONE_TEXT, GONE_TITLE, COMMUNITY_TITLE):
        assert secret not in html
