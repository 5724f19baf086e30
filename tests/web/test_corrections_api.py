"""Corrections through the API: the entry is put right, the old text is kept beside the new,
and the timeline and the pilot as it stood before still show what was there."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.web.conftest import Api
from tests.web.scenes import run_cycle, scene

# Fixed, not drawn afresh, so that every test process collects the same test ids.
NO_SUCH_ENTRY = UUID("6d1f3c2a-0b4e-4f7a-9c58-2e8d7b1a4f60")


def correct(api: Api, url: str, entry: str, text: str = "Put right", **kwargs: str):
    body = {"entry": entry, "text": text, "reason": kwargs.pop("reason", "A typo")}
    return api.post(f"{url}/corrections", body, **kwargs)


def test_a_corrected_title_keeps_the_old_text_beside_the_new(api: Api) -> None:
    the_scene = scene(api)
    before = api.get(the_scene.url).json()
    response = correct(api, the_scene.url, "title", "Story circles in libraries", who="member")
    assert response.status_code == 200
    pilot = response.json()
    assert pilot["title"] == "Story circles in libraries"
    (correction,) = pilot["corrections"]
    assert {k: correction[k] for k in ("entry", "previous", "text", "reason", "actor")} == {
        "entry": "title", "previous": "Story circles", "text": "Story circles in libraries",
        "reason": "A typo", "actor": str(api.ids["member"]),
    }  # fmt: skip
    assert correction["at"] is not None
    then = api.get(the_scene.url, params={"version": before["version"]}).json()
    assert then["title"] == "Story circles"
    entries = api.get(f"{the_scene.url}/timeline").json()["entries"]
    assert entries[-1]["kind"] == "EntryCorrected"
    assert "“Story circles”" in entries[-1]["summary"]
    assert "“Story circles in libraries”" in entries[-1]["summary"]


def test_cycle_text_reflections_and_insights_can_be_corrected(api: Api) -> None:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1)
    reflection = api.post(f"{the_scene.url}/reflections", {"text": "Ten came", "kind": "meaning"})
    insight = api.post(
        f"{the_scene.url}/questions/{the_scene.question_id}/insights", {"text": "Tea matters"}
    )
    entries = {
        "cycle:1:learning": "Short sessions suit most people",
        f"reflection:{reflection.json()['id']}": "Twelve came",
        f"insight:{insight.json()['id']}": "Tea and cake matter",
    }
    for entry, text in entries.items():
        assert correct(api, the_scene.url, entry, text).status_code == 200
    pilot = api.get(the_scene.url).json()
    assert pilot["cycles"][0]["learning"] == "Short sessions suit most people"
    assert pilot["reflections"][0]["text"] == "Twelve came"
    assert pilot["question_sets"][0]["questions"][0]["insights"][0]["text"] == "Tea and cake matter"
    assert [c["entry"] for c in pilot["corrections"]] == list(entries)


@pytest.mark.parametrize(
    "entry", ["cycle:9:objective", f"reflection:{NO_SUCH_ENTRY}", f"insight:{NO_SUCH_ENTRY}"]
)
def test_a_correction_of_something_that_does_not_exist_is_404(api: Api, entry: str) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    assert correct(api, the_scene.url, entry).status_code == 404
    assert api.stored(the_scene.pilot_id) == before


@pytest.mark.parametrize(
    ("entry", "text"), [("cycle:1:learning", "Learnt"), ("title", "Story circles")]
)
def test_a_correction_of_an_entry_never_made_or_to_the_same_text_is_409(
    api: Api, entry: str, text: str
) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    assert correct(api, the_scene.url, entry, text).status_code == 409
    assert api.stored(the_scene.pilot_id) == before


def test_a_correction_without_a_reason_is_400_naming_the_field(api: Api) -> None:
    the_scene = scene(api)
    response = correct(api, the_scene.url, "title", reason="  ")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"


def test_someone_off_the_team_may_not_correct_and_a_stale_version_is_412(api: Api) -> None:
    the_scene = scene(api)
    assert correct(api, the_scene.url, "title", who="outsider").status_code == 403
    assert correct(api, the_scene.url, "title", who="reader").status_code == 403
    stale = {"If-Match": '"1"'}
    assert correct(api, the_scene.url, "title", headers=stale).status_code == 412
