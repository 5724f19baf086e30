"""Every list route pages the same way: `?limit=` and `?cursor=`, with `next` to follow, and
walking from the first page to `next: null` gives every item once, in order."""

from __future__ import annotations

import base64
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import Api
from tests.web.scenes import PILOTS, register, run_cycle, scene

# Each list route, the key of its list in the answer, and the query it needs besides paging.
LISTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "pilots": (PILOTS, "items", {}),
    "timeline": ("{pilot}/timeline", "entries", {}),
    "events": ("{pilot}/events", "events", {}),
    "ideas": ("{pilot}/idea-history", "versions", {}),
    "questions": ("/api/v1/learning/questions", "items", {}),
    "search": ("/api/v1/search", "items", {"q": "tea"}),
    "method-checks": ("/api/v1/learning/method-checks", "items", {}),
}


@pytest.fixture
def programme(stored_api: Api) -> tuple[Api, dict[str, str]]:
    """Several pilots, one of them with a long history: every list has a few pages' worth, on
    each store."""
    api = stored_api
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1)
    for n in range(4):
        body = {"idea": f"Circles with tea, version {n}", "rationale": "Tea helps"}
        assert api.post(f"{the_scene.url}/idea", body).status_code == 200
        reflection = {"text": f"We had tea {n}", "kind": "meaning"}
        assert api.post(f"{the_scene.url}/reflections", reflection).status_code == 201
    for n in range(5):
        pilot = register(api, title=f"Walks {n}", idea=f"Walks and tea {n}")
        url = f"{PILOTS}/{pilot['id']}"
        body = {"held_on": f"2026-05-0{n + 1}", "questions": ["What helped?", "Who came?"]}
        assert api.post(f"{url}/question-sets", body).status_code == 201
    return api, {"pilot": the_scene.url}


def url_of(route: str, where: dict[str, str]) -> str:
    return LISTS[route][0].format(**where)


def get(api: Api, route: str, where: dict[str, str], **params: Any) -> Any:
    return api.get(url_of(route, where), params=LISTS[route][2] | params)


def walk(api: Api, route: str, where: dict[str, str], limit: int) -> list[list[Any]]:
    pages, cursor, key = [], None, LISTS[route][1]
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = get(api, route, where, **params)
        assert response.status_code == 200, response.text
        answer = response.json()
        pages.append(answer[key])
        cursor = answer["next"]
        if cursor is None:
            return pages


@pytest.mark.parametrize("route", list(LISTS))
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(limit=st.integers(1, 7))
def test_walking_the_pages_gives_every_item_once(
    programme: tuple[Api, dict[str, str]], route: str, limit: int
) -> None:
    api, where = programme
    key = LISTS[route][1]
    whole = get(api, route, where, limit=200).json()
    assert whole["next"] is None
    pages = walk(api, route, where, limit)
    assert all(len(page) == limit for page in pages[:-1])
    assert 1 <= len(pages[-1]) <= limit or pages == [[]]
    assert [item for page in pages for item in page] == whole[key]
    assert len(whole[key]) > 3 or route == "method-checks"


@pytest.mark.parametrize("route", list(LISTS))
@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten"])
def test_a_bad_limit_is_400(programme: tuple[Api, dict[str, str]], route: str, limit: str) -> None:
    api, where = programme
    response = get(api, route, where, limit=limit)
    assert response.status_code == 400


def forged(*key: object) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(list(key))).rstrip(b"=").decode()


@pytest.mark.parametrize("route", list(LISTS))
def test_a_cursor_this_list_did_not_give_is_400(
    programme: tuple[Api, dict[str, str]], route: str
) -> None:
    api, where = programme
    other = "pilots" if route != "pilots" else "timeline"
    wrong = [
        forged(other, 1),
        forged(route, "x", "y", "z", "w"),
        forged(route),
        forged(route, True),
    ]
    for cursor in ["garbage!", "", *wrong]:
        response = get(api, route, where, cursor=cursor)
        assert response.status_code == 400, (cursor, response.text)
        assert response.json()["errors"][0]["field"] == "cursor"
