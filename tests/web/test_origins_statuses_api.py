"""Every status each route of stories and workshops can answer, on SQLite and on PostgreSQL: its
success, and 400, 401, 403, 404, 409, 412, 413 and 503, each as problem+json and each recording
nothing. `Api` fails any test that sees a status the OpenAPI document does not list for the
route, so the document is held to these too.

Each test walks the whole table (`tests/web/origins_scenes.py`) on a fresh scene per route,
rather than a test per route, so a fresh PostgreSQL database serves a whole status.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from tests.web.conftest import Api
from tests.web.origins_scenes import (
    BY_NAME,
    ORIGIN_WRITES,
    OUTPUTS,
    OriginRoute,
    OriginScene,
    origin_scene,
    position,
)
from web.app import MAX_BODY_BYTES

UNKNOWN = str(UUID(int=7))
UNDER_A_RECORD = [route for route in ORIGIN_WRITES if route.record]


def problem(response: Any, status: int, route: str) -> dict[str, Any]:
    assert response.status_code == status, (route, response.status_code, response.text)
    assert response.headers["content-type"] == "application/problem+json", route
    body: dict[str, Any] = response.json()
    assert (body["status"], bool(body["title"]), bool(body["detail"])) == (status, True, True)
    return body


def send(api: Api, route: OriginRoute, scene: OriginScene, body: dict[str, Any], **kw: Any) -> Any:
    return api.post(route.url(scene), route.filled(scene, body), **({"who": route.who} | kw))


def test_the_table_holds_every_write_route_of_stories_and_workshops(
    api_document: dict[str, Any],
) -> None:
    def shape(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", path)

    documented = {
        shape(path) for path, item in api_document["paths"].items()
        if path.startswith(("/api/v1/stories", "/api/v1/workshops")) and "post" in item
    }  # fmt: skip
    assert documented == {shape("/api/v1" + route.path) for route in ORIGIN_WRITES}


def test_each_write_succeeds_and_answers_the_record_version_as_its_etag(stored_api: Api) -> None:
    for route in ORIGIN_WRITES:
        scene = origin_scene(stored_api)
        before = position(stored_api)
        response = send(stored_api, route, scene, route.body)
        assert response.status_code == route.success, (route.name, response.text)
        assert position(stored_api) == (before or 0) + 1, route.name
        assert response.headers["etag"].strip('"').isdigit(), route.name


def test_no_route_answers_without_a_valid_token_401(stored_api: Api) -> None:
    scene = origin_scene(stored_api)
    for route in ORIGIN_WRITES:
        for headers in ({}, {"Authorization": "Bearer pt_not-a-real-token"}):
            response = stored_api.post(route.url(scene), route.filled(scene, route.body),
                                       who=None, headers=headers)  # fmt: skip
            problem(response, 401, route.name)
    problem(stored_api.get(scene.url, who=None), 401, "workshop")


def test_readers_may_write_nothing_403(stored_api: Api) -> None:
    scene = origin_scene(stored_api)
    before = position(stored_api)
    for route in ORIGIN_WRITES:
        problem(send(stored_api, route, scene, route.body, who="reader"), 403, route.name)
    assert position(stored_api) == before


def test_nor_those_without_standing_on_the_record_403(stored_api: Api) -> None:
    """A member who is neither teller nor recorder writes to no story; a member who does not
    facilitate a workshop writes nothing to it; only leads and admins record workshops and name
    their facilitators."""
    scene = origin_scene(stored_api)
    before = position(stored_api)
    for route in ORIGIN_WRITES:
        if route.forbidden:
            response = send(stored_api, route, scene, route.body, who=route.forbidden)
            problem(response, 403, route.name)
    assert position(stored_api) == before


def test_bad_input_is_400_naming_the_field(stored_api: Api) -> None:
    scene = origin_scene(stored_api)
    before = position(stored_api)
    for route in ORIGIN_WRITES:
        unknown = problem(send(stored_api, route, scene, route.body | {"colour": "blue"}), 400,
                          route.name)  # fmt: skip
        assert "colour" in unknown["detail"]
        refused = problem(send(stored_api, route, scene, route.invalid), 400, route.name)
        assert [e["field"] for e in refused["errors"]] == [route.field], route.name
    assert position(stored_api) == before


def test_an_unknown_record_or_output_is_404(stored_api: Api) -> None:
    scene = origin_scene(stored_api)
    before = position(stored_api)
    for route in UNDER_A_RECORD:
        url = route.url(scene, **{route.record: UNKNOWN})
        problem(stored_api.post(url, route.filled(scene, route.body), who=route.who), 404,
                route.name)  # fmt: skip
        if route.name in OUTPUTS:
            url = route.url(scene, **{OUTPUTS[route.name]: UNKNOWN})
            problem(stored_api.post(url, route.filled(scene, route.body), who=route.who), 404,
                    route.name)  # fmt: skip
    problem(stored_api.get(f"/api/v1/workshops/{UNKNOWN}"), 404, "workshop")
    assert position(stored_api) == before


def test_a_story_the_sender_may_not_read_is_404_to_them(stored_api: Api) -> None:
    """A `team` story is, to a member who neither told nor recorded it, no story at all."""
    scene = origin_scene(stored_api)
    kept = stored_api.post("/api/v1/stories", {"text": "Said in the set", "consent": "team"},
                           who="member").json()["id"]  # fmt: skip
    before = position(stored_api)
    for name in ("story-revision", "story-withdrawal"):
        route = BY_NAME[name]
        response = stored_api.post(route.url(scene, story=kept), route.filled(scene, route.body),
                                   who="facilitator")  # fmt: skip
        problem(response, 404, name)
    assert position(stored_api) == before


def test_a_broken_rule_is_409(stored_api: Api) -> None:
    for route in ORIGIN_WRITES:
        if route.broken is None:
            continue
        scene = origin_scene(stored_api)
        made = route.before(stored_api, scene)
        before = position(stored_api)
        body = route.filled(scene, route.broken, **made)
        problem(stored_api.post(route.url(scene), body, who=route.who), 409, route.name)
        assert position(stored_api) == before, route.name


def test_a_key_reused_for_another_request_is_409(stored_api: Api) -> None:
    scene = origin_scene(stored_api)
    key = {"Idempotency-Key": "used-once"}
    for who in ("member", "lead", "facilitator"):
        answer = stored_api.post("/api/v1/stories", {"text": "First", "consent": "team"},
                                 who=who, headers=key)  # fmt: skip
        assert answer.status_code == 201
    before = position(stored_api)
    for route in ORIGIN_WRITES:
        problem(send(stored_api, route, scene, route.body, headers=key), 409, route.name)
    assert position(stored_api) == before


def test_a_stale_if_match_is_412(stored_api: Api) -> None:
    scene = origin_scene(stored_api)
    before = position(stored_api)
    for route in UNDER_A_RECORD:
        response = send(stored_api, route, scene, route.body, headers={"If-Match": '"99"'})
        problem(response, 412, route.name)
    assert position(stored_api) == before


def test_a_body_over_the_limit_is_413(stored_api: Api) -> None:
    scene = origin_scene(stored_api)
    before = position(stored_api)
    huge = b'{"text": "' + b"x" * MAX_BODY_BYTES + b'"}'
    for route in ORIGIN_WRITES:
        response = stored_api.post(route.url(scene), content=huge, who=route.who,
                                   headers={"Content-Type": "application/json"})  # fmt: skip
        problem(response, 413, route.name)
    assert position(stored_api) == before


def test_while_the_store_is_down_every_route_is_503(
    stored_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = origin_scene(stored_api)

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    recorder = stored_api.services.pilots.recorder
    for method in ("select_events", "insert_events", "select_notifications"):
        monkeypatch.setattr(recorder, method, down)
    for route in ORIGIN_WRITES:
        answer = problem(send(stored_api, route, scene, route.body), 503, route.name)
        assert "nothing was recorded" in answer["detail"]
    problem(stored_api.get(scene.url), 503, "workshop")
