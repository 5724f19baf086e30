"""Pilots at a given point, built through the API, and the table of every write route."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.web.conftest import PEOPLE, Api

PILOTS = "/api/v1/pilots"
PREDICTIONS = [
    {"question": "Will members come to a short group activity?", "prediction": "About ten"},
    {"question": "Will they come back next week?", "prediction": "Half of them"},
]
RESULTS = [{"question": p["question"], "result": "As predicted"} for p in PREDICTIONS]
STEPS = {
    "start": {},
    "do": {"what_happened": "Twelve people came"},
    "study": {"results": RESULTS, "learning": "Short sessions suit people"},
    "act": {"decision": "adapt", "rationale": "Keep it short"},
}


MEASURE = {
    "name": "Attendance", "kind": "outcome", "improvement": "up", "unit": "people",
    "definition": "People at each circle, counted at the door",
}  # fmt: skip


@dataclass(frozen=True)
class Scene:
    """A pilot led by `lead`, with `member` and `facilitator` on its team, cycle 1 planned, one
    set meeting with one open question and one action committed, and one measure with a value
    on 2026-01-05."""

    pilot_id: str
    question_id: str
    action_id: str
    measure_id: str = ""

    @property
    def url(self) -> str:
        return f"{PILOTS}/{self.pilot_id}"


def register(
    api: Api, who: str = "lead", headers: dict[str, str] | None = None, **fields: Any
) -> dict[str, Any]:
    body = {"title": "Story circles", "question": "How might we connect?", "idea": "Circles"}
    response = api.post(PILOTS, body | fields, who=who, headers=headers)
    assert response.status_code == 201, response.text
    pilot: dict[str, Any] = response.json()
    return pilot


def scene(api: Api, who: str = "lead") -> Scene:
    pilot_id = register(api, who)["id"]
    url = f"{PILOTS}/{pilot_id}"
    if who == "lead":
        for role in ("member", "facilitator"):
            body = {"email": PEOPLE[role][0], "role": role}
            assert api.post(f"{url}/members", body, who=who).status_code == 200
    planned = api.post(f"{url}/cycles", {"objective": "Try", "predictions": PREDICTIONS}, who=who)
    assert planned.status_code == 201, planned.text
    meeting = {"held_on": "2026-05-01", "questions": ["What helped?"], "actions": ["Call Sam"]}
    answer = api.post(f"{url}/question-sets", meeting, who=who)
    assert answer.status_code == 201, answer.text
    (held,) = api.get(url, who=who).json()["question_sets"]
    defined = api.post(f"{url}/measures", MEASURE, who=who)
    assert defined.status_code == 201, defined.text
    measure_id = defined.json()["id"]
    points = {"points": [{"on": "2026-01-05", "value": 4}]}
    assert api.post(f"{url}/measures/{measure_id}/points", points, who=who).status_code == 201
    question_id = answer.json()["questions"][0]["id"]
    return Scene(pilot_id, question_id, held["actions"][0]["id"], measure_id)


def run_cycle(api: Api, url: str, number: int, until: str = "act") -> None:
    for step, body in STEPS.items():
        response = api.post(f"{url}/cycles/{number}/{step}", body)
        assert response.status_code == 200, response.text
        if step == until:
            return


@dataclass(frozen=True)
class WriteRoute:
    name: str
    path: str
    body: dict[str, Any]
    success: int = 200
    # A text or list field to make too long, and its limit.
    oversize: tuple[str, int] | None = None

    def url(self, scene: Scene) -> str:
        return scene.url + self.path.format(
            question_id=scene.question_id, action_id=scene.action_id, measure_id=scene.measure_id
        )

    def too_long(self) -> dict[str, Any]:
        assert self.oversize is not None
        name, limit = self.oversize
        value = self.body[name]
        longer = [value[0]] * (limit + 1) if isinstance(value, list) else "x" * (limit + 1)
        return self.body | {name: longer}


WRITES = [
    WriteRoute("idea", "/idea", {"idea": "Story walks", "rationale": "Rooms are scarce"},
               oversize=("rationale", 10_000)),
    WriteRoute("members", "/members", {"email": PEOPLE["outsider"][0], "role": "lead"},
               oversize=("email", 254)),
    WriteRoute("cycles", "/cycles", {"objective": "Try again", "predictions": PREDICTIONS},
               success=201, oversize=("predictions", 20)),
    WriteRoute("start", "/cycles/1/start", {}),
    WriteRoute("do", "/cycles/1/do", STEPS["do"], oversize=("what_happened", 10_000)),
    WriteRoute("study", "/cycles/1/study", STEPS["study"], oversize=("learning", 10_000)),
    WriteRoute("act", "/cycles/1/act", STEPS["act"], oversize=("rationale", 10_000)),
    WriteRoute("reflections", "/reflections", {"text": "A warm welcome", "kind": "appreciation"},
               success=201, oversize=("text", 10_000)),
    WriteRoute("question-sets", "/question-sets",
               {"held_on": "2026-06-01", "questions": ["What would help?"]},
               success=201, oversize=("questions", 30)),
    WriteRoute("insights", "/questions/{question_id}/insights", {"text": "Tea matters"},
               success=201, oversize=("text", 10_000)),
    WriteRoute("question-status", "/questions/{question_id}/status", {"status": "explored"}),
    WriteRoute("pause", "/pause", {"reason": "Summer break"}, oversize=("reason", 10_000)),
    WriteRoute("resume", "/resume", {}),
    WriteRoute("conclusion", "/conclusion", {"outcome": "adopted", "summary": "It works"},
               oversize=("summary", 10_000)),
    WriteRoute("corrections", "/corrections",
               {"entry": "title", "text": "Story circles in libraries", "reason": "Renamed"},
               oversize=("reason", 10_000)),
    WriteRoute("action-report", "/actions/{action_id}/report", {"report": "Sam is in"},
               oversize=("report", 10_000)),
    WriteRoute("measures", "/measures", MEASURE | {"name": "Stories shared"}, success=201,
               oversize=("definition", 10_000)),
    WriteRoute("points", "/measures/{measure_id}/points",
               {"points": [{"on": "2026-01-12", "value": 6.5, "note": "Rain"}]}, success=201,
               oversize=("points", 500)),
    WriteRoute("point-correction", "/measures/{measure_id}/points/2026-01-05/correction",
               {"value": 5, "reason": "Miscounted"}, oversize=("reason", 10_000)),
    WriteRoute("phases", "/measures/{measure_id}/phases",
               {"from": "2026-01-12", "reason": "Circles moved to Fridays"},
               oversize=("reason", 10_000)),
]  # fmt: skip
BY_NAME = {route.name: route for route in WRITES}


# What must happen on a fresh scene before each route's table body succeeds.
BEFORE = {
    "do": ["start"],
    "study": ["start", "do"],
    "act": ["start", "do", "study"],
    "cycles": ["start", "do", "study", "act"],
}


def succeeding(api: Api, route: WriteRoute) -> tuple[str, str]:
    """A pilot on which the route's table body succeeds; its id and the route's url."""
    the_scene = scene(api)
    for step in BEFORE.get(route.name, []):
        assert api.post(f"{the_scene.url}/cycles/1/{step}", STEPS[step]).is_success
    if route.name == "resume":
        assert api.post(f"{the_scene.url}/pause", {"reason": "Summer"}).is_success
    return the_scene.pilot_id, route.url(the_scene)
