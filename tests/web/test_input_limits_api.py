"""Malformed, unknown, oversized and too-large input on every write route: 400 or 413, and
nothing recorded (R17 for the API, docs/quality.md)."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import Api
from tests.web.scenes import BY_NAME, PILOTS, WRITES, WriteRoute, scene
from web.app import MAX_BODY_BYTES

WITH_FIELDS = [route for route in WRITES if route.oversize is not None]
REGISTRATION = {"title": "Story circles", "question": "How might we?", "idea": "Circles"}


def test_the_write_table_covers_every_write_route_of_the_contract() -> None:
    assert set(BY_NAME) == {
        "idea", "members", "cycles", "start", "do", "study", "act", "reflections",
        "question-sets", "insights", "question-status", "pause", "resume", "conclusion",
        "corrections", "action-report", "measures", "points", "point-correction", "phases",
    }  # fmt: skip


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_malformed_json_is_400_and_records_nothing(api: Api, route: WriteRoute) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.post(route.url(the_scene), content=b'{"text": "unfinished',
                        headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert {"status", "title", "detail"} <= set(response.json())
    assert api.stored(the_scene.pilot_id) == before


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_an_unknown_field_is_400_and_records_nothing(api: Api, route: WriteRoute) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.post(route.url(the_scene), route.body | {"colour": "blue"})
    assert response.status_code == 400
    assert "colour" in response.json()["detail"]
    assert api.stored(the_scene.pilot_id) == before


@pytest.mark.parametrize("route", WITH_FIELDS, ids=lambda r: r.name)
def test_an_oversized_field_is_400_naming_the_field(api: Api, route: WriteRoute) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.post(route.url(the_scene), route.too_long())
    assert response.status_code == 400
    assert route.oversize is not None
    assert [e["field"] for e in response.json()["errors"]] == [route.oversize[0]]
    assert api.stored(the_scene.pilot_id) == before


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_a_body_over_the_app_limit_is_413_and_records_nothing(api: Api, route: WriteRoute) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    huge = json.dumps({"text": "x" * MAX_BODY_BYTES}).encode()
    response = api.post(route.url(the_scene), content=huge,
                        headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert api.stored(the_scene.pilot_id) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (REGISTRATION | {"title": "x" * 201}, "title"),
        (REGISTRATION | {"idea": "x" * 10_001}, "idea"),
        (REGISTRATION | {"themes": ["x" * 61]}, "themes[0]"),
        (REGISTRATION | {"themes": [f"t{i}" for i in range(13)]}, "themes"),
        (REGISTRATION | {"lead": "me"}, None),
        ({"title": "No question or idea"}, None),
    ],
    ids=["long title", "long idea", "long theme", "13 themes", "unknown field", "missing"],
)
def test_a_bad_registration_is_400_and_registers_nothing(
    api: Api, body: dict[str, object], field: str | None
) -> None:
    response = api.post(PILOTS, body)
    assert response.status_code == 400
    if field is not None:
        assert response.json()["errors"][0]["field"] == field
    assert api.get(PILOTS).json()["items"] == []


def test_registration_over_the_app_limit_is_413(api: Api) -> None:
    huge = json.dumps(REGISTRATION | {"origin": "x" * MAX_BODY_BYTES}).encode()
    response = api.post(PILOTS, content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert api.get(PILOTS).json()["items"] == []
