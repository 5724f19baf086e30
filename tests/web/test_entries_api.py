"""Reflections, set meetings, questions and insights, and pausing, resuming and concluding."""

from __future__ import annotations

from tests.web.conftest import Api
from tests.web.scenes import PILOTS, register, scene

UNKNOWN = "00000000-0000-0000-0000-000000000000"


def test_a_member_records_a_reflection_on_a_cycle(api: Api) -> None:
    the_scene = scene(api)
    body = {"text": "People stayed for tea", "kind": "observation", "cycle": 1}
    response = api.post(f"{the_scene.url}/reflections", body, who="member")
    assert response.status_code == 201
    assert set(response.json()) == {"id"}
    reflection = api.get(the_scene.url).json()["reflections"][0]
    assert reflection == {"id": response.json()["id"], "kind": "observation",
                          "text": "People stayed for tea", "author": str(api.ids["member"]),
                          "cycle": 1, "visibility": "community", "withdrawn_on": None}  # fmt: skip


def test_a_reflection_on_a_cycle_that_does_not_exist_is_404(api: Api) -> None:
    the_scene = scene(api)
    body = {"text": "Hm", "kind": "meaning", "cycle": 4}
    assert api.post(f"{the_scene.url}/reflections", body).status_code == 404


def test_a_reflection_of_an_unknown_kind_is_400(api: Api) -> None:
    the_scene = scene(api)
    response = api.post(f"{the_scene.url}/reflections", {"text": "Hm", "kind": "rant"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "kind"


def test_a_facilitator_records_a_set_meeting_and_closed_questions_are_flagged(api: Api) -> None:
    the_scene = scene(api)
    booking = {"text": "Book a room", "owner": str(api.ids["member"])}
    questions = ["What would help?", "Did you ask them?"]
    facilitator = str(api.ids["facilitator"])
    body = {"held_on": "2026-06-01", "questions": questions, "facilitator": facilitator,
            "actions": ["Call Sam", booking]}  # fmt: skip
    response = api.post(f"{the_scene.url}/question-sets", body, who="facilitator")
    answer = response.json()
    assert response.status_code == 201
    assert [(q["text"], q["looks_closed"]) for q in answer["questions"]] == [
        ("What would help?", False), ("Did you ask them?", True)]  # fmt: skip
    held = api.get(the_scene.url).json()["question_sets"][1]
    assert (held["id"], held["held_on"]) == (answer["id"], "2026-06-01")
    assert [q["id"] for q in held["questions"]] == [q["id"] for q in answer["questions"]]
    assert held["questions"][0]["status"] == "open"
    assert [(a["text"], a["owner"]) for a in held["actions"]] == [
        ("Call Sam", None), ("Book a room", str(api.ids["member"]))]  # fmt: skip


def test_a_set_meeting_with_a_repeated_question_is_400(api: Api) -> None:
    the_scene = scene(api)
    body = {"held_on": "2026-06-01", "questions": ["What helped?", "what  helped?"]}
    response = api.post(f"{the_scene.url}/question-sets", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "questions[1]"


def test_an_insight_is_attached_to_its_question(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/questions/{the_scene.question_id}/insights"
    response = api.post(url, {"text": "Tea matters"}, who="facilitator")
    assert response.status_code == 201
    assert response.json()["question_id"] == the_scene.question_id
    question = api.get(the_scene.url).json()["question_sets"][0]["questions"][0]
    assert question["insights"] == [{"id": response.json()["id"], "text": "Tea matters",
                                     "author": str(api.ids["facilitator"])}]  # fmt: skip


def test_an_insight_on_an_unknown_question_is_404(api: Api) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.post(f"{the_scene.url}/questions/{UNKNOWN}/insights", {"text": "Tea"})
    assert response.status_code == 404
    assert api.stored(the_scene.pilot_id) == before


def test_a_question_moves_from_open_to_explored_to_answered(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/questions/{the_scene.question_id}/status"
    for status in ("explored", "answered"):
        response = api.post(url, {"status": status})
        assert response.status_code == 200
        assert response.json()["question_sets"][0]["questions"][0]["status"] == status


def test_an_answered_question_cannot_reopen(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/questions/{the_scene.question_id}/status"
    api.post(url, {"status": "answered"})
    before = api.stored(the_scene.pilot_id)
    assert api.post(url, {"status": "open"}).status_code == 409
    assert api.stored(the_scene.pilot_id) == before


def test_a_status_on_an_unknown_question_is_404_and_an_unknown_status_is_400(api: Api) -> None:
    the_scene = scene(api)
    unknown = api.post(f"{the_scene.url}/questions/{UNKNOWN}/status", {"status": "closed"})
    url = f"{the_scene.url}/questions/{the_scene.question_id}/status"
    assert (unknown.status_code, api.post(url, {"status": "done"}).status_code) == (404, 400)


def test_pausing_and_resuming_a_pilot(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    paused = api.post(f"{url}/pause", {"reason": "Summer break"})
    assert (paused.status_code, paused.json()["status"]) == (200, "paused")
    assert paused.json()["pause_reason"] == "Summer break"
    resumed = api.post(f"{url}/resume", content=b"")
    assert (resumed.status_code, resumed.json()["status"]) == (200, "active")


def test_resuming_an_active_pilot_or_pausing_a_paused_one_is_409(api: Api) -> None:
    pilot_id = register(api)["id"]
    url = f"{PILOTS}/{pilot_id}"
    assert api.post(f"{url}/resume", {}).status_code == 409
    api.post(f"{url}/pause", {"reason": "Summer"})
    assert api.post(f"{url}/pause", {"reason": "Again"}).status_code == 409
    assert api.stored(pilot_id) == 2


def test_concluding_a_pilot_records_its_outcome_once(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    body = {"outcome": "adapted", "summary": "Shorter circles work"}
    concluded = api.post(f"{url}/conclusion", body)
    assert concluded.status_code == 200
    pilot = concluded.json()
    assert (pilot["status"], pilot["outcome"], pilot["summary"]) == (
        "concluded", "adapted", "Shorter circles work")  # fmt: skip
    assert api.post(f"{url}/conclusion", body).status_code == 409


def test_a_reflection_is_still_welcome_after_the_end(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    api.post(f"{url}/conclusion", {"outcome": "adopted", "summary": "Done"})
    body = {"text": "Thank you all", "kind": "appreciation"}
    assert api.post(f"{url}/reflections", body).status_code == 201
