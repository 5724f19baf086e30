"""Who may call what: a token on every route (401), no writes by readers (403), and no writes
to another lead's pilot on any route (R14 in the API, docs/quality.md)."""

from __future__ import annotations

import pytest

from tests.web.conftest import PEOPLE, Api
from tests.web.scenes import PILOTS, WRITES, WriteRoute, scene

READS = ["", "/timeline", "/idea-history", "/events"]


def every_route(api: Api) -> list[tuple[str, str]]:
    the_scene = scene(api)
    routes = [("GET", PILOTS), ("POST", PILOTS)]
    routes += [("GET", the_scene.url + part) for part in READS]
    return routes + [("POST", route.url(the_scene)) for route in WRITES]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer pt_not-a-real-token", "Bearer ", "Basic bGVlOnNlY3JldA==", "pt_bare-token"],
    ids=["no header", "unknown token", "empty token", "basic", "no scheme"],
)
def test_every_route_needs_a_valid_bearer_token(api: Api, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    for method, url in every_route(api):
        response = api.request(method, url, who=None, headers=headers, json={})
        assert response.status_code == 401, (method, url)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_reader_reads_everything(api: Api) -> None:
    for method, url in every_route(api):
        if method == "GET":
            assert api.get(url, who="reader").status_code == 200, url


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_a_reader_may_not_write_and_nothing_is_recorded(api: Api, route: WriteRoute) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.post(route.url(the_scene), route.body, who="reader")
    assert response.status_code == 403
    assert response.json()["title"] == "Not allowed"
    assert api.stored(the_scene.pilot_id) == before


def test_a_reader_may_not_register_a_pilot(api: Api) -> None:
    body = {"title": "Mine", "question": "How?", "idea": "This"}
    assert api.post(PILOTS, body, who="reader").status_code == 403


def test_members_and_facilitators_write_entries_but_only_leads_change_the_team(api: Api) -> None:
    the_scene = scene(api)
    reflection = {"text": "I noticed", "kind": "observation"}
    for who in ("member", "facilitator"):
        assert api.post(f"{the_scene.url}/reflections", reflection, who=who).status_code == 201
        body = {"email": PEOPLE["reader"][0], "role": "member"}
        assert api.post(f"{the_scene.url}/members", body, who=who).status_code == 403


def test_an_admin_is_not_on_every_team(api: Api) -> None:
    the_scene = scene(api)
    body = {"text": "Hello", "kind": "appreciation"}
    assert api.post(f"{the_scene.url}/reflections", body, who="admin").status_code == 403


def test_r14_two_leads_cannot_write_to_each_others_pilots_on_any_route(api: Api) -> None:
    ours, theirs = scene(api, "lead"), scene(api, "outsider")
    attempts = accepted = 0
    for who, target in (("lead", theirs), ("outsider", ours)):
        before = api.stored(target.pilot_id)
        for route in WRITES:
            body = route.body | ({"email": PEOPLE[who][0]} if route.name == "members" else {})
            response = api.post(route.url(target), body, who=who)
            attempts += 1
            accepted += response.is_success
            assert response.status_code == 403, (who, route.name, response.text)
        assert api.stored(target.pilot_id) == before
    print(f"R14 (API): cross-pilot writes attempted={attempts} accepted={accepted}")
    assert (attempts, accepted) == (2 * len(WRITES), 0)
