"""The learning summary and the reports through the API, with every status the OpenAPI
document lists for them (the `Api` fixture fails any status the document does not list)."""

from __future__ import annotations

import re
import sqlite3
from typing import Any
from uuid import UUID

import pytest

from domain.pilot.commands import SetQuestionSetVisibility
from domain.pilot.visibility import Reader
from projections.learning.from_log import rows_at
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_report
from projections.reports.render import render
from tests.web.conftest import Api
from tests.web.scenes import PILOTS, register, run_cycle, scene

SUMMARY = "/api/v1/learning/summary"
PROGRAMME = "/api/v1/learning/report"
UNKNOWN = f"{PILOTS}/00000000-0000-0000-0000-000000000000"


def programme_with_a_decided_cycle(api: Api) -> str:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1)
    return the_scene.pilot_id


def test_the_summary_is_stamped_with_its_position_and_counts_decisions(api: Api) -> None:
    programme_with_a_decided_cycle(api)
    register(api, title="Walks", themes=["walking"])
    response = api.get(SUMMARY, who="member")
    body = response.json()
    position = rows_at(api.services.pilots, reader=Reader.community()).position
    assert response.status_code == 200
    assert (body["position"], response.headers["x-report-stamp"]) == (
        position, f"Log position {position}"
    )  # fmt: skip
    assert body["decisions"] == {"adopt": 0, "adapt": 1, "abandon": 0}
    assert body["pilots"] == 2
    assert [q["text"] for q in body["open_questions"]] == ["What helped?"]
    assert set(body) >= {"as_of", "median_days_per_cycle", "shared_ideas", "surprises",
                         "insights", "open_questions"}  # fmt: skip
    # Someone not on the team reads the pilots' record, but not the team's set meeting.
    outside = api.get(SUMMARY, who="reader").json()
    assert (outside["position"], outside["decisions"], outside["pilots"]) == (
        position, body["decisions"], 2
    )  # fmt: skip
    assert outside["open_questions"] == []


def test_the_summary_narrows_by_theme_and_period_and_empty_filters_mean_all(api: Api) -> None:
    programme_with_a_decided_cycle(api)
    register(api, title="Walks", themes=["walking"])
    walking = api.get(f"{SUMMARY}?theme=Walking", who="reader").json()
    assert (walking["theme"], walking["pilots"], walking["cycles_decided"]) == ("walking", 1, 0)
    everything = api.get(f"{SUMMARY}?theme=&since=&until=", who="reader").json()
    assert everything["pilots"] == 2
    old = api.get(f"{SUMMARY}?since=2000-01-01&until=2000-12-31", who="reader").json()
    assert (old["since"], old["until"], old["cycles_decided"]) == ("2000-01-01", "2000-12-31", 0)


