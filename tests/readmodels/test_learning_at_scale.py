"""Cross-pilot answers that stay small as the programme grows: the summary's lists are a first
page with a count and a paged route for the rest, an answer the client holds is 304 while the
log has not moved, and a programme report at a stamp is built once and then looked up."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.pilot.commands import RecordQuestionSet, RegisterPilot
from projections.reports.programme_report import programme_report
from projections.reports.render import render
from tests.web.conftest import Api
from tests.web.pages_support import Site, site_fixture  # noqa: F401 (fixture)
from tests.web.scenes import PILOTS, run_cycle, scene

SUMMARY = "/api/v1/learning/summary"
OPEN = "/api/v1/learning/open-questions"
INSIGHTS = "/api/v1/learning/insights"
SURPRISES = "/api/v1/learning/surprises"


def many_open_questions(api: Api, count: int) -> str:
    """A pilot whose community set meeting asked `count` questions, each with an insight."""
    pilot_id = scene(api).pilot_id
    url = f"{PILOTS}/{pilot_id}"
    body = {
        "held_on": "2026-05-01",
        "questions": [f"What did visit {n} teach us?" for n in range(count)],
        "visibility": "community",
    }
    made = api.post(f"{url}/question-sets", body)
    assert made.status_code == 201, made.text
    for question in made.json()["questions"]:
        added = api.post(f"{url}/questions/{question['id']}/insights", {"text": "Tea helps"})
        assert added.status_code == 201, added.text
    return url


def walk(api: Api, route: str, limit: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    url = f"{route}?limit={limit}"
    while True:
        body = api.get(url, who="reader").json()
        assert len(body["items"]) <= limit
        found.extend(body["items"])
        if body["next"] is None:
            return found
        assert len(body["items"]) == limit  # every page but the last is full
        url = f"{route}?limit={limit}&cursor={body['next']}"


def test_the_summary_holds_the_first_ten_of_each_list_and_counts_them_all(api: Api) -> None:
    many_open_questions(api, 13)
    body = api.get(SUMMARY, who="reader").json()
    assert (len(body["open_questions"]), body["open_questions_count"]) == (10, 13)
    assert (len(body["insights"]), body["insights_count"]) == (10, 13)
    assert body["oldest_open_days"] == body["open_questions"][0]["age_days"] > 0


def test_paging_the_summary_s_lists_gives_every_item_once(api: Api) -> None:
    many_open_questions(api, 13)
    asked = walk(api, OPEN, 4)
    assert len(asked) == len({q["question_id"] for q in asked}) == 13
    first = api.get(SUMMARY, who="reader").json()["open_questions"]
    assert [q["question_id"] for q in asked[:10]] == [q["question_id"] for q in first]
    assert len(walk(api, INSIGHTS, 5)) == 13


def test_the_lists_are_for_their_reader_and_a_team_meeting_stays_with_the_team(api: Api) -> None:
    the_scene = scene(api)  # its set meeting is the team's
    assert walk(api, OPEN, 50) == []
    assert [q["question_id"] for q in walk_as(api, OPEN, "member")] == [the_scene.question_id]
    assert api.get(SUMMARY, who="reader").json()["open_questions_count"] == 0
    assert api.get(SUMMARY, who="member").json()["open_questions_count"] == 1


def walk_as(api: Api, route: str, who: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get(f"{route}?limit=200", who=who).json()["items"]
    return items


def test_surprises_are_paged_from_the_pilots_record(api: Api) -> None:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1)
    surprises = walk(api, SURPRISES, 1)
    summary = api.get(SUMMARY, who="reader").json()
    assert len(surprises) == summary["surprises_count"] == len(summary["surprises"])


def test_an_unchanged_log_is_answered_304_and_a_write_makes_a_new_answer(api: Api) -> None:
    url = many_open_questions(api, 2)
    for route in (SUMMARY, f"{SUMMARY}?theme=walking", "/api/v1/learning/questions", OPEN):
        first = api.get(route, who="reader")
        tag = first.headers["etag"]
        again = api.get(route, who="reader", headers={"If-None-Match": tag})
        assert (again.status_code, again.content) == (304, b"")
        other = api.get(route, who="member", headers={"If-None-Match": tag})
        assert other.status_code == 200  # another reader's answer is another answer
    tag = api.get(SUMMARY, who="reader").headers["etag"]
    api.post(f"{url}/question-sets", {"held_on": "2026-05-02", "questions": ["Why now?"]})
    moved = api.get(SUMMARY, who="reader", headers={"If-None-Match": tag})
    assert moved.status_code == 200
    assert moved.headers["etag"] != tag


def test_a_programme_report_at_a_stamp_is_built_once_and_then_looked_up(api: Api) -> None:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1)
    report = "/api/v1/learning/report"
    first = api.get(report, who="reader", headers={"Accept": "text/markdown"})
    assert first.headers["x-report-cache"] == "miss"
    position = int(first.headers["x-report-stamp"].removeprefix("Log position "))
    built = programme_report(api.services.pilots, position)
    for accept, fmt in (
        ("text/markdown", "md"),
        ("text/html", "html"),
        ("application/json", "json"),
    ):
        kept = api.get(report, who="reader", headers={"Accept": accept})
        assert kept.headers["x-report-cache"] == "hit"  # one build keeps every format
        assert kept.content == render(built, fmt)  # the same bytes as built afresh


def test_learning_links_to_pages_of_each_list_that_it_shows_only_the_start_of(site: Site) -> None:
    pilots, lead = site.services.pilots, site.ids["lead"]
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="I"), lead
    ).pilot.id
    command = RecordQuestionSet(
        pilot_id, held_on=date(2026, 5, 1), visibility="community",
        questions=[f"What did visit {n} teach us?" for n in range(12)],
    )  # fmt: skip
    pilots.execute(command, lead)
    page = site.as_("reader").get("/learning")
    assert "The first 10 of 12 open questions" in page.text
    assert 'href="/learning/open-questions"' in page.text
    listed = site.as_("reader").get("/learning/open-questions")
    assert listed.status_code == 200
    assert listed.text.count("What did visit") == 12
    narrowed = site.as_("reader").get("/learning/open-questions?since=2026-05-02")
    assert "What did visit" not in narrowed.text
