"""The question ledger and search through the API: what the API promises, every error the
OpenAPI document lists, and reads that show the write just made."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.pilot.commands import Correct
from tests.web.conftest import Api
from tests.web.scenes import register, run_cycle, scene

QUESTIONS = "/api/v1/learning/questions"
SEARCH = "/api/v1/search"


def test_open_questions_across_pilots_are_listed_as_the_contract_says(api: Api) -> None:
    first, second = scene(api), scene(api)
    response = api.get(QUESTIONS, who="member", params={"status": "open"})
    items = response.json()["items"]
    assert response.status_code == 200
    assert {(i["pilot_id"], i["question_id"]) for i in items} == {
        (first.pilot_id, first.question_id),
        (second.pilot_id, second.question_id),
    }
    assert set(items[0]) >= {"pilot_id", "question_id", "text", "status", "asked_on"}
    assert (items[0]["text"], items[0]["status"], items[0]["asked_on"]) == (
        "What helped?", "open", "2026-05-01",
    )  # fmt: skip
    # The set meetings are the team's: someone on neither team reads none of their questions.
    assert api.get(QUESTIONS, who="reader", params={"status": "open"}).json()["items"] == []


def test_a_status_change_shows_at_once_and_the_status_narrows_the_list(api: Api) -> None:
    the_scene = scene(api)
    moved = api.post(
        f"{the_scene.url}/questions/{the_scene.question_id}/status", {"status": "explored"}
    )
    assert moved.status_code == 200
    assert api.get(QUESTIONS, params={"status": "open"}).json()["items"] == []
    explored = api.get(QUESTIONS, params={"status": "explored"}).json()["items"]
    assert [i["question_id"] for i in explored] == [the_scene.question_id]
    everything = api.get(QUESTIONS, params={"status": ""}).json()["items"]
    assert [i["status"] for i in everything] == ["explored"]


def test_an_unknown_status_is_a_400_naming_the_field(api: Api) -> None:
    response = api.get(QUESTIONS, params={"status": "pending"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "status"


def test_a_question_reads_with_every_status_and_insight_from_the_ledger(api: Api) -> None:
    the_scene = scene(api)
    question = f"{the_scene.url}/questions/{the_scene.question_id}"
    assert api.post(f"{question}/status", {"status": "explored"}, who="member").status_code == 200
    added = api.post(f"{question}/insights", {"text": "Tea first"}, who="facilitator")
    assert added.status_code == 201
    assert api.get(question, who="reader").status_code == 404  # not on the team
    response = api.get(question, who="member")
    assert response.status_code == 200
    body = response.json()
    assert body["question"]["question_id"] == the_scene.question_id
    assert (body["question"]["text"], body["question"]["status"]) == ("What helped?", "explored")
    assert [(s["status"], s["actor"]) for s in body["statuses"]] == [
        ("open", str(api.ids["lead"])),
        ("explored", str(api.ids["member"])),
    ]
    assert [(i["text"], i["author"]) for i in body["insights"]] == [
        ("Tea first", str(api.ids["facilitator"])),
    ]


def test_a_question_is_404_in_another_pilot_and_when_unknown(api: Api) -> None:
    first, second = scene(api), scene(api)
    for url in (
        f"{second.url}/questions/{first.question_id}",
        f"{first.url}/questions/{UUID(int=5)}",
        f"/api/v1/pilots/{UUID(int=6)}/questions/{first.question_id}",
    ):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/problem+json")


def test_a_pilots_method_checks_and_their_tally_across_pilots(api: Api) -> None:
    first, second = scene(api), scene(api)
    for the_scene in (first, second):
        run_cycle(api, the_scene.url, 1)
    reflected = api.post(
        f"{second.url}/reflections", {"kind": "meaning", "text": "It is about tea", "cycle": 1}
    )
    assert reflected.status_code == 201
    checks = api.get(f"{first.url}/method-checks", who="member")
    assert checks.status_code == 200
    by_name = {c["check"]: c for c in checks.json()["checks"]}
    assert by_name["predictions_locked"]["ok"] is True
    assert by_name["reflections"]["ok"] is False
    assert by_name["reflections"]["label"] == "A reflection on each cycle"
    assert "no reflection yet" in by_name["reflections"]["prompt"]
    tally = api.get("/api/v1/learning/method-checks", who="member")
    assert tally.status_code == 200
    assert [(t["check"], t["holds"], t["applies"]) for t in tally.json()["items"]] == [
        ("predictions_locked", 2, 2),
        ("decisions_carried", 0, 2),
        ("reflections", 1, 2),
        ("questions_revisited", 0, 2),
    ]
    # Someone on neither team reads the community reflection, and none of the team's questions.
    outside = api.get("/api/v1/learning/method-checks", who="reader").json()["items"]
    assert [(t["check"], t["holds"], t["applies"]) for t in outside] == [
        ("predictions_locked", 2, 2),
        ("decisions_carried", 0, 2),
        ("reflections", 1, 2),
        ("questions_revisited", 0, 0),
    ]


def test_method_checks_of_an_unknown_pilot_are_404(api: Api) -> None:
    response = api.get(f"/api/v1/pilots/{UUID(int=9)}/method-checks")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "path",
    [
        QUESTIONS,
        f"{SEARCH}?q=circles",
        f"/api/v1/pilots/{UUID(int=1)}/questions/{UUID(int=2)}",
        f"/api/v1/pilots/{UUID(int=1)}/method-checks",
        "/api/v1/learning/method-checks",
    ],
)
def test_reads_across_pilots_need_a_token(api: Api, path: str) -> None:
    assert api.get(path, who=None).status_code == 401


def searchable(api: Api) -> tuple[str, Any]:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1)  # learning: "Short sessions suit people"
    reflection = {"text": "The porters lingered <b>afterwards</b>", "kind": "observation"}
    assert api.post(f"{the_scene.url}/reflections", reflection).status_code == 201
    insight = {"text": "Trust grows with repetition"}
    url = f"{the_scene.url}/questions/{the_scene.question_id}/insights"
    assert api.post(url, insight).status_code == 201
    return the_scene.pilot_id, the_scene


@pytest.mark.parametrize(
    ("q", "kind", "word"),
    [("circles", "idea", "Circles"), ("porters", "reflection", "porters"),
     ("sessions", "learning", "sessions"), ("repetition", "insight", "repetition")],
)  # fmt: skip
def test_search_finds_entries_written_just_before(api: Api, q: str, kind: str, word: str) -> None:
    pilot_id, _ = searchable(api)
    response = api.get(SEARCH, who="member", params={"q": q})
    items = response.json()["items"]
    assert response.status_code == 200
    assert [(i["pilot_id"], i["kind"]) for i in items] == [(pilot_id, kind)]
    # A set meeting, and so its insights, is the team's by default; the rest is everyone's.
    outsider = api.get(SEARCH, who="reader", params={"q": q}).json()["items"]
    assert len(outsider) == (0 if kind == "insight" else 1)
    assert word in items[0]["snippet"]
    assert {"text": word, "match": True} in items[0]["pieces"]
    assert "".join(p["text"] for p in items[0]["pieces"]) == items[0]["snippet"]


def test_a_correction_changes_what_search_finds(api: Api) -> None:
    pilot_id, _ = searchable(api)
    # The API has no correction route yet; the service records one as a page would.
    api.services.pilots.execute(
        Correct(
            UUID(pilot_id),
            entry="cycle:1:learning",
            text="Long walks suit gardeners",
            reason="Misheard",
        ),
        api.ids["lead"],
    )
    assert api.get(SEARCH, params={"q": "sessions"}).json()["items"] == []
    found = api.get(SEARCH, params={"q": "gardeners"}).json()["items"]
    assert [(i["pilot_id"], i["kind"]) for i in found] == [(pilot_id, "learning")]


@pytest.mark.parametrize("q", ["", "   ", "x" * 201])
def test_a_blank_or_overlong_query_is_a_400(api: Api, q: str) -> None:
    response = api.get(SEARCH, params={"q": q})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_missing_query_is_a_400(api: Api) -> None:
    assert api.get(SEARCH).status_code == 400


@pytest.mark.parametrize(
    "q", ['"', "NEAR(a b", "a OR", "-", "*", "(", "') OR 1=1 --", "text:x", "%", "🙂", "\\"]
)
def test_hostile_queries_are_answered(api: Api, q: str) -> None:
    register(api)
    response = api.get(SEARCH, params={"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["items"], list)


def test_the_openapi_document_describes_both_reads(api_document: dict[str, Any]) -> None:
    questions = api_document["paths"][QUESTIONS]["get"]
    search = api_document["paths"][SEARCH]["get"]
    assert {"200", "400", "401"} <= set(questions["responses"])
    assert {"200", "400", "401"} <= set(search["responses"])
    (q,) = [p for p in search["parameters"] if p["name"] == "q"]
    assert (q["required"], q["schema"]["maxLength"], q["schema"]["minLength"]) == (True, 200, 1)
    (status,) = [p for p in questions["parameters"] if p["name"] not in ("limit", "cursor")]
    assert status["name"] == "status"
    assert status["schema"]["enum"] == ["", "open", "explored", "answered", "carried_forward",
                                        "closed"]  # fmt: skip


def test_the_timeline_comes_from_its_read_model_and_shows_a_write_at_once(api: Api) -> None:
    the_scene = scene(api)
    before = api.get(f"{the_scene.url}/timeline").json()["entries"]
    body = {"text": "Noticed {0} and {braces}", "kind": "observation"}
    assert api.post(f"{the_scene.url}/reflections", body).status_code == 201
    response = api.get(f"{the_scene.url}/timeline")
    after = response.json()["entries"]
    assert len(after) == len(before) + 1
    assert response.headers["etag"] == f'"{len(after)}"'
    assert after[-1]["summary"] == (
        "Lee Lead reflected, noting an observation: Noticed {0} and {braces}"
    )
