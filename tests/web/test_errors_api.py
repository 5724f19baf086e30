"""Errors every pilot route shares: an unknown pilot (404), a reused Idempotency-Key (409), a
store that does not answer (503), all as problem+json, and none of them records anything."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from tests.web.conftest import Api
from tests.web.scenes import PILOTS, WRITES, Scene, WriteRoute, register, scene

UNKNOWN = Scene(
    "00000000-0000-0000-0000-000000000000",
    "00000000-0000-0000-0000-000000000001",
    "00000000-0000-0000-0000-000000000002",
    "00000000-0000-0000-0000-000000000003",
)
READS = ["", "/timeline", "/idea-history", "/events", f"/measures/{UUID(int=3)}",
         f"/measures/{UUID(int=3)}/chart.svg", f"/measures/{UUID(int=3)}/points.csv"]  # fmt: skip


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["status"], bool(body["title"]), bool(body["detail"])) == (status, True, True)
    return body


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_a_write_to_an_unknown_pilot_is_404(api: Api, route: WriteRoute) -> None:
    problem(api.post(route.url(UNKNOWN), route.body), 404)


@pytest.mark.parametrize("part", READS)
def test_a_read_of_an_unknown_pilot_is_404(api: Api, part: str) -> None:
    problem(api.get(UNKNOWN.url + part), 404)


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_a_key_reused_for_another_request_is_409_on_every_write(
    api: Api, route: WriteRoute
) -> None:
    the_scene = scene(api)
    key = {"Idempotency-Key": "used-once"}
    api.post(f"{the_scene.url}/reflections", {"text": "First use", "kind": "meaning"}, headers=key)
    before = api.stored(the_scene.pilot_id)
    problem(api.post(route.url(the_scene), route.body, headers=key), 409)
    assert api.stored(the_scene.pilot_id) == before


def test_a_key_reused_for_another_registration_is_409(api: Api) -> None:
    key = {"Idempotency-Key": "register-once"}
    register(api, headers=key)
    body = {"title": "Another", "question": "How?", "idea": "Other"}
    problem(api.post(PILOTS, body, headers=key), 409)
    assert len(api.get(PILOTS).json()["items"]) == 1


@pytest.fixture
def store_down(api: Api, monkeypatch: pytest.MonkeyPatch) -> Scene:
    """A pilot, and then an event store that answers nothing."""
    the_scene = scene(api)

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    recorder = api.services.pilots.recorder
    for method in ("select_events", "insert_events", "select_notifications"):
        monkeypatch.setattr(recorder, method, down)
    return the_scene


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_a_write_while_the_store_is_down_is_503(
    api: Api, store_down: Scene, route: WriteRoute
) -> None:
    response = api.post(route.url(store_down), route.body)
    assert "nothing was recorded" in problem(response, 503)["detail"]
    assert response.headers["retry-after"] == "5"


@pytest.mark.parametrize("part", READS)
def test_a_read_while_the_store_is_down_is_503(api: Api, store_down: Scene, part: str) -> None:
    problem(api.get(store_down.url + part), 503)


def test_listing_and_registering_while_the_store_is_down_are_503(
    api: Api, store_down: Scene
) -> None:
    problem(api.get(PILOTS), 503)
    problem(api.post(PILOTS, {"title": "T", "question": "Q", "idea": "I"}), 503)
