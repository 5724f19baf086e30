"""`GET /api/v1/map` and `GET /api/v1/stories/{id}/trail` on each store: the contract's shapes,
who may see a story told for the programme team, the map as it stood, one framing question's
tree, and every refusal (a bad `at` or `framing` names its field; a story the reader may not
read is a 404, as one that does not exist; no token is a 401); and the map's `ETag`, answered
304 while nothing it is made of has moved."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.origins.commands import RecordPrinciple
from tests.origins_builders import CONFIDENCE, NAVIGATE, PORTER, Scene, tell_scene
from tests.web.conftest import Api


@pytest.fixture
def scene(stored_api: Api) -> tuple[Api, Scene]:
    """The scene, told by `member` (the teller) and `lead`, over the API on each store."""
    api = stored_api
    return api, tell_scene(api.services.pilots, api.ids["member"], api.ids["lead"])


def nodes_by_id(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in answer["nodes"]}


def test_the_map_is_nodes_and_edges_as_the_contract_says(scene: tuple[Api, Scene]) -> None:
    api, s = scene
    response = api.get("/api/v1/map")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) >= {"nodes", "edges"}
    node = nodes_by_id(answer)
    assert all(set(n) >= {"id", "kind", "text", "status"} for n in answer["nodes"])
    assert [n["kind"] for n in answer["nodes"]] == (
        ["framing"] * 2 + ["principle"] * 2 + ["idea"] * 6 + ["pilot"] * 3 + ["story"] * 2
    )
    assert node[s.text("navigate")] | {"withdrawn_on": None} == {
        "id": s.text("navigate"), "kind": "framing", "text": NAVIGATE, "status": None,
        "title": None, "withdrawn_on": None,
    }  # fmt: skip
    assert node[s.text("circles")]["status"] == {
        "tested": 2, "running": 1, "adopt": 0, "adapt": 1, "abandon": 0
    }  # fmt: skip
    assert node[s.text("hosted")]["status"] == dict.fromkeys(
        ("tested", "running", "adopt", "adapt", "abandon"), 0
    )
    assert node[s.text("library")]["status"] == {"status": "active", "decision": "adapt"}
    assert node[s.text("carers")]["status"] == {"status": "paused", "decision": None}
    assert node[s.text("library")]["text"] == "Story circles at the library"
    withdrawn = node[s.text("porter")]
    assert (withdrawn["kind"], withdrawn["text"], withdrawn["withdrawn_on"]) == (
        "story", None, "2026-03-09"
    )  # fmt: skip
    assert {"from": s.text("porter"), "to": s.text("listened")} in answer["edges"]
    assert {"from": s.text("navigate"), "to": s.text("listened")} in answer["edges"]
    assert {"from": s.text("listened"), "to": s.text("circles")} in answer["edges"]
    assert {"from": s.text("circles"), "to": s.text("library")} in answer["edges"]
    assert {"from": s.text("huddles"), "to": s.text("walking")} in answer["edges"]
    assert all(set(edge) == {"from", "to"} for edge in answer["edges"])
    assert PORTER not in response.text


@pytest.mark.parametrize(("who", "sees"), [("member", True), ("admin", True), ("outsider", True),
                                           ("facilitator", False), ("reader", False)])  # fmt: skip
def test_a_story_told_for_the_programme_team_is_absent_for_anyone_else(
    scene: tuple[Api, Scene], who: str, sees: bool
) -> None:
    """The teller (a member), the programme team (admins and leads) read it; another member
    and a reader do not, not even as a node or an edge."""
    api, s = scene
    response = api.get("/api/v1/map", who=who)
    assert response.status_code == 200
    assert (s.text("confidence") in response.text) is sees
    assert (CONFIDENCE in response.text) is sees
    assert s.text("porter") in response.text  # told for the community
    trail = api.get(f"/api/v1/stories/{s['confidence']}/trail", who=who)
    assert trail.status_code == (200 if sees else 404)


def test_the_map_as_it_stood_on_a_day(scene: tuple[Api, Scene]) -> None:
    api, s = scene
    on_third_day = api.get("/api/v1/map", params={"at": "2026-03-04"}).json()
    node = nodes_by_id(on_third_day)
    assert s.text("hosted") not in node
    assert s.text("walking") not in node
    assert node[s.text("circles")]["status"] == {
        "tested": 1, "running": 1, "adopt": 0, "adapt": 0, "abandon": 0
    }  # fmt: skip
    moment = api.get("/api/v1/map", params={"at": "2026-03-02T08:00:00Z"}).json()
    assert (moment["nodes"], moment["edges"]) == ([], [])
    same = api.get("/api/v1/map", params={"at": "2026-03-04T23:59:59.999999+00:00"}).json()
    assert same["nodes"] == on_third_day["nodes"]


def test_one_framing_questions_tree(scene: tuple[Api, Scene]) -> None:
    api, s = scene
    answer = api.get("/api/v1/map", params={"framing": s.text("foster")}).json()
    names = {value: key for key, value in s.ids.items()}
    assert [names[UUID(n["id"])] for n in answer["nodes"]] == [
        "foster", "small", "huddles", "ten-minute", "walking", "porter"
    ]  # fmt: skip
    assert answer["framing"] == s.text("foster")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"at": "yesterday"}, "at"),
        ({"at": "2026-02-30"}, "at"),
        ({"at": "0001-01-01T00:00:00+01:00"}, "at"),
        ({"framing": "not-an-id"}, "framing"),
        ({"framing": str(UUID(int=7))}, "framing"),
    ],
)
def test_a_bad_moment_or_framing_question_is_a_400_naming_the_field(
    scene: tuple[Api, Scene], query: dict[str, str], field: str
) -> None:
    api, _ = scene
    response = api.get("/api/v1/map", params=query)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_a_framing_question_not_yet_asked_at_that_moment_is_a_400(
    scene: tuple[Api, Scene],
) -> None:
    api, s = scene
    response = api.get("/api/v1/map", params={"framing": s.text("foster"), "at": "2026-03-02"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "framing"
    assert "2026-03-02" in response.json()["detail"]


def test_a_storys_trail(scene: tuple[Api, Scene]) -> None:
    api, s = scene
    response = api.get(f"/api/v1/stories/{s['porter']}/trail", who="member")
    assert response.status_code == 200, response.text
    trail = response.json()
    assert set(trail) == {"story", "principles", "ideas", "pilots"}
    assert trail["story"]["id"] == s.text("porter")
    assert (trail["story"]["text"], trail["story"]["title"]) == (None, None)
    assert trail["story"]["withdrawn_on"] == "2026-03-09"
    assert [p["id"] for p in trail["principles"]] == [s.text("listened"), s.text("small")]
    assert trail["principles"][0]["workshop"]["title"] == "Spring co-creation"
    assert [i["id"] for i in trail["ideas"]] == [
        s.text(name) for name in ("circles", "huddles", "hosted", "ten-minute", "walking")
    ]
    huddles = trail["ideas"][1]
    assert huddles["split_into"] == [s.text("ten-minute"), s.text("walking")]
    assert trail["ideas"][2]["from_pilot"] == s.text("library")
    assert trail["pilots"] == [
        {"id": s.text("library"), "title": "Story circles at the library", "status": "active",
         "decisions": ["adapt"], "tests_idea": s.text("circles")},
        {"id": s.text("carers"), "title": "Carers' story circles", "status": "paused",
         "decisions": [], "tests_idea": s.text("circles")},
    ]  # fmt: skip
    assert PORTER not in response.text
    kept = api.get(f"/api/v1/stories/{s['confidence']}/trail", who="member").json()
    assert kept["story"]["text"] == CONFIDENCE
    assert kept["story"]["consent"] == "team"


@pytest.mark.parametrize("path", [f"/api/v1/stories/{UUID(int=3)}/trail",
                                  "/api/v1/stories/not-a-story/trail"])  # fmt: skip
def test_no_such_story_has_no_trail(scene: tuple[Api, Scene], path: str) -> None:
    api, _ = scene
    response = api.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_pilot_is_no_story(scene: tuple[Api, Scene]) -> None:
    api, s = scene
    assert api.get(f"/api/v1/stories/{s['library']}/trail").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/map", f"/api/v1/stories/{UUID(int=3)}/trail"])
def test_both_need_a_signed_in_account(scene: tuple[Api, Scene], path: str) -> None:
    api, _ = scene
    assert api.get(path, who=None).status_code == 401


def test_both_are_in_the_api_document(api_document: dict[str, Any]) -> None:
    paths = api_document["paths"]
    the_map = paths["/api/v1/map"]["get"]
    assert {int(code) for code in the_map["responses"]} == {200, 304, 400, 401, 503}
    assert "ETag" in the_map["responses"]["200"]["headers"]
    assert the_map["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MapRead"
    }
    assert {p["name"] for p in the_map["parameters"]} == {"at", "framing"}
    trail = paths["/api/v1/stories/{story_id}/trail"]["get"]
    assert {int(code) for code in trail["responses"]} >= {200, 401, 404, 503}


def test_the_map_held_by_its_reader_is_304_until_the_log_moves(scene: tuple[Api, Scene]) -> None:
    api, s = scene
    first = api.get("/api/v1/map", who="facilitator")
    tag = first.headers["etag"]
    held = {"If-None-Match": tag}
    again = api.get("/api/v1/map", who="facilitator", headers=held)
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", tag)
    for who, query in [
        ("member", {}),  # another reader: the teller, who reads the team story too
        ("reader", {}),  # another reader who reads what the facilitator reads: still their own
        ("facilitator", {"at": "2026-03-04"}),
        ("facilitator", {"framing": s.text("foster")}),
    ]:
        other = api.get("/api/v1/map", who=who, params=query, headers=held)
        assert other.status_code == 200, (who, query)
        assert other.headers["etag"] != tag
    member = api.get("/api/v1/map", who="member").json()
    assert len(member["nodes"]) == len(first.json()["nodes"]) + 1  # the team story
    api.services.pilots.execute(RecordPrinciple(s["workshop"], text="Tea helps"),
                                api.ids["lead"], role="lead")  # fmt: skip
    moved = api.get("/api/v1/map", who="facilitator", headers=held)
    assert moved.status_code == 200
    assert moved.headers["etag"] != tag
    assert "Tea helps" in moved.text
    assert api.get("/api/v1/map", who="facilitator",
                   headers={"If-None-Match": moved.headers["etag"]}).status_code == 304  # fmt: skip


def test_a_refused_map_has_no_tag_to_hold(scene: tuple[Api, Scene]) -> None:
    api, _ = scene
    tag = api.get("/api/v1/map").headers["etag"]
    refused = api.get("/api/v1/map", params={"at": "last spring"}, headers={"If-None-Match": tag})
    assert refused.status_code == 400
    assert "etag" not in refused.headers


def test_readers_in_turn_at_one_position_each_get_the_map_of_the_stories_they_may_read(
    scene: tuple[Api, Scene],
) -> None:
    """A drawn map is kept per position and the stories its reader may read, so one reader's
    map is never given to a reader who may read fewer stories, whatever the order of reads."""
    api, s = scene
    for who, sees in [("lead", True), ("facilitator", False), ("member", True), ("reader", False),
                      ("admin", True), ("facilitator", False)]:  # fmt: skip
        for query in ("", f"?framing={s.text('navigate')}"):
            response = api.get(f"/api/v1/map{query}", who=who)
            assert response.status_code == 200, response.text
            assert (s.text("confidence") in response.text) is sees, (who, query)
            assert (CONFIDENCE in response.text) is sees, (who, query)
