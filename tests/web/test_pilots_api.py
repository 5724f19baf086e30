"""Registering, listing and reading pilots; revising the idea; changing the team."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.web.conftest import PEOPLE, Api
from tests.web.scenes import PILOTS, register, scene

CONTRACT_FIELDS = {
    "id", "version", "title", "question", "idea", "origin", "themes", "status", "outcome",
    "team", "cycles", "reflections", "question_sets",
}  # fmt: skip


def test_registering_a_pilot_answers_201_with_its_location_etag_and_the_pilot(api: Api) -> None:
    body = {"title": "Story circles", "question": "How might we connect?", "idea": "Circles",
            "origin": "Workshop 2", "themes": ["Connection", "connection", "Groups"]}  # fmt: skip
    response = api.post(PILOTS, body)
    pilot = response.json()
    assert response.status_code == 201
    assert response.headers["location"] == f"{PILOTS}/{pilot['id']}"
    assert response.headers["etag"] == '"1"'
    assert set(pilot) >= CONTRACT_FIELDS
    assert (pilot["status"], pilot["outcome"], pilot["origin"]) == ("active", None, "Workshop 2")
    assert pilot["themes"] == ["connection", "groups"]
    assert pilot["team"] == [{"user_id": str(api.ids["lead"]), "role": "lead"}]
    assert api.get(response.headers["location"]).json() == pilot


def test_an_admin_may_register_a_pilot_but_a_member_or_reader_may_not(api: Api) -> None:
    assert register(api, who="admin")["team"][0]["user_id"] == str(api.ids["admin"])
    for who in ("member", "reader"):
        body = {"title": "Mine", "question": "How?", "idea": "This"}
        response = api.post(PILOTS, body, who=who)
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
    assert len(api.get(PILOTS).json()["items"]) == 1


def test_registering_without_a_required_field_is_400_naming_it(api: Api) -> None:
    response = api.post(PILOTS, {"title": "Story circles", "idea": "Circles"})
    assert response.status_code == 400
    assert "question" in response.json()["detail"]


def test_a_blank_title_is_400_with_a_field_error(api: Api) -> None:
    response = api.post(PILOTS, {"title": "  ", "question": "How?", "idea": "Circles"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "title", "message": "must not be blank"}]


def test_more_than_twelve_themes_is_400(api: Api) -> None:
    themes = [f"theme {i}" for i in range(13)]
    response = api.post(PILOTS, {"title": "T", "question": "Q", "idea": "I", "themes": themes})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "themes"


def test_the_list_shows_every_pilot_newest_activity_first(api: Api) -> None:
    older = register(api, title="Older", themes=["groups"])
    newer = register(api, who="outsider", title="Newer", themes=["walks"])
    response = api.get(PILOTS, who="reader")
    items = response.json()["items"]
    assert response.status_code == 200
    assert [i["title"] for i in items] == ["Newer", "Older"]
    assert set(items[0]) >= {"id", "title", "status", "themes", "cycles", "last_activity"}
    assert (items[1]["id"], items[1]["cycles"], items[1]["status"]) == (older["id"], 0, "active")
    api.post(f"{PILOTS}/{older['id']}/reflections", {"text": "Busy", "kind": "experience"})
    assert [i["id"] for i in api.get(PILOTS).json()["items"]] == [older["id"], newer["id"]]


def test_the_list_narrows_by_status_and_theme(api: Api) -> None:
    groups = register(api, title="Groups", themes=["Groups"])
    walks = register(api, title="Walks", themes=["walks"])
    api.post(f"{PILOTS}/{walks['id']}/pause", {"reason": "Summer"})
    by_status = api.get(PILOTS, params={"status": "paused"}).json()["items"]
    by_theme = api.get(PILOTS, params={"theme": "groups"}).json()["items"]
    everything = api.get(PILOTS, params={"status": "", "theme": ""}).json()["items"]
    assert [i["id"] for i in by_status] == [walks["id"]]
    assert [i["id"] for i in by_theme] == [groups["id"]]
    assert len(everything) == 2


def test_an_unknown_status_in_the_list_is_400(api: Api) -> None:
    response = api.get(PILOTS, params={"status": "finished"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


def test_reading_a_pilot_carries_its_version_as_etag(api: Api) -> None:
    url = scene(api).url
    response = api.get(url, who="reader")
    assert response.status_code == 200
    assert response.headers["etag"] == f'"{response.json()["version"]}"'
    assert response.json()["version"] == 7  # the scene: seven events


def test_an_unknown_pilot_is_404_and_a_malformed_id_is_404_too(api: Api) -> None:
    assert api.get(f"{PILOTS}/00000000-0000-0000-0000-000000000000").status_code == 404
    assert api.get(f"{PILOTS}/not-a-uuid").status_code == 404


def test_a_version_gives_the_pilot_as_it_was_then(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    api.post(f"{url}/idea", {"idea": "Story walks", "rationale": "Rooms are scarce"})
    then = api.get(url, params={"version": 1})
    assert (then.json()["idea"], then.json()["version"]) == ("Circles", 1)
    assert then.headers["etag"] == '"1"'
    assert api.get(url).json()["idea"] == "Story walks"


def test_a_moment_gives_the_pilot_as_it_was_then(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    api.post(f"{url}/idea", {"idea": "Story walks", "rationale": "Rooms are scarce"})
    registered_at = api.get(f"{url}/events").json()["events"][0]["at"]
    then = api.get(url, params={"at": registered_at})
    assert (then.json()["idea"], then.json()["version"]) == ("Circles", 1)
    later = datetime.fromisoformat(registered_at) + timedelta(days=1)
    assert api.get(url, params={"at": later.isoformat()}).json()["version"] == 2


def test_before_registration_is_404_and_a_future_version_is_404(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    assert api.get(url, params={"at": "2000-01-01T00:00:00Z"}).status_code == 404
    assert api.get(url, params={"version": 9}).status_code == 404


def test_asking_for_a_version_and_a_moment_at_once_is_400(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    response = api.get(url, params={"version": 1, "at": "2030-01-01T00:00:00Z"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_a_malformed_version_or_moment_is_400(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    for params in ({"version": 0}, {"version": "two"}, {"version": 2**63}, {"at": "yesterday"},
                   {"at": "2030-01-01T00:00:00"}):  # fmt: skip
        assert api.get(url, params=params).status_code == 400, params


def test_revising_the_idea_answers_the_pilot(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    response = api.post(f"{url}/idea", {"idea": "Story walks", "rationale": "Rooms are scarce"})
    assert response.status_code == 200
    assert (response.json()["idea"], response.headers["etag"]) == ("Story walks", '"2"')


def test_an_idea_the_same_as_the_current_one_is_409_and_records_nothing(api: Api) -> None:
    pilot = register(api)
    response = api.post(f"{PILOTS}/{pilot['id']}/idea", {"idea": " circles ", "rationale": "x"})
    assert response.status_code == 409
    assert api.stored(pilot["id"]) == 1


def test_a_lead_adds_people_to_the_team_by_email(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    response = api.post(f"{url}/members", {"email": "MO@example.org", "role": "member"})
    assert response.status_code == 200
    assert {"user_id": str(api.ids["member"]), "role": "member"} in response.json()["team"]


def test_an_unknown_email_is_400_on_the_email_field(api: Api) -> None:
    pilot = register(api)
    body = {"email": "nobody@example.org", "role": "member"}
    response = api.post(f"{PILOTS}/{pilot['id']}/members", body)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "email", "message": "no account has this email"}]
    assert api.stored(pilot["id"]) == 1


def test_only_a_lead_learns_whether_an_email_has_an_account(api: Api) -> None:
    the_scene = scene(api)
    body = {"email": "nobody@example.org", "role": "member"}
    for who in ("member", "outsider"):
        assert api.post(f"{the_scene.url}/members", body, who=who).status_code == 403


def test_a_team_member_may_not_change_the_team(api: Api) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    body = {"email": PEOPLE["member"][0], "role": "lead"}
    response = api.post(f"{the_scene.url}/members", body, who="member")
    assert response.status_code == 403
    assert api.stored(the_scene.pilot_id) == before


def test_a_role_that_is_not_a_team_role_is_400(api: Api) -> None:
    pilot = register(api)
    body = {"email": PEOPLE["member"][0], "role": "admin"}
    response = api.post(f"{PILOTS}/{pilot['id']}/members", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "role"
