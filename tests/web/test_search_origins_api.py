"""Search over stories and workshops through the API, on SQLite and on PostgreSQL stores, and on
the /learning page: each hit says what it is and links to its page; a team story is found only
by its teller, whoever recorded it and the programme team; a withdrawn story by no one, with no
copy of its words left in the search tables; a revised principle by its new words; and the
results page with `?limit=` and `?cursor=`."""

from __future__ import annotations

from typing import Any

from projections.engine.runner import Projector
from tests.origins_builders import framing, workshop
from tests.origins_builders import tell as story_told
from tests.web.conftest import PEOPLE, Api
from tests.web.origins_scenes import STORIES, made, origin_scene, tell
from tests.web.pages_support import Site, site_fixture  # noqa: F401

SEARCH = "/api/v1/search"


def items(api: Api, q: str, who: str, **params: Any) -> list[dict[str, Any]]:
    response = api.get(SEARCH, who=who, params={"q": q, **params})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


def test_a_team_story_is_found_by_its_teller_and_the_programme_team_alone(
    stored_api: Api,
) -> None:
    api = stored_api
    story = tell(api, who="member", consent="team", title="Night shift",
                 text="The quillwort on the porter's desk")  # fmt: skip
    finders = {who for who in PEOPLE if items(api, "quillwort", who)}
    # `outsider` and `admin` are the programme team (roles lead and admin), as `lead` is.
    assert finders == {"member", "lead", "outsider", "admin"}
    assert items(api, "quillwort", "facilitator") == []  # a member who neither told nor recorded
    assert items(api, "quillwort", "reader") == []
    (hit,) = items(api, "quillwort", "lead")
    assert (hit["kind"], hit["record"], hit["record_id"], hit["href"]) == (
        "story", "story", story, f"/stories/{story}"
    )  # fmt: skip
    assert (hit["title"], hit["pilot_id"], hit["pilot_title"]) == ("Night shift", None, "")
    assert {"text": "quillwort", "match": True} in hit["pieces"]


def test_a_withdrawn_story_is_found_by_no_one_and_its_words_leave_the_tables(
    stored_api: Api,
) -> None:
    api = stored_api
    story = tell(api, who="member", title="Celandine", text="Hellebore and woodruff by the lift")
    assert [i["record_id"] for i in items(api, "woodruff", "reader")] == [story]
    withdrawn = api.post(f"{STORIES}/{story}/withdraw", {"reason": "Asked"}, who="member")
    assert withdrawn.status_code == 200
    for who in PEOPLE:
        for word in ("woodruff", "hellebore", "celandine"):
            assert items(api, word, who) == [], (who, word)
    projector: Projector = api.client.app.state.projector  # type: ignore[attr-defined]
    with projector.reader() as sql:
        documents = sql.rows(
            "SELECT count(*) FROM rm_search_documents WHERE record_id = ? "
            "OR lower(text) LIKE ? OR lower(text) LIKE ?",
            (story, "%woodruff%", "%celandine%"),
        )
        titles = sql.rows(
            "SELECT count(*) FROM rm_search_titles WHERE record_id = ? OR lower(title) LIKE ?",
            (story, "%celandine%"),
        )
    assert (documents[0][0], titles[0][0]) == (0, 0)


def test_a_revised_principle_is_found_by_its_new_words_not_its_old(stored_api: Api) -> None:
    api = stored_api
    scene = origin_scene(api)
    assert [i["kind"] for i in items(api, "great", "reader")] == ["principle"]
    revision = {"text": "Begin with the marigolds that flourish", "stories": [scene.story],
                "rationale": "Said better"}  # fmt: skip
    url = f"{scene.url}/principles/{scene.principle}/revision"
    assert api.post(url, revision, who="facilitator").status_code == 200
    assert items(api, "great", "reader") == []
    (hit,) = items(api, "marigolds", "reader")
    assert (hit["kind"], hit["record"], hit["record_id"], hit["title"]) == (
        "principle", "workshop", scene.workshop, "Spring co-creation"
    )  # fmt: skip
    assert hit["href"] == f"/workshops/{scene.workshop}#principle-{scene.principle}"
    (question,) = items(api, "purposeful", "reader")
    assert (question["kind"], question["href"]) == (
        "framing", f"/workshops/{scene.workshop}#framing-{scene.framing}"
    )  # fmt: skip


def test_stories_and_workshop_outputs_page_with_limit_and_cursor(stored_api: Api) -> None:
    api = stored_api
    scene = origin_scene(api)
    stories = [tell(api, who="member", text=f"Bramble {n} by the gate") for n in range(3)]
    made(api, f"{scene.url}/ideas", {"text": "Bramble walks"}, "facilitator")
    made(api, f"{scene.url}/principles", {"text": "Bramble grows where it is let"}, "lead")
    tell(api, who="member", text="A bramble for the team alone", consent="team")
    whole = items(api, "bramble", "facilitator", limit=200)
    assert len(whole) == 5  # the team story is not the facilitator's to read
    assert {i["record_id"] for i in whole if i["kind"] == "story"} == set(stories)
    walked: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"q": "bramble", "limit": 2} | ({} if cursor is None else {"cursor": cursor})
        answer = api.get(SEARCH, who="facilitator", params=params).json()
        walked += answer["items"]
        cursor = answer["next"]
        if cursor is None:
            break
        assert len(answer["items"]) == 2
    assert walked == whole
    assert len(items(api, "bramble", "member", limit=200)) == 6


def test_the_learning_page_names_and_links_each_kind_of_hit(site: Site) -> None:
    pilots, lead = site.services.pilots, site.ids["lead"]
    story = story_told(pilots, site.ids["member"], text="Tamarisk at dawn", title="Dawn",
                       consent="team")  # fmt: skip
    workshop_id = workshop(pilots, lead, title="Tamarisk co-creation")
    framing_id = framing(pilots, workshop_id, lead, text="How might we plant tamarisk?")
    page = site.as_("lead").get("/learning", params={"q": "tamarisk"}).text
    assert "3 entries found for “tamarisk”" in page
    assert f'<a href="/stories/{story}">Dawn</a> <span class="tag">Story</span>' in page
    assert (f'<a href="/workshops/{workshop_id}#framing-{framing_id}">Tamarisk co-creation</a> '
            '<span class="tag">“How might we” question</span>') in page  # fmt: skip
    assert f'<a href="/workshops/{workshop_id}">Tamarisk co-creation</a>' in page
    reader = site.as_("reader").get("/learning", params={"q": "dawn"}).text
    assert "Nothing found for “dawn”" in reader
