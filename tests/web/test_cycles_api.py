"""PDSA cycles through the API: plan, start, do, study, act, and the rules on their order."""

from __future__ import annotations

from tests.web.conftest import Api
from tests.web.scenes import PILOTS, PREDICTIONS, RESULTS, STEPS, register, run_cycle, scene


def test_a_whole_cycle_plan_start_do_study_act_through_the_api(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    plan = {"objective": "Try a short group", "predictions": PREDICTIONS, "plan": "Tuesdays"}
    planned = api.post(f"{url}/cycles", plan)
    assert (planned.status_code, planned.json()) == (201, {"number": 1, "stage": "planned"})
    assert planned.headers["etag"] == '"2"'
    stages = {"start": "started", "do": "done", "study": "studied", "act": "decided"}
    for step, stage in stages.items():
        response = api.post(f"{url}/cycles/1/{step}", STEPS[step], who="lead")
        assert response.status_code == 200, response.text
        assert response.json()["cycles"][0]["stage"] == stage
        assert response.headers["etag"] == f'"{response.json()["version"]}"'
    cycle = api.get(url).json()["cycles"][0]
    assert cycle["predictions"][0] == PREDICTIONS[0] | {"result": "As predicted"}
    assert (cycle["plan"], cycle["what_happened"]) == ("Tuesdays", STEPS["do"]["what_happened"])
    assert (cycle["learning"], cycle["decision"]) == ("Short sessions suit people", "adapt")
    assert cycle["rationale"] == "Keep it short"


def test_starting_a_cycle_needs_no_body_at_all(api: Api) -> None:
    url = scene(api).url
    response = api.post(f"{url}/cycles/1/start", content=b"")
    assert (response.status_code, response.json()["cycles"][0]["stage"]) == (200, "started")


def test_the_next_cycle_is_numbered_after_the_decided_one(api: Api) -> None:
    url = scene(api).url
    run_cycle(api, url, 1)
    planned = api.post(f"{url}/cycles", {"objective": "Again", "predictions": PREDICTIONS})
    assert planned.json() == {"number": 2, "stage": "planned"}


def test_deciding_before_studying_is_409_and_records_nothing(api: Api) -> None:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1, until="do")
    before = api.stored(the_scene.pilot_id)
    response = api.post(f"{the_scene.url}/cycles/1/act", STEPS["act"])
    assert response.status_code == 409
    assert "studied" in response.json()["detail"]
    assert api.stored(the_scene.pilot_id) == before


def test_planning_while_a_cycle_is_undecided_is_409(api: Api) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.post(
        f"{the_scene.url}/cycles", {"objective": "More", "predictions": PREDICTIONS}
    )
    assert response.status_code == 409
    assert api.stored(the_scene.pilot_id) == before


def test_starting_a_started_cycle_is_409(api: Api) -> None:
    url = scene(api).url
    api.post(f"{url}/cycles/1/start", {})
    assert api.post(f"{url}/cycles/1/start", {}).status_code == 409


def test_a_step_on_a_cycle_that_does_not_exist_is_404(api: Api) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    for step, body in STEPS.items():
        response = api.post(f"{the_scene.url}/cycles/7/{step}", body)
        assert response.status_code == 404, step
    assert api.stored(the_scene.pilot_id) == before


def test_a_cycle_number_that_is_not_a_number_addresses_nothing(api: Api) -> None:
    url = scene(api).url
    assert api.post(f"{url}/cycles/one/start", {}).status_code == 404


def test_a_study_must_give_a_result_for_every_prediction(api: Api) -> None:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1, until="do")
    before = api.stored(the_scene.pilot_id)
    body = {"results": RESULTS[:1], "learning": "Partial"}
    response = api.post(f"{the_scene.url}/cycles/1/study", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "results"
    assert api.stored(the_scene.pilot_id) == before


def test_a_decision_must_be_adopt_adapt_or_abandon(api: Api) -> None:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1, until="study")
    response = api.post(f"{the_scene.url}/cycles/1/act", {"decision": "keep", "rationale": "x"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "decision"


def test_a_plan_needs_at_least_one_prediction_and_at_most_twenty(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    none = api.post(f"{url}/cycles", {"objective": "Try", "predictions": []})
    many = [{"question": f"Question {i}?", "prediction": "Yes"} for i in range(21)]
    too_many = api.post(f"{url}/cycles", {"objective": "Try", "predictions": many})
    assert (none.status_code, too_many.status_code) == (400, 400)
    assert too_many.json()["errors"][0]["field"] == "predictions"


def test_a_paused_pilot_takes_no_new_cycle(api: Api) -> None:
    url = f"{PILOTS}/{register(api)['id']}"
    api.post(f"{url}/pause", {"reason": "Summer"})
    response = api.post(f"{url}/cycles", {"objective": "Try", "predictions": PREDICTIONS})
    assert response.status_code == 409


def test_the_whole_cycle_works_on_the_embedded_store(sqlite_api: Api) -> None:
    url = scene(sqlite_api).url
    run_cycle(sqlite_api, url, 1)
    assert sqlite_api.get(url).json()["cycles"][0]["stage"] == "decided"
