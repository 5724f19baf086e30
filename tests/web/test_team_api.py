"""Taking someone off a pilot's team through the API: only a lead may, and the team always
keeps a lead."""

from __future__ import annotations

from tests.web.conftest import Api
from tests.web.scenes import scene


def test_a_lead_takes_a_member_off_the_team(api: Api) -> None:
    the_scene = scene(api)
    member = api.ids["member"]
    response = api.request("DELETE", f"{the_scene.url}/members/{member}")
    assert response.status_code == 200
    assert str(member) not in [m["user_id"] for m in response.json()["team"]]
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'
    summary = api.get(f"{the_scene.url}/timeline").json()["entries"][-1]["summary"]
    assert summary == "Lee Lead removed Mo Member from the team"


def test_the_last_lead_stays_and_nothing_is_recorded(api: Api) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.request("DELETE", f"{the_scene.url}/members/{api.ids['lead']}")
    assert response.status_code == 409
    assert "lead" in response.json()["detail"]
    assert api.stored(the_scene.pilot_id) == before


def test_someone_not_on_the_team_is_404(api: Api) -> None:
    the_scene = scene(api)
    response = api.request("DELETE", f"{the_scene.url}/members/{api.ids['outsider']}")
    assert response.status_code == 404


def test_only_a_lead_may_take_someone_off(api: Api) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    for who in ("member", "facilitator", "outsider", "reader"):
        url = f"{the_scene.url}/members/{api.ids['facilitator']}"
        assert api.request("DELETE", url, who=who).status_code == 403
    assert api.stored(the_scene.pilot_id) == before


def test_a_removal_takes_if_match_and_an_idempotency_key(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/members/{api.ids['member']}"
    assert api.request("DELETE", url, headers={"If-Match": '"1"'}).status_code == 412
    key = {"Idempotency-Key": "remove-mo"}
    first = api.request("DELETE", url, headers=key)
    again = api.request("DELETE", url, headers=key)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.content == again.content


def test_a_removal_without_a_token_is_401_and_on_an_unknown_pilot_is_404(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/members/{api.ids['member']}"
    assert api.request("DELETE", url, who=None).status_code == 401
    unknown = f"/api/v1/pilots/00000000-0000-4000-8000-000000000099/members/{api.ids['member']}"
    assert api.request("DELETE", unknown).status_code == 404
    assert api.request("DELETE", f"{the_scene.url}/members/not-an-id").status_code == 404