@pytest.mark.parametrize(
    ("query", "field"),
    [("since=2026-13-01", "since"), ("until=soon", "until"), ("since=2026-05-02&until=2026-05-01",
                                                              "until")],
)  # fmt: skip
def test_a_bad_date_in_the_summary_is_400_naming_the_field(
    api: Api, query: str, field: str
) -> None:
    response = api.get(f"{SUMMARY}?{query}", who="reader")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize(
    ("accept", "media_type", "starts"),
    [
        ("", "application/json", b"{"),
        ("*/*", "application/json", b"{"),
        ("application/json", "application/json", b"{"),
        ("text/markdown", "text/markdown", b"# Learning report"),
        ("text/html", "text/html", b"<!doctype html>"),
        ("text/html;q=0.5, text/markdown", "text/markdown", b"# Learning report"),
    ],
)
def test_the_pilot_report_comes_in_the_format_accept_asks_for(
    api: Api, accept: str, media_type: str, starts: bytes
) -> None:
    pilot_id = programme_with_a_decided_cycle(api)
    response = api.get(f"{PILOTS}/{pilot_id}/report", who="reader", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.content.startswith(starts)
    version = api.stored(pilot_id)
    # A reader off the pilot's team gets the report the community may read.
    stamp = f"Pilot {pilot_id} at version {version}, for the community"
    assert response.headers["x-report-stamp"] == stamp


def test_each_format_is_the_report_the_cli_and_the_pages_write(api: Api) -> None:
    pilot_id = programme_with_a_decided_cycle(api)
    pilots = api.services.pilots
    formats = {"application/json": "json", "text/markdown": "md", "text/html": "html"}
    for accept, fmt in formats.items():
        headers = {"Accept": accept}
        answer = api.get(f"{PILOTS}/{pilot_id}/report?version=4", headers=headers)  # the lead
        team_report = pilot_report(pilots, UUID(pilot_id), 4, Reader.team())
        assert answer.content == render(team_report, fmt)
        answer = api.get(f"{PROGRAMME}?position=2", headers=headers)
        assert answer.content == render(programme_report(pilots, 2), fmt)


def test_an_earlier_stamp_rebuilds_the_report_it_gave_then(api: Api) -> None:
    pilot_id = programme_with_a_decided_cycle(api)
    pilot_then = api.get(f"{PILOTS}/{pilot_id}/report", headers={"Accept": "text/html"})
    programme_then = api.get(PROGRAMME, headers={"Accept": "text/markdown"})
    version = re.search(r"at version (\d+)", pilot_then.headers["x-report-stamp"]).group(1)  # type: ignore[union-attr]
    position = programme_then.headers["x-report-stamp"].rsplit(" ", 1)[1]
    api.post(f"{PILOTS}/{pilot_id}/reflections", {"text": "Tea helps", "kind": "appreciation"})
    api.post(f"{PILOTS}/{pilot_id}/idea", {"idea": "Story walks", "rationale": "Sun"})
    again = api.get(f"{PILOTS}/{pilot_id}/report?version={version}",
                    headers={"Accept": "text/html"})  # fmt: skip
    assert again.content == pilot_then.content
    again = api.get(f"{PROGRAMME}?position={position}", headers={"Accept": "text/markdown"})
    assert again.content == programme_then.content
    assert api.get(PROGRAMME).json()["position"] > int(position)


def test_the_programme_report_carries_the_summary_and_the_chart_figures(api: Api) -> None:
    pilot_id = UUID(programme_with_a_decided_cycle(api))
    html = api.get(PROGRAMME, headers={"Accept": "text/html"}).text
    # two charts of the programme (the team's set meeting is not the community's), and the
    # scene's measure in "Measures across pilots"; and the co-creation map
    assert html.count('role="img"') == 3 + 1
    assert html.count('class="chart co-creation-map"') == 1
    assert html.count('class="chart measure-chart"') == 1
    pilots = api.services.pilots
    (set_id,) = pilots.pilot(pilot_id).question_sets
    share = SetQuestionSetVisibility(pilot_id, set_id=set_id, visibility="community")
    pilots.execute(share, api.ids["lead"])
    response = api.get(PROGRAMME, who="reader")
    body = response.json()
    assert response.status_code == 200
    assert body["stamp"] == response.headers["x-report-stamp"] == f"Log position {body['position']}"
    assert body["summary"]["decisions"]["adapt"] == 1
    charts = body["charts"]
    assert [c["decision"] for p in charts["cycles"] for c in p["cycles"]] == ["adapt"]
    assert charts["decisions_by_theme"] == [{"theme": "no theme", "adopt": 0, "adapt": 1,
                                             "abandon": 0}]  # fmt: skip
    html = api.get(PROGRAMME, headers={"Accept": "text/html"}).text
    assert html.count('role="img"') == 4 + 1  # and the co-creation map
    assert "<style>" in html
    assert "/static/" not in html


@pytest.mark.parametrize("url", [f"{UNKNOWN}/report", f"{PILOTS}/nope/report"])
def test_the_report_of_an_unknown_pilot_is_404(api: Api, url: str) -> None:
    assert api.get(url).status_code == 404


def test_a_version_or_position_beyond_the_head_is_404_and_below_range_400(api: Api) -> None:
    pilot_id = programme_with_a_decided_cycle(api)
    beyond = api.stored(pilot_id) + 1
    head = rows_at(api.services.pilots, reader=Reader.community()).position
    assert api.get(f"{PILOTS}/{pilot_id}/report?version={beyond}").status_code == 404
    assert api.get(f"{PROGRAMME}?position={head + 1}").status_code == 404
    assert api.get(f"{PILOTS}/{pilot_id}/report?version=0").status_code == 400
    assert api.get(f"{PILOTS}/{pilot_id}/report?version=two").status_code == 400
    assert api.get(f"{PROGRAMME}?position=-1").status_code == 400
    assert api.get(f"{PROGRAMME}?position=0").json()["summary"]["pilots"] == 0


@pytest.mark.parametrize("url", [PROGRAMME, "pilot"])
def test_an_accept_header_that_allows_no_format_is_406(api: Api, url: str) -> None:
    if url == "pilot":
        url = f"{PILOTS}/{register(api)['id']}/report"
    response = api.get(url, headers={"Accept": "image/png, application/pdf"})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "text/markdown" in response.json()["detail"]


@pytest.mark.parametrize("url", [SUMMARY, PROGRAMME, f"{UNKNOWN}/report"])
def test_without_a_token_every_route_is_401(api: Api, url: str) -> None:
    assert api.get(url, who=None).status_code == 401
    assert api.get(url, who=None, headers={"Authorization": "Bearer nope"}).status_code == 401


@pytest.mark.parametrize("url", [SUMMARY, PROGRAMME, "pilot"])
def test_a_store_that_does_not_answer_is_503(
    api: Api, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    if url == "pilot":
        url = f"{PILOTS}/{register(api)['id']}/report"

    def locked(*_: Any, **__: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    recorder = api.services.pilots.recorder
    monkeypatch.setattr(recorder, "max_notification_id", locked)
    monkeypatch.setattr(recorder, "select_events", locked)
    response = api.get(url)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"


def test_a_kept_report_never_shows_a_set_meeting_narrowed_since(api: Api) -> None:
    """A report at a stamp is kept, but who may read each entry is judged as it stands now:
    once a set meeting is narrowed to its team, the community's report at the same stamp no
    longer quotes it, whether kept before or not."""
    pilot_id = UUID(scene(api).pilot_id)
    pilots = api.services.pilots
    (set_id,) = pilots.pilot(pilot_id).question_sets
    pilots.execute(SetQuestionSetVisibility(pilot_id, set_id=set_id, visibility="community"),
                   api.ids["lead"])  # fmt: skip
    first = api.get(PROGRAMME, who="reader")
    at = first.json()["position"]
    assert "What helped?" in first.text
    narrow = SetQuestionSetVisibility(pilot_id, set_id=set_id, visibility="team")
    pilots.execute(narrow, api.ids["lead"])
    for accept in ("application/json", "text/markdown", "text/html"):
        again = api.get(f"{PROGRAMME}?position={at}", who="reader", headers={"Accept": accept})
        assert again.status_code == 200
        assert again.headers["x-report-stamp"] == f"Log position {at}"
        assert "What helped?" not in again.text, accept
