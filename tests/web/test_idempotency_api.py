"""`Idempotency-Key` (R10 in docs/quality.md): a repeat records nothing and gets the first
response byte for byte; the same key with another request is 409; a lost acknowledgement is
still answered."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.pilot.commands import RecordReflection
from tests.web.conftest import Api
from tests.web.scenes import PILOTS, WRITES, WriteRoute, register, scene, succeeding

REGISTRATION = {"title": "Story circles", "question": "How might we?", "idea": "Circles"}


def keyed(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def same_response(first: object, again: object) -> None:
    for attribute in ("status_code", "content"):
        assert getattr(first, attribute) == getattr(again, attribute), attribute
    for header in ("etag", "location", "content-type"):
        assert first.headers.get(header) == again.headers.get(header), header  # type: ignore[attr-defined]


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_r10_a_repeated_key_records_once_and_answers_byte_for_byte(
    api: Api, route: WriteRoute
) -> None:
    pilot_id, url = succeeding(api, route)
    body = route.body
    before = api.stored(pilot_id)
    first = api.post(url, body, headers=keyed("attempt-1"))
    assert first.status_code == route.success, first.text
    recorded = api.stored(pilot_id)
    again = api.post(url, body, headers=keyed("attempt-1"))
    print(f"R10 ({route.name}): events for one submission sent twice = {recorded - before}")
    assert recorded - before == 1
    assert api.stored(pilot_id) == recorded
    same_response(first, again)


def test_r10_a_repeated_registration_registers_one_pilot(api: Api) -> None:
    first = api.post(PILOTS, REGISTRATION, headers=keyed("register-1"))
    again = api.post(PILOTS, REGISTRATION, headers=keyed("register-1"))
    assert first.status_code == 201
    same_response(first, again)
    assert len(api.get(PILOTS).json()["items"]) == 1


def test_the_first_answer_comes_back_even_after_the_pilot_moved_on(api: Api) -> None:
    the_scene = scene(api)
    reflection = {"text": "A warm welcome", "kind": "appreciation"}
    first = api.post(f"{the_scene.url}/pause", {"reason": "Summer"}, headers=keyed("k"))
    api.post(f"{the_scene.url}/reflections", reflection)
    again = api.post(f"{the_scene.url}/pause", {"reason": "Summer"}, headers=keyed("k"))
    same_response(first, again)
    assert api.get(the_scene.url).json()["version"] == first.json()["version"] + 1


def test_the_same_key_with_a_different_request_is_409_and_records_nothing(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/reflections"
    api.post(url, {"text": "First", "kind": "experience"}, headers=keyed("k"))
    before = api.stored(the_scene.pilot_id)
    other_body = api.post(url, {"text": "Second", "kind": "experience"}, headers=keyed("k"))
    other_route = api.post(f"{the_scene.url}/pause", {"reason": "x"}, headers=keyed("k"))
    assert (other_body.status_code, other_route.status_code) == (409, 409)
    assert "Idempotency-Key" in other_body.json()["detail"]
    assert api.stored(the_scene.pilot_id) == before


def test_keys_belong_to_their_sender(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/reflections"
    body = {"text": "Same words", "kind": "experience"}
    mine = api.post(url, body, headers=keyed("k"), who="lead")
    theirs = api.post(url, body, headers=keyed("k"), who="member")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]


def test_a_lost_acknowledgement_is_answered_from_the_recorded_submission(api: Api) -> None:
    """The first attempt was saved, but its response was never kept (the process died between
    the save and the keep): the repeat records nothing and names the same reflection."""
    the_scene = scene(api)
    pilot_id, lead = UUID(the_scene.pilot_id), api.ids["lead"]
    first = api.services.pilots.execute(
        RecordReflection(pilot_id, kind="experience", text="Saved"), lead, submission="lost-ack"
    )
    before = api.stored(pilot_id)
    again = api.post(f"{the_scene.url}/reflections", {"text": "Saved", "kind": "experience"},
                     headers=keyed("lost-ack"))  # fmt: skip
    assert again.status_code == 201
    assert again.json()["id"] == str(first.events[-1].reflection_id)  # type: ignore[attr-defined]
    assert api.stored(pilot_id) == before


def test_a_refused_request_is_not_kept_so_its_key_can_be_sent_again(api: Api) -> None:
    pilot = register(api)
    url = f"{PILOTS}/{pilot['id']}/pause"
    stale = api.post(url, {"reason": "Summer"}, headers=keyed("k") | {"If-Match": '"7"'})
    retried = api.post(url, {"reason": "Summer"}, headers=keyed("k") | {"If-Match": '"1"'})
    assert (stale.status_code, retried.status_code) == (412, 200)


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\tinside"], ids=["empty", "201 chars", "tab"])
def test_a_key_that_is_not_1_to_200_printable_characters_is_400(api: Api, key: str) -> None:
    response = api.post(PILOTS, REGISTRATION, headers=keyed(key))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert api.get(PILOTS).json()["items"] == []


def test_r10_repeats_on_the_embedded_store_record_once(sqlite_api: Api) -> None:
    the_scene = scene(sqlite_api)
    url = f"{the_scene.url}/reflections"
    before = sqlite_api.stored(the_scene.pilot_id)
    answers = [
        sqlite_api.post(url, {"text": "Once", "kind": "experience"}, headers=keyed("k"))
        for _ in range(3)
    ]
    assert sqlite_api.stored(the_scene.pilot_id) == before + 1
    for again in answers[1:]:
        same_response(answers[0], again)
