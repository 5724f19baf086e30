"""The timeline, the idea history and the raw events of a pilot, through the API."""

from __future__ import annotations

from tests.web.conftest import Api
from tests.web.scenes import PILOTS, register, run_cycle, scene

UNKNOWN = f"{PILOTS}/00000000-0000-0000-0000-000000000000"


def test_the_timeline_reads_as_sentences_oldest_first(api: Api) -> None:
    the_scene = scene(api)
    run_cycle(api, the_scene.url, 1)
    response = api.get(f"{the_scene.url}/timeline", who="reader")
    entries = response.json()["entries"]
    assert response.status_code == 200
    team_sees = api.get(f"{the_scene.url}/timeline").json()["entries"]
    latest = len(team_sees)
    assert [e["version"] for e in team_sees] == list(range(1, latest + 1))
    assert response.headers["etag"] == f'"{latest}"'  # the pilot's version, whoever reads
    versions = [e["version"] for e in entries]
    assert versions == sorted(versions)
    # The scene's set meeting is for the team: a reader off the team does not see it.
    hidden = {e["kind"] for e in team_sees if e["version"] not in versions}
    assert hidden == {"QuestionSetRecorded"}
    assert set(entries[0]) == {"at", "version", "kind", "actor", "summary"}
    assert entries[0]["summary"] == "Lee Lead registered the pilot “Story circles”"
    assert entries[1]["summary"] == "Lee Lead made Mo Member a member of the pilot"
    summaries = {e["kind"]: e["summary"] for e in entries}
    assert summaries["CycleStarted"] == "Lee Lead started cycle 1, locking 2 predictions"
    assert summaries["CycleDecided"] == "Lee Lead decided to adapt in cycle 1: Keep it short"
    assert entries[-1]["actor"] == str(api.ids["lead"])


def test_the_idea_history_shows_each_version_with_a_word_diff(api: Api) -> None:
    url = f"{PILOTS}/{register(api, idea='Monthly story circles')['id']}"
    body = {"idea": "Fortnightly story circles", "rationale": "Monthly was too slow",
            "prompted_by": "cycle 1"}  # fmt: skip
    api.post(f"{url}/idea", body)
    response = api.get(f"{url}/idea-history")
    first, second = response.json()["versions"]
    assert response.status_code == 200
    assert (first["idea"], first["rationale"], first["version"]) == ("Monthly story circles", "", 1)
    assert first["diff"] == [{"op": "same", "text": "Monthly story circles"}]
    assert (second["rationale"], second["prompted_by"]) == ("Monthly was too slow", "cycle 1")
    assert second["diff"] == [{"op": "removed", "text": "Monthly "},
                              {"op": "added", "text": "Fortnightly "},
                              {"op": "same", "text": "story circles"}]  # fmt: skip
    assert set(second) >= {"idea", "rationale", "at", "actor", "diff"}


def test_the_events_give_type_actor_and_data_without_plumbing(api: Api) -> None:
    the_scene = scene(api)
    team_sees = api.get(f"{the_scene.url}/events").json()["events"]
    assert [e["version"] for e in team_sees] == list(range(1, 8))
    response = api.get(f"{the_scene.url}/events", who="reader")
    events = response.json()["events"]
    assert response.status_code == 200
    # The scene's set meeting (version 5) is the team's: its event is absent for a reader off
    # the team, who reads the measure defined and given a value after it.
    assert [e["version"] for e in events] == [1, 2, 3, 4, 6, 7]
    assert events[0]["type"] == "pilots:Registered"
    assert events[0]["data"]["title"] == "Story circles"
    planned = events[3]
    assert planned["type"] == "pilots:CyclePlanned"
    assert planned["data"]["predictions"][0]["prediction"] == "About ten"
    assert planned["actor"] == str(api.ids["lead"])
    assert not {"submission", "originator_id", "timestamp"} & set(planned["data"])


def test_history_of_an_unknown_pilot_is_404(api: Api) -> None:
    for part in ("timeline", "idea-history", "events"):
        assert api.get(f"{UNKNOWN}/{part}").status_code == 404
        assert api.get(f"{PILOTS}/nope/{part}").status_code == 404
