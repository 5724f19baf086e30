"""Measures through the API, on both stores: every route of the contract and every error, with
nothing recorded by a refusal, the chart as it stood at a moment, and the SVG and CSV."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.web.conftest import Api
from tests.web.scenes import PREDICTIONS, run_cycle, scene

MEASURE = {
    "name": "People at each circle",
    "kind": "outcome",
    "definition": "People who come to each circle, counted at the door",
    "improvement": "up",
    "unit": "people",
    "target": 12,
}
SVG = "{http://www.w3.org/2000/svg}"


def days(start: date, values: list[float]) -> list[dict[str, Any]]:
    return [
        {"on": (start + timedelta(days=7 * i)).isoformat(), "value": v}
        for i, v in enumerate(values)
    ]


def define(api: Api, url: str, **fields: Any) -> str:
    response = api.post(f"{url}/measures", MEASURE | fields)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_a_measure_is_defined_filled_corrected_and_read_on_both_stores(stored_api: Api) -> None:
    api = stored_api
    the_scene = scene(api)
    url = f"{the_scene.url}/measures/{define(api, the_scene.url)}"
    values = [5, 7, 4, 8, 5, 9, 6, 8, 4, 7, 5, 9]  # no value on the median, 6.5
    response = api.post(f"{url}/points", {"points": days(date(2026, 1, 5), values)})
    assert response.status_code == 201, response.text
    assert response.json() == {"count": 12}
    before_correction = datetime.now(UTC)
    fixed = api.post(f"{url}/points/2026-01-12/correction", {"value": 10, "reason": "Miscounted"})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["previous"] == 7
    assert fixed.json()["value"] == 10

    read = api.get(url).json()
    assert {
        k: read[k] for k in ("name", "kind", "definition", "unit", "improvement", "target")
    } == {k: MEASURE[k] for k in ("name", "kind", "definition", "unit", "improvement", "target")}
    assert [p["value"] for p in read["points"]] == [5, 10, *values[2:]]
    assert read["rules"]["name"] == "anhoej"
    assert read["rules"]["version"] == 1
    (phase,) = read["phases"]
    assert phase["from"] == "2026-01-05"
    assert phase["too_few_points"] is False
    assert phase["lower"] is None
    assert phase["upper"] is None
    assert read["too_few_points"] is False

    then = api.get(url, params={"at": before_correction.isoformat()}).json()
    assert then["points"][1]["value"] == 7  # as it stood before the correction

    xmr = api.get(url, params={"chart": "xmr"}).json()
    assert xmr["rules"]["name"] == "mdc"
    (phase,) = xmr["phases"]
    assert phase["lower"] < phase["centre"] < phase["upper"]
    assert phase["trial"] is False  # 12 points make firm limits


def test_a_phase_splits_the_chart_and_a_shift_after_it_is_an_improvement(api: Api) -> None:
    the_scene = scene(api)
    url = f"{the_scene.url}/measures/{define(api, the_scene.url)}"
    low, high = [5, 6, 5, 4, 6, 5, 5, 6, 4, 5], [9, 10, 9, 11, 10, 9, 10, 11, 10, 9]
    assert api.post(f"{url}/points", {"points": days(date(2025, 6, 2), low + high)}).is_success
    whole = api.get(url).json()
    long_runs = [s for s in whole["signals"] if s["rule"] == "long-run"]
    assert long_runs
    assert {s["direction"] for s in long_runs} == {"improvement", "concern"}
    new_phase = (date(2025, 6, 2) + timedelta(days=70)).isoformat()
    started = api.post(f"{url}/phases", {"from": new_phase, "reason": "Circles moved to Fridays"})
    assert started.status_code == 200, started.text
    split = api.get(url).json()
    assert [p["from"] for p in split["phases"]] == ["2025-06-02", new_phase]
    assert split["signals"] == []  # each phase alone is noise
    kinds = {a["kind"]: a for a in split["annotations"]}
    assert kinds["phase"]["text"].endswith("Circles moved to Fridays") or (
        "Circles moved to Fridays" in kinds["phase"]["text"]
    )


def test_annotations_come_from_the_pilot_log(stored_api: Api) -> None:
    api = stored_api
    the_scene = scene(api)
    url = f"{the_scene.url}/measures/{define(api, the_scene.url)}"
    assert api.post(f"{url}/points", {"points": days(date(2026, 1, 5), [3, 4])}).is_success
    run_cycle(api, the_scene.url, 1)
    assert api.post(f"{the_scene.url}/pause", {"reason": "Summer"}).is_success
    assert api.post(f"{the_scene.url}/resume", {}).is_success
    idea = {"idea": "Story walks", "rationale": "Rooms are scarce"}
    assert api.post(f"{the_scene.url}/idea", idea).is_success
    notes = api.get(url).json()["annotations"]
    assert [a["kind"] for a in notes] == ["cycle-start", "decision", "pause", "resume", "idea"]
    assert {a["cycle"] for a in notes[:2]} == {1}
    assert {a["cycle"] for a in notes[2:]} == {None}
    assert "adapt" in notes[1]["text"].lower()
    assert all(a["on"] == date.today().isoformat() for a in notes)


def test_a_cycle_may_predict_a_measure_and_the_prediction_locks(stored_api: Api) -> None:
    api = stored_api
    the_scene = scene(api)
    measure_id = define(api, the_scene.url)
    run_cycle(api, the_scene.url, 1)
    plan = {
        "objective": "Try Fridays",
        "predictions": PREDICTIONS,
        "measures": [{"measure_id": measure_id, "prediction": "Attendance will reach 12"}],
    }
    planned = api.post(f"{the_scene.url}/cycles", plan)
    assert planned.status_code == 201, planned.text
    cycle = api.get(the_scene.url).json()["cycles"][1]
    assert cycle["measures"] == [
        {"measure_id": measure_id, "prediction": "Attendance will reach 12"}
    ]
    unknown = plan | {"measures": [{"measure_id": the_scene.question_id, "prediction": "x"}]}
    run_cycle(api, the_scene.url, 2)
    stored = api.stored(the_scene.pilot_id)
    assert api.post(f"{the_scene.url}/cycles", unknown).status_code == 400
    assert api.stored(the_scene.pilot_id) == stored


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("", MEASURE | {"definition": "   "}, 400),
        ("", MEASURE | {"kind": "feeling"}, 400),
        ("", MEASURE | {"improvement": "sideways"}, 400),
        ("", MEASURE, 409),  # the same name twice
        ("/{m}/points", {"points": [{"on": "2026-01-05", "value": 1}]}, 409),  # a day twice
        ("/{m}/points", {"points": [{"on": "2026-02-01", "value": "many"}]}, 400),
        ("/{m}/points", {"points": [{"on": "2026-02-01", "value": None}]}, 400),
        ("/{m}/points", {"points": [{"on": "3026-02-01", "value": 1}]}, 400),
        ("/{m}/points", {"points": [{"on": "1 Feb", "value": 1}]}, 400),
        ("/{m}/points", {"points": []}, 400),
        ("/{m}/points", {"points": [{"on": "2026-02-01", "value": 1}] * 2}, 400),
        ("/{m}/points", {"points": days(date(2020, 1, 1), [1] * 501)}, 400),
        ("/{m}/phases", {"from": "2025-12-01", "reason": "Before the first point"}, 409),
        ("/{m}/phases", {"from": "2026-01-05", "reason": "On the first point"}, 409),
        ("/{m}/phases", {"from": "3026-01-05", "reason": "In the future"}, 400),
        ("/{m}/phases", {"from": "2026-01-19", "reason": "  "}, 400),
        ("/{m}/points/2026-01-06/correction", {"value": 3, "reason": "No such day"}, 404),
        ("/{m}/points/2026-01-05/correction", {"value": 4, "reason": "Unchanged"}, 409),
        ("/{m}/points/2026-01-05/correction", {"value": 5, "reason": " "}, 400),
        ("/{m}/points/2026-01-05/correction", {"value": "five", "reason": "Typo"}, 400),
        ("/{u}/points", {"points": [{"on": "2026-02-01", "value": 1}]}, 404),
    ],
)
def test_every_rule_is_a_clear_error_and_records_nothing(
    stored_api: Api, path: str, body: dict[str, Any], status: int
) -> None:
    api = stored_api
    the_scene = scene(api)
    measure_id = define(api, the_scene.url)
    first = [{"on": "2026-01-05", "value": 4}, {"on": "2026-01-12", "value": 5}]
    assert api.post(f"{the_scene.url}/measures/{measure_id}/points", {"points": first}).is_success
    stored = api.stored(the_scene.pilot_id)
    url = f"{the_scene.url}/measures" + path.format(m=measure_id, u=the_scene.question_id)
    response = api.post(url, body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "Traceback" not in response.text
    assert api.stored(the_scene.pilot_id) == stored


def test_only_the_team_writes_measures(stored_api: Api) -> None:
    api = stored_api
    the_scene = scene(api)
    measure_id = define(api, the_scene.url)
    points = {"points": [{"on": "2026-01-05", "value": 4}]}
    url = f"{the_scene.url}/measures/{measure_id}"
    assert api.post(f"{url}/points", points, who="outsider").status_code == 403
    assert api.post(f"{url}/points", points, who="reader").status_code == 403
    assert api.post(f"{the_scene.url}/measures", MEASURE, who="outsider").status_code == 403
    assert api.post(f"{url}/points", points, who="member").status_code == 201
    assert api.get(url, who="reader").status_code == 200  # everyone signed in reads a chart


def test_bad_chart_questions_are_400(stored_api: Api) -> None:
    api = stored_api
    the_scene = scene(api)
    url = f"{the_scene.url}/measures/{define(api, the_scene.url)}"
    for params in ({"chart": "pie"}, {"rules": "westgard"}, {"chart": "run", "rules": "mdc"},
                   {"at": "yesterday"}):  # fmt: skip
        response = api.get(url, params=params)
        assert response.status_code == 400, (params, response.text)
    for params, field in (({"rules": "westgard"}, "rules"), ({"chart": "run", "rules": "mdc"},
                          "rules"), ({"at": "yesterday"}, "at")):  # fmt: skip
        errors = api.get(url, params=params).json()["errors"]
        assert [e["field"] for e in errors] == [field], params
    assert api.get(f"{the_scene.url}/measures/{the_scene.question_id}").status_code == 404


def test_before_it_was_defined_a_measure_did_not_exist(api: Api) -> None:
    the_scene = scene(api)
    earlier = datetime.now(UTC) - timedelta(seconds=1)
    url = f"{the_scene.url}/measures/{define(api, the_scene.url)}"
    assert api.get(url, params={"at": earlier.isoformat()}).status_code == 404


def test_the_chart_is_svg_with_title_and_desc_and_the_points_are_csv(stored_api: Api) -> None:
    api = stored_api
    the_scene = scene(api)
    url = f"{the_scene.url}/measures/{define(api, the_scene.url, name='Stories <shared>')}"
    points = days(date(2026, 1, 5), [1, 2, 3, 4, 5])
    points[2]["note"] = '=HYPERLINK("x"), rainy'
    assert api.post(f"{url}/points", {"points": points}).is_success
    svg = api.get(f"{url}/chart.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.text)  # noqa: S314 (the app's own SVG)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert "Stories <shared>" in (title.text or "")
    assert desc is not None
    assert "too few points" in (desc.text or "").lower()
    got = api.get(f"{url}/points.csv")
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0] == ["on", "value", "note"]
    assert [r[:2] for r in rows[1:]] == [[p["on"], str(p["value"])] for p in points]
    assert rows[3][2] == '\'=HYPERLINK("x"), rainy'  # a spreadsheet runs no formula


def test_the_pilot_lists_its_measures(api: Api) -> None:
    the_scene = scene(api)
    measure_id = define(api, the_scene.url)
    api.post(
        f"{the_scene.url}/measures/{measure_id}/points", {"points": days(date(2026, 1, 5), [1])}
    )
    items = api.get(the_scene.url).json()["measures"]
    assert [i["name"] for i in items] == ["Attendance", MEASURE["name"]]  # the scene's first
    item = items[1]
    assert item["id"] == measure_id
    assert item["points"] == 1
    assert item["phases"] == []
