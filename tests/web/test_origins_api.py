"""Stories and workshops through the API: who tells and who reads a story, what a workshop
answers as it stands, the lineage of its ideas, and the pilots that name an idea and a framing
question. The statuses of every route are in test_origins_statuses_api.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tests.web.conftest import PEOPLE, Api
from tests.web.origins_scenes import STORIES, WORKSHOPS, origin_scene, position, tell
from tests.web.scenes import PILOTS, register


def story_of(api: Api, story_id: str) -> Any:
    return api.services.pilots.story(UUID(story_id))


def test_a_teller_is_an_account_by_email_or_id_or_a_name_or_the_recorder(api: Api) -> None:
    tellers = [
        ({"told_by": PEOPLE["member"][0]}, api.ids["member"], ""),
        ({"told_by": str(api.ids["facilitator"])}, api.ids["facilitator"], ""),
        ({"told_by": "Sam from the café"}, None, "Sam from the café"),
        ({}, None, ""),  # the teller is whoever recorded it
    ]
    for given, account, name in tellers:
        story = story_of(api, tell(api, who="lead", text=f"A story {given}", **given))
        assert (story.told_by, story.told_by_name, story.recorded_by) == (
            account, name, api.ids["lead"],
        ), given  # fmt: skip


def test_a_teller_given_by_an_email_without_an_account_is_400(api: Api) -> None:
    before = position(api)
    response = api.post(STORIES, {"text": "A story", "consent": "team",
                                  "told_by": "nobody@example.org"}, who="member")  # fmt: skip
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["told_by"]
    assert position(api) == before


def test_a_story_keeps_its_title_themes_and_consent(api: Api) -> None:
    story_id = tell(api, title="The porter", themes=["Listening", "wards"], consent="team")
    story = story_of(api, story_id)
    assert (story.title, story.themes, story.consent.value) == (
        "The porter", ("listening", "wards"), "team",
    )  # fmt: skip


def test_the_teller_revises_and_withdraws_a_story_and_its_words_are_gone(api: Api) -> None:
    story_id = tell(api, who="lead", told_by=PEOPLE["member"][0], title="The porter")
    revised = api.post(f"{STORIES}/{story_id}/revision",
                       {"text": "The porter listened", "title": "The porter", "rationale": "Typo"},
                       who="member")  # fmt: skip
    assert revised.status_code == 200
    assert (revised.json()["text"], revised.json()["revisions"]) == ("The porter listened", 1)
    assert revised.headers["etag"] == '"2"'
    withdrawn = api.post(f"{STORIES}/{story_id}/withdraw", {"reason": "Asked"}, who="lead")
    assert withdrawn.status_code == 200
    body = withdrawn.json()
    assert (body["text"], body["title"], body["told_by_name"]) == (None, None, None)
    assert body["withdrawn_on"]
    assert story_of(api, story_id).text is None


def test_a_lead_who_neither_told_nor_recorded_a_story_may_not_withdraw_it(api: Api) -> None:
    story_id = tell(api)
    response = api.post(f"{STORIES}/{story_id}/withdraw", {"reason": "Tidying"}, who="lead")
    assert response.status_code == 403
    assert story_of(api, story_id).withdrawn_on is None


def test_a_workshop_answers_as_it_stands_with_its_version(api: Api) -> None:
    scene = origin_scene(api)
    response = api.get(scene.url, who="reader")
    assert response.status_code == 200
    body = response.json()
    assert response.headers["etag"] == f'"{body["version"]}"'
    assert (body["title"], body["held_on"]) == ("Spring co-creation", "2026-03-12")
    assert body["facilitators"] == [str(api.ids["facilitator"])]
    (principle,) = body["principles"]
    assert (principle["id"], principle["stories"], principle["hidden"]) == (
        scene.principle, [scene.story], 0,
    )  # fmt: skip
    (framing,) = body["framings"]
    assert framing["principles"] == [scene.principle]
    assert [(i["id"], i["framing"]) for i in body["ideas"]] == [
        (idea, scene.framing) for idea in scene.ideas
    ]


def test_a_team_story_is_named_only_to_those_who_may_read_it(api: Api) -> None:
    """The lead (the programme team) links a `team` story to a principle: the teller reads its
    id, the lead too; to the facilitator and the reader it is one story they cannot see."""
    scene = origin_scene(api)
    kept = tell(api, consent="team")
    body = {"text": "People come back when they are heard", "stories": [scene.story, kept]}
    assert api.post(f"{scene.url}/principles", body, who="lead").status_code == 201
    for who, shown, hidden in (
        ("member", [scene.story, kept], 0),
        ("lead", [scene.story, kept], 0),
        ("facilitator", [scene.story], 1),
        ("reader", [scene.story], 1),
    ):
        principle = api.get(scene.url, who=who).json()["principles"][-1]
        assert (principle["stories"], principle["hidden"]) == (shown, hidden), who
        assert api.get(scene.url, who=who).text.count(kept) == (0 if hidden else 1), who


def test_a_revision_keeps_the_stories_its_sender_may_not_read(api: Api) -> None:
    scene = origin_scene(api)
    kept = tell(api, consent="team")
    body = {"text": "Heard", "stories": [kept]}
    principle = api.post(f"{scene.url}/principles", body, who="lead").json()["id"]
    revision = {"text": "Heard, and answered", "stories": [scene.story], "rationale": "Fuller"}
    response = api.post(f"{scene.url}/principles/{principle}/revision", revision,
                        who="facilitator")  # fmt: skip
    assert response.status_code == 200
    assert response.json()["principles"][-1]["hidden"] == 1
    stored = api.services.pilots.workshop(UUID(scene.workshop)).principles[UUID(principle)]
    assert stored.stories == (UUID(scene.story), UUID(kept))


def test_merging_and_splitting_ideas_keeps_their_lineage(api: Api) -> None:
    scene = origin_scene(api)
    body = {"ideas": list(scene.ideas), "text": "Circles for all", "rationale": "Alike"}
    merged = api.post(f"{scene.url}/ideas/merge", body, who="facilitator")
    assert merged.status_code == 201
    into = merged.json()["id"]
    parts = [{"text": "Online circles", "principles": [scene.principle]},
             {"text": "Circles in rooms", "framing": scene.framing}]  # fmt: skip
    split = api.post(f"{scene.url}/ideas/{into}/split", {"parts": parts, "rationale": "Two ways"},
                     who="facilitator")  # fmt: skip
    assert split.status_code == 201
    online, rooms = split.json()["ids"]
    ideas = {i["id"]: i for i in api.get(scene.url).json()["ideas"]}
    assert [ideas[i]["merged_into"] for i in scene.ideas] == [into, into]
    assert (ideas[into]["merged_from"], ideas[into]["split_into"]) == (list(scene.ideas),
                                                                      [online, rooms])  # fmt: skip
    assert (ideas[online]["split_from"], ideas[online]["principles"]) == (into, [scene.principle])
    assert (ideas[rooms]["framing"], ideas[rooms]["principles"]) == (scene.framing, [])


def test_a_new_facilitator_may_record_what_the_workshop_produced(api: Api) -> None:
    scene = origin_scene(api)
    idea = {"text": "Walking groups"}
    assert api.post(f"{scene.url}/ideas", idea, who="member").status_code == 403
    named = api.post(f"{scene.url}/facilitators", {"facilitator": str(api.ids["member"])})
    assert named.status_code == 200
    assert named.json()["facilitators"] == [str(api.ids["facilitator"]), str(api.ids["member"])]
    assert api.post(f"{scene.url}/ideas", idea, who="member").status_code == 201


def test_an_idea_may_come_from_a_pilot_that_decided_to_adapt(api: Api) -> None:
    scene = origin_scene(api)
    pilot = register(api)["id"]
    url = f"{PILOTS}/{pilot}"
    planned = {"objective": "Try", "predictions": [{"question": "Q?", "prediction": "P"}]}
    assert api.post(f"{url}/cycles", planned).status_code == 201
    steps = {"study": {"results": [{"question": "Q?", "result": "R"}], "learning": "L"}}
    for step, body in (("start", {}), ("do", {"what_happened": "It ran"}), *steps.items(),
                       ("act", {"decision": "adapt", "rationale": "Smaller"})):  # fmt: skip
        assert api.post(f"{url}/cycles/1/{step}", body).status_code == 200, step
    answer = api.post(f"{scene.url}/ideas", {"text": "Smaller circles", "from_pilot": pilot},
                      who="facilitator")  # fmt: skip
    assert answer.status_code == 201
    (idea,) = [i for i in api.get(scene.url).json()["ideas"] if i["id"] == answer.json()["id"]]
    assert idea["from_pilot"] == pilot


def test_a_pilot_names_the_idea_it_tests_and_the_framing_question_it_serves(api: Api) -> None:
    scene = origin_scene(api)
    pilot = register(api, tests_idea=scene.ideas[0], framing=scene.framing)
    assert (pilot["tests_idea"], pilot["framing"]) == (scene.ideas[0], scene.framing)
    again = api.get(f"{PILOTS}/{pilot['id']}").json()
    assert (again["tests_idea"], again["framing"]) == (scene.ideas[0], scene.framing)
    second = register(api, tests_idea=scene.ideas[0])
    assert (second["tests_idea"], second["framing"]) == (scene.ideas[0], None)
    assert register(api)["tests_idea"] is None


def test_a_pilot_refuses_links_to_nothing_and_to_a_superseded_idea(api: Api) -> None:
    scene = origin_scene(api)
    body = {"title": "Circles", "question": "How might we?", "idea": "Circles"}
    for links, status, field in (
        ({"tests_idea": scene.principle}, 400, "tests_idea"),
        ({"framing": scene.ideas[0]}, 400, "framing"),
    ):
        response = api.post(PILOTS, body | links)
        assert response.status_code == status
        assert [e["field"] for e in response.json()["errors"]] == [field]
    merge = {"ideas": list(scene.ideas), "text": "Circles for all", "rationale": "Alike"}
    assert api.post(f"{scene.url}/ideas/merge", merge, who="facilitator").status_code == 201
    before = position(api)
    assert api.post(PILOTS, body | {"tests_idea": scene.ideas[0]}).status_code == 409
    assert position(api) == before


def test_a_repeated_key_records_a_story_and_an_output_once(api: Api) -> None:
    key = {"Idempotency-Key": "told-once"}
    body = {"text": "A story", "consent": "community"}
    first = api.post(STORIES, body, who="member", headers=key)
    head = position(api)
    again = api.post(STORIES, body, who="member", headers=key)
    assert (again.status_code, again.content) == (201, first.content)
    assert position(api) == head
    scene = origin_scene(api)
    url, idea = f"{scene.url}/ideas", {"text": "Postcards"}
    first = api.post(url, idea, who="facilitator", headers=key)
    head = position(api)
    again = api.post(url, idea, who="facilitator", headers=key)
    assert (again.status_code, again.content, again.headers["etag"]) == (
        201, first.content, first.headers["etag"],
    )  # fmt: skip
    assert position(api) == head


def test_if_match_pins_the_workshop_version(api: Api) -> None:
    scene = origin_scene(api)
    etag = api.get(scene.url).headers["etag"]
    first = api.post(f"{scene.url}/ideas", {"text": "One"}, who="facilitator",
                     headers={"If-Match": etag})  # fmt: skip
    second = api.post(f"{scene.url}/ideas", {"text": "Two"}, who="facilitator",
                      headers={"If-Match": etag})  # fmt: skip
    assert (first.status_code, second.status_code) == (201, 412)
    assert first.headers["etag"] == f'"{int(etag.strip(chr(34))) + 1}"'


def test_only_leads_and_admins_record_workshops(api: Api) -> None:
    body = {"title": "Summer", "held_on": "2026-06-01"}
    for who, status in (("admin", 201), ("lead", 201), ("member", 403), ("reader", 403)):
        assert api.post(WORKSHOPS, body, who=who).status_code == status, who
    unknown = api.post(WORKSHOPS, body | {"facilitators": ["nobody@example.org"]})
    assert [e["field"] for e in unknown.json()["errors"]] == ["facilitators[0]"]


def test_a_principle_may_not_draw_on_a_withdrawn_story(api: Api) -> None:
    scene = origin_scene(api)
    assert api.post(f"{STORIES}/{scene.story}/withdraw", {"reason": "Asked"},
                    who="member").status_code == 200  # fmt: skip
    body = {"text": "Listen", "stories": [scene.story]}
    assert api.post(f"{scene.url}/principles", body, who="facilitator").status_code == 409
    # The principle that drew on it keeps it, named as a withdrawn story.
    (principle,) = api.get(scene.url).json()["principles"]
    assert principle["stories"] == [scene.story]
