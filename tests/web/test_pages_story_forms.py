"""Revising and withdrawing a story from its page, on each store, as a browser uses the forms:
without JavaScript (Post/Redirect/Get) and with htmx (the page's body swapped). The forms are
shown only to the story's teller and whoever recorded it; every refusal records nothing, and one
that can be put right on the page shows the form again as it was typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from html import unescape
from uuid import UUID

import httpx
import pytest
from litestar.testing import TestClient

from adapters.bootstrap import bootstrap
from adapters.settings import Settings
from domain.origins.commands import RecordStory, WithdrawStory
from tests.origins_builders import CONFIDENCE, PORTER, tell_scene
from tests.web.pages_support import (
    PASSWORD,
    PEOPLE,
    Browser,
    Site,
    cheap_passwords,
    forms_in,
    sign_in,
)
from web.app import create_app

OTHER = "mia@example.org"  # a member who told none of the stories
FOR_MO = "Mo told me about the night shift's tea round"  # recorded by the lead, told by Mo
HTMX = {"HX-Request": "true", "HX-Target": "story-body", "HX-Trigger": "story-withdrawal-form"}


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, store_settings: Settings) -> Iterator[Site]:
    """The scene told by `member` and `lead`, nothing withdrawn, and a story the lead recorded
    for the member (`for-mo`)."""
    cheap_passwords(monkeypatch)
    services = bootstrap(replace(store_settings, secret_key="test-secret"))
    ids = {who: services.accounts.add(e, n, r, PASSWORD).id for who, (e, n, r) in PEOPLE.items()}
    services.accounts.add(OTHER, "Mia Member", "member", PASSWORD)
    scene = tell_scene(services.pilots, ids["member"], ids["lead"], withdraw=False)
    told = RecordStory(text=FOR_MO, consent="community", title="Tea", told_by=ids["member"])
    for_mo = services.pilots.execute(told, ids["lead"], role="lead").record.id
    try:
        with TestClient(create_app(services)) as client:
            found = Site(services, client, ids | scene.ids | {"for-mo": for_mo})
            found.browsers["other member"] = Browser(client)
            sign_in(found.browsers["other member"], OTHER)
            yield found
    finally:
        services.close()


def visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def head(site: Site) -> int | None:
    found: int | None = site.services.pilots.recorder.max_notification_id()
    return found


def actions(browser: Browser, story: UUID) -> set[str]:
    return {action for action, _ in forms_in(browser.get(f"/stories/{story}").text)}


def paths(story: UUID) -> tuple[str, str, str]:
    page = f"/stories/{story}"
    return page, f"{page}/revision", f"{page}/withdraw"


def csrf(browser: Browser, page: str = "/map") -> dict[str, str]:
    """The CSRF token of the sign-out form, for a post the page shows no form for."""
    signed = dict(forms_in(browser.get(page).text))["/logout"]
    return {"_csrf_token": signed["_csrf_token"]}


def today() -> str:
    now = datetime.now(UTC).date()
    return f"{now.day} {now:%B %Y}"


@pytest.mark.parametrize(("who", "story"), [("member", "porter"), ("member", "confidence"),
                                            ("member", "for-mo"), ("lead", "for-mo")])  # fmt: skip
def test_the_teller_and_the_recorder_are_shown_both_forms(site: Site, who: str, story: str) -> None:
    page, revision, withdrawal = paths(site.ids[story])
    html = site.as_(who).get(page).text
    assert {revision, withdrawal} <= {action for action, _ in forms_in(html)}
    assert "Change or withdraw" in html
    fields = site.as_(who).form(page, revision)
    assert fields["text"] == (FOR_MO if story == "for-mo" else PORTER if story == "porter"
                              else CONFIDENCE)  # fmt: skip
    assert fields["rationale"] == ""
    assert fields["_csrf_token"]
    assert fields["submission"]


@pytest.mark.parametrize(("who", "story"), [
    ("lead", "porter"), ("lead", "confidence"), ("other member", "porter"), ("reader", "porter"),
])  # fmt: skip
def test_no_one_else_is_shown_the_forms(site: Site, who: str, story: str) -> None:
    page, revision, withdrawal = paths(site.ids[story])
    answer = site.as_(who).get(page)
    assert answer.status_code == 200
    assert not {revision, withdrawal} & {action for action, _ in forms_in(answer.text)}
    assert "Change or withdraw" not in answer.text


def test_revising_the_story_goes_back_to_it_showing_the_new_version(site: Site) -> None:
    page, revision, _ = paths(site.ids["porter"])
    browser = site.as_("member")
    answer = browser.submit(page, revision, text="The porter who listened", title="Listening",
                            themes="belonging, care", rationale="Shorter")  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{page}#story"
    words = visible(browser.get(page).text)
    assert "The porter who listened" in words
    assert PORTER not in words
    assert "Listening" in words
    assert "belonging" in words
    assert "care" in words
    story = site.services.pilots.story(site.ids["porter"])
    assert (story.revisions, story.text, story.themes) == (1, "The porter who listened",
                                                            ("belonging", "care"))  # fmt: skip


def test_withdrawing_the_story_leaves_the_day_and_no_words(site: Site) -> None:
    page, revision, withdrawal = paths(site.ids["porter"])
    browser = site.as_("member")
    answer = browser.submit(page, withdrawal, reason="I would rather it were not kept")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{page}#story"
    html = browser.get(page).text
    assert f"This story was withdrawn on {today()}. Its words are gone" in visible(html)
    assert PORTER not in html
    assert "The porter" not in html
    assert not {revision, withdrawal} & actions(browser, site.ids["porter"])
    assert site.services.pilots.story(site.ids["porter"]).withdrawn_on is not None
    shown = visible(site.as_("reader").get("/map").text)
    assert f"a story withdrawn on {today()}" in shown
    assert PORTER not in shown
    trail = site.as_("lead").get(page).text
    assert "A withdrawn story" in visible(trail)
    assert PORTER not in trail


@pytest.mark.parametrize(
    ("form", "typed", "field", "message"),
    [
        ("revision", {"text": "The porter who listened", "rationale": "  "}, "rationale",
         "Rationale: must not be blank"),
        ("revision", {"text": "", "rationale": "Shorter"}, "text", "Text: must not be blank"),
        ("withdraw", {"reason": ""}, "reason", "Reason: must not be blank"),
    ],
)  # fmt: skip
def test_an_empty_field_shows_the_form_again_as_typed_and_records_nothing(
    site: Site, form: str, typed: dict[str, str], field: str, message: str
) -> None:
    page = f"/stories/{site.ids['porter']}"
    action, key = f"{page}/{form}", "story-revision" if form == "revision" else "story-withdrawal"
    browser, before = site.as_("member"), head(site)
    answer = browser.submit(page, action, **typed)
    assert answer.status_code == 400
    assert message in visible(answer.text)  # in the summary at the top
    assert f'id="{key}-{field}-error"' in answer.text
    assert re.search(rf'<details id="{key}" open>', answer.text)
    shown = dict(forms_in(answer.text))[action]
    assert {name: shown[name] for name in typed} == typed  # what was typed, kept
    assert head(site) == before


def test_with_htmx_a_refusal_comes_back_as_200_with_only_the_body_to_swap(site: Site) -> None:
    page, _, withdrawal = paths(site.ids["porter"])
    browser, before = site.as_("member"), head(site)
    fields = browser.form(page, withdrawal) | {"reason": " "}
    answer = browser.post(withdrawal, fields, headers=HTMX)
    assert answer.status_code == 200
    assert 'id="story-body"' in answer.text
    assert 'id="story-withdrawal-reason-error"' in answer.text
    assert 'hx-target="#story-body"' in answer.text
    assert head(site) == before
    sent = browser.post(withdrawal, fields | {"reason": "Please"}, headers=HTMX)
    assert sent.status_code == 303
    after = browser.get(sent.headers["location"], headers=HTMX)
    assert re.search(r'<h1 id="story" tabindex="-1" autofocus>A withdrawn story</h1>', after.text)


def test_an_unchanged_story_is_a_409_shown_on_the_page(site: Site) -> None:
    page, revision, _ = paths(site.ids["porter"])
    browser, before = site.as_("member"), head(site)
    answer = browser.submit(page, revision, rationale="No change really")
    assert answer.status_code == 409
    assert "The revised story must differ from the current one." in visible(answer.text)
    assert dict(forms_in(answer.text))[revision]["rationale"] == "No change really"
    assert head(site) == before


@pytest.mark.parametrize("form", ["revision", "withdraw"])
def test_a_form_sent_after_the_story_was_withdrawn_is_a_409(site: Site, form: str) -> None:
    page = f"/stories/{site.ids['porter']}"
    browser = site.as_("member")
    stale = browser.form(page, f"{page}/{form}") | {"text": "New", "rationale": "R", "reason": "R"}
    site.services.pilots.execute(WithdrawStory(site.ids["porter"], reason="Gone"),
                                 site.ids["member"], role="member")  # fmt: skip
    before = head(site)
    answer = browser.post(f"{page}/{form}", stale)
    assert answer.status_code == 409
    assert "The story was withdrawn on" in visible(answer.text)
    assert head(site) == before


@pytest.mark.parametrize(("who", "story", "status"), [
    ("lead", "porter", 403),  # may read it, and did not tell or record it
    ("other member", "porter", 403),
    ("reader", "porter", 403),  # readers write nothing
    ("reader", "for-mo", 403),
    ("other member", "confidence", 404),  # a story for the programme team: not there for them
    ("member", "unknown", 404),
])  # fmt: skip
@pytest.mark.parametrize("form", ["revision", "withdraw"])
def test_anyone_else_is_refused_and_nothing_is_recorded(
    site: Site, who: str, story: str, status: int, form: str
) -> None:
    story_id = site.ids.get(story, UUID(int=7))
    browser, before = site.as_(who), head(site)
    typed = {"submission": "s1", "text": "Mine now", "rationale": "Because", "reason": "Because"}
    answer = browser.post(f"/stories/{story_id}/{form}", csrf(browser) | typed)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert CONFIDENCE not in answer.text
    assert head(site) == before


def test_a_form_without_its_csrf_token_is_refused(site: Site) -> None:
    page, _, withdrawal = paths(site.ids["porter"])
    browser, before = site.as_("member"), head(site)
    fields = browser.form(page, withdrawal) | {"reason": "Please"}
    del fields["_csrf_token"]
    answer: httpx.Response = browser.post(withdrawal, fields)
    assert answer.status_code == 403
    assert head(site) == before


def test_a_form_sent_twice_is_recorded_once(site: Site) -> None:
    """A resent form (a double click, or the browser's back and send again) carries the same
    submission id, which the story records once."""
    page, revision, _ = paths(site.ids["porter"])
    browser = site.as_("member")
    fields = browser.form(page, revision) | {"text": "The porter who listened", "rationale": "R"}
    assert browser.post(revision, fields).status_code == 303
    after_one = head(site)
    again = browser.post(revision, fields)
    assert again.status_code == 303
    assert head(site) == after_one
    assert site.services.pilots.story(site.ids["porter"]).revisions == 1
