"""Comparing two moments of a pilot, for auditors."""

from __future__ import annotations

from tests.web.conftest import Api
from tests.web.scenes import PILOTS, register


def test_comparing_two_versions_lists_what_changed_and_the_events_between(api: Api) -> None:
    pilot = register(api, idea="Monthly online circles")
    url = f"{PILOTS}/{pilot['id']}"
    api.post(f"{url}/idea", {"idea": "Fortnightly circles in person", "rationale": "Presence"})
    api.post(f"{url}/reflections", {"kind": "meaning", "text": "Presence matters"})
    api.post(f"{url}/pause", {"reason": "Summer"})

    response = api.get(f"{url}/compare?from=1&to=3")

    assert response.status_code == 200
    assert response.headers["etag"] == '"3"'
    body = response.json()
    assert (body["from_version"], body["to_version"]) == (1, 3)
    parts = {change["part"]: change for change in body["changes"]}
    assert set(parts) == {"Idea", "Reflection (meaning)"}
    assert parts["Idea"]["before"] == "Monthly online circles"
    diff = parts["Idea"]["diff"]
    removed = " ".join(p["text"] for p in diff if p["op"] == "removed")
    added = " ".join(p["text"] for p in diff if p["op"] == "added")
    assert ("Monthly" in removed, "online" in removed) == (True, True)
    assert ("Fortnightly" in added, "person" in added, "circles" in added) == (True, True, False)
    assert [e["type"] for e in body["events"]] == [
        "pilots:IdeaRevised",
        "pilots:ReflectionRecorded",
    ]


def test_to_defaults_to_now(api: Api) -> None:
    pilot = register(api)
    url = f"{PILOTS}/{pilot['id']}"
    api.post(f"{url}/pause", {"reason": "Summer"})
    body = api.get(f"{url}/compare?from=1").json()
    assert body["to_version"] == 2
    assert body["changes"][0]["part"] == "Status"


def test_comparing_needs_a_from_version_within_the_pilot(api: Api) -> None:
    pilot = register(api)
    url = f"{PILOTS}/{pilot['id']}"
    assert api.get(f"{url}/compare").status_code == 400
    assert api.get(f"{url}/compare?from=0").status_code == 400
    assert api.get(f"{url}/compare?from=5").status_code == 400
    assert api.get(f"{url}/compare?from=1&to=9").status_code == 404
    assert (
        api.get(f"{PILOTS}/00000000-0000-0000-0000-000000000009/compare?from=1").status_code == 404
    )
    assert api.get(f"{url}/compare?from=1", who=None).status_code == 401
