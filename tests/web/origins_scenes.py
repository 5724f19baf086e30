"""Stories and a workshop built through the API, and the table of every route that writes to
them: who may send each, and a body each refuses for a reason of its own (400) or for a rule
(409), with what must happen first for that rule to bite.

People (tests/web/conftest.py): `member` tells and records the story; the `lead` records the
workshop, with `facilitator` (a member across the programme) as its facilitator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.web.conftest import PEOPLE, Api

STORIES, WORKSHOPS = "/api/v1/stories", "/api/v1/workshops"
STORY = {"text": "The porter stopped to listen, and the ward changed", "consent": "community"}
HOW_MIGHT_WE = "How might we foster purposeful groups that develop connections and confidence?"


@dataclass(frozen=True)
class OriginScene:
    """A community story told and recorded by `member`; a workshop by the `lead`, facilitated
    by `facilitator`, with one principle drawn from the story, one framing question and two
    ideas that serve it."""

    story: str
    workshop: str
    principle: str
    framing: str
    ideas: tuple[str, str]

    @property
    def url(self) -> str:
        return f"{WORKSHOPS}/{self.workshop}"

    def ids(self) -> dict[str, str]:
        return {
            "story": self.story, "workshop": self.workshop, "principle": self.principle,
            "framing": self.framing, "idea": self.ideas[0], "other": self.ideas[1],
        }  # fmt: skip


def made(api: Api, url: str, body: dict[str, Any], who: str) -> str:
    response = api.post(url, body, who=who)
    assert response.status_code == 201, response.text
    made_id: str = response.json()["id"]
    return made_id


def tell(api: Api, who: str = "member", **fields: Any) -> str:
    return made(api, STORIES, STORY | fields, who)


def origin_scene(api: Api) -> OriginScene:
    story = tell(api)
    held = {"title": "Spring co-creation", "held_on": "2026-03-12",
            "facilitators": [PEOPLE["facilitator"][0]]}  # fmt: skip
    workshop = made(api, WORKSHOPS, held, "lead")
    url = f"{WORKSHOPS}/{workshop}"
    principle = made(api, f"{url}/principles", {"text": "Start from what is already great",
                                                "stories": [story]}, "facilitator")  # fmt: skip
    framing = made(api, f"{url}/framings", {"text": HOW_MIGHT_WE, "principles": [principle]},
                   "facilitator")  # fmt: skip
    first, second = (
        made(api, f"{url}/ideas", {"text": text, "principles": [principle], "framing": framing},
             "facilitator")
        for text in ("Story-sharing circles", "Circles for carers")
    )  # fmt: skip
    return OriginScene(story, workshop, principle, framing, (first, second))


# What must happen before a route's `broken` body breaks a rule: it may make records of its
# own, whose ids the body names.
Setup = Callable[[Api, "OriginScene"], dict[str, str]]


def withdraw_the_story(api: Api, scene: OriginScene) -> dict[str, str]:
    answer = api.post(f"{STORIES}/{scene.story}/withdraw", {"reason": "Asked"}, who="member")
    assert answer.status_code == 200, answer.text
    return {}


def merge_the_ideas(api: Api, scene: OriginScene) -> dict[str, str]:
    body = {"ideas": list(scene.ideas), "text": "Circles for all", "rationale": "Alike"}
    assert api.post(f"{scene.url}/ideas/merge", body, who="facilitator").status_code == 201
    return {}


def register_a_pilot(api: Api, scene: OriginScene) -> dict[str, str]:
    """A pilot that never decided to adapt: no idea may say it came from it."""
    body = {"title": "Circles", "question": "How might we?", "idea": "Circles"}
    response = api.post("/api/v1/pilots", body, who="lead")
    assert response.status_code == 201, response.text
    return {"pilot": response.json()["id"]}


def nothing(api: Api, scene: OriginScene) -> dict[str, str]:
    """No setup: the rule bites on the scene as it is."""
    return {}


@dataclass(frozen=True)
class OriginRoute:
    """One write route: its path after `/api/v1` (formatted with the scene's ids), a body it
    takes from `who`, and its answer. `forbidden` may not send it (besides readers, who may
    send none); `invalid` is a body refused naming `field`; `broken` a body refused by a rule
    once `before` has happened (None where the only rule left is the size of a workshop)."""

    name: str
    path: str
    body: dict[str, Any]
    who: str
    success: int
    forbidden: str
    invalid: dict[str, Any]
    field: str
    broken: dict[str, Any] | None = None
    before: Setup = nothing
    record: str = ""  # the record the route writes to: "story", "workshop", or "" for a new one

    def url(self, scene: OriginScene, **ids: str) -> str:
        return "/api/v1" + self.path.format(**(scene.ids() | ids))

    def filled(self, scene: OriginScene, body: dict[str, Any], **ids: str) -> dict[str, Any]:
        """The body with the scene's ids put in where it names them, as `{principle}`."""
        known = scene.ids() | ids

        def fill(value: Any) -> Any:
            if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
                return known[value[1:-1]]
            if isinstance(value, list):
                return [fill(v) for v in value]
            if isinstance(value, dict):
                return {k: fill(v) for k, v in value.items()}
            return value

        filled: dict[str, Any] = fill(body)
        return filled


W = "/workshops/{workshop}"
TWO_PARTS = [{"text": "Circles online", "principles": ["{principle}"]},
             {"text": "Circles in rooms", "framing": "{framing}"}]  # fmt: skip
SAME_PRINCIPLE = {"text": "Start from what is already great", "stories": ["{story}"],
                  "rationale": "Unchanged"}  # fmt: skip

ORIGIN_WRITES = [
    OriginRoute("stories", "/stories", STORY, "member", 201, "", {"text": "  ", "consent": "team"},
                "text"),
    OriginRoute("story-revision", "/stories/{story}/revision",
                {"text": "The porter listened", "rationale": "Sam's words"}, "member", 200,
                "facilitator", {"text": "The porter listened", "rationale": " "}, "rationale",
                broken={"text": STORY["text"], "rationale": "Unchanged"}, record="story"),
    OriginRoute("story-withdrawal", "/stories/{story}/withdraw", {"reason": "Sam asked"}, "member",
                200, "facilitator", {"reason": ""}, "reason", broken={"reason": "Again"},
                before=withdraw_the_story, record="story"),
    OriginRoute("workshops", "/workshops", {"title": "Summer", "held_on": "2026-06-01"}, "lead",
                201, "member", {"title": "Summer", "held_on": "2999-01-01"}, "held_on"),
    OriginRoute("facilitators", W + "/facilitators", {"facilitator": PEOPLE["member"][0]}, "lead",
                200, "facilitator", {"facilitator": "nobody@example.org"}, "facilitator",
                broken={"facilitator": PEOPLE["facilitator"][0]}, record="workshop"),
    OriginRoute("principles", W + "/principles", {"text": "Listen first", "stories": ["{story}"]},
                "facilitator", 201, "member",
                {"text": "Listen first", "stories": ["{workshop}"]}, "stories",
                broken={"text": "Listen first", "stories": ["{story}"]},
                before=withdraw_the_story, record="workshop"),
    OriginRoute("principle-revision", W + "/principles/{principle}/revision",
                {"text": "Start from what works", "stories": ["{story}"], "rationale": "Plainer"},
                "facilitator", 200, "member", {"text": "", "rationale": "Plainer"}, "text",
                broken=SAME_PRINCIPLE, record="workshop"),
    OriginRoute("framings", W + "/framings",
                {"text": "How might we meet?", "principles": ["{principle}"]}, "facilitator",
                201, "member", {"text": "How might we meet?", "principles": ["{story}"]},
                "principles", record="workshop"),
    OriginRoute("framing-revision", W + "/framings/{framing}/revision",
                {"text": "How might we meet more?", "rationale": "Wider"}, "facilitator", 200,
                "member", {"text": " ", "rationale": "Wider"}, "text",
                broken={"text": HOW_MIGHT_WE, "principles": ["{principle}"],
                        "rationale": "Unchanged"}, record="workshop"),
    OriginRoute("ideas", W + "/ideas",
                {"text": "Postcards", "principles": ["{principle}"], "framing": "{framing}"},
                "facilitator", 201, "member", {"text": "Postcards", "framing": "{principle}"},
                "framing", broken={"text": "Postcards", "from_pilot": "{pilot}"},
                before=register_a_pilot, record="workshop"),
    OriginRoute("idea-revision", W + "/ideas/{idea}/revision",
                {"text": "Monthly circles", "principles": ["{principle}"], "rationale": "Pace"},
                "facilitator", 200, "member",
                {"text": "Monthly", "principles": ["{framing}"], "rationale": "Pace"}, "principles",
                broken={"text": "Monthly circles", "rationale": "Merged first"},
                before=merge_the_ideas, record="workshop"),
    OriginRoute("merge", W + "/ideas/merge",
                {"ideas": ["{idea}", "{other}"], "text": "Circles for all", "rationale": "Alike"},
                "facilitator", 201, "member",
                {"ideas": ["{idea}"], "text": "Circles", "rationale": "One"}, "ideas",
                broken={"ideas": ["{idea}", "{other}"], "text": "Again", "rationale": "Again"},
                before=merge_the_ideas, record="workshop"),
    OriginRoute("split", W + "/ideas/{idea}/split", {"parts": TWO_PARTS, "rationale": "Two ways"},
                "facilitator", 201, "member", {"parts": TWO_PARTS[:1], "rationale": "One way"},
                "parts", broken={"parts": TWO_PARTS, "rationale": "Merged first"},
                before=merge_the_ideas, record="workshop"),
]  # fmt: skip
BY_NAME = {route.name: route for route in ORIGIN_WRITES}
# The routes under a record whose path names one of its outputs, and which: an output the
# record does not hold is a 404 as well.
OUTPUTS = {"principle-revision": "principle", "framing-revision": "framing",
           "idea-revision": "idea", "split": "idea"}  # fmt: skip


def position(api: Api) -> int | None:
    """The log's last position: a refused request leaves it where it was."""
    found: int | None = api.services.pilots.recorder.max_notification_id()
    return found
