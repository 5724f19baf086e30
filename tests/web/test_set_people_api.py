"""Who facilitated a set meeting and whose issue it was: an account by id or email, or someone
without an account by name; and reporting back on an action through the API."""

from __future__ import annotations

import pytest

from tests.web.conftest import PEOPLE, Api
from tests.web.scenes import scene


def held(api: Api, url: str, **people: str) -> dict[str, object]:
    body = {"held_on": "2026-06-01", "questions": ["What would help?"], **people}
    response = api.post(f"{url}/question-sets", body)
    assert response.status_code == 201, response.text
    sets = api.get(url).json()["question_sets"]
    (meeting,) = [s for s in sets if s["id"] == response.json()["id"]]
    return meeting  # type: ignore[no-any-return]


def test_people_are_named_by_account_id_email_or_name(api: Api) -> None:
    the_scene = scene(api)
    meeting = held(
        api, the_scene.url, facilitator="Jo Adviser", issue_holder=PEOPLE["member"][0].upper()
    )
    assert (meeting["facilitator"], meeting["facilitator_name"]) == (None, "Jo Adviser")
    assert (meeting["issue_holder"], meeting["issue_holder_name"]) == (
        str(api.ids["member"]), "Mo Member")  # fmt: skip
    by_id = held(api, the_scene.url, facilitator=str(api.ids["facilitator"]))
    assert (by_id["facilitator"], by_id["facilitator_name"]) == (
        str(api.ids["facilitator"]), "Fay Facilitator")  # fmt: skip
    assert (by_id["issue_holder"], by_id["issue_holder_name"]) == (None, "")


@pytest.mark.parametrize(
    "someone", ["nobody@example.org", "00000000-0000-4000-8000-000000000099", "x" * 201]
)
def test_an_unknown_email_or_id_or_an_overlong_name_is_400(api: Api, someone: str) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    body = {"held_on": "2026-06-01", "questions": ["What now?"], "facilitator": someone}
    response = api.post(f"{the_scene.url}/question-sets", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "facilitator"
    assert api.stored(the_scene.pilot_id) == before


def test_an_action_is_reported_back_once(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/actions/{the_scene.action_id}/report"
    response = api.post(url, {"report": "Sam is in"}, who="member")
    assert response.status_code == 200
    (action,) = response.json()["question_sets"][0]["actions"]
    assert (action["text"], action["report"]) == ("Call Sam", "Sam is in")
    before = api.stored(the_scene.pilot_id)
    assert api.post(url, {"report": "Again"}).status_code == 409
    assert api.stored(the_scene.pilot_id) == before


def test_reporting_back_on_an_unknown_action_is_404_and_a_blank_report_is_400(api: Api) -> None:
    the_scene = scene(api)
    unknown = f"{the_scene.url}/actions/00000000-0000-4000-8000-000000000099/report"
    assert api.post(unknown, {"report": "Done"}).status_code == 404
    url = f"{the_scene.url}/actions/{the_scene.action_id}/report"
    blank = api.post(url, {"report": "  "})
    assert blank.status_code == 400
    assert blank.json()["errors"][0]["field"] == "report"
