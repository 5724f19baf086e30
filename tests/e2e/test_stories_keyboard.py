"""A member records a story with the keyboard alone, in a real browser.

As in the whole-cycle journey, after each page loads only keys are pressed: Tab to a field or
link, type, Enter on a button or link, the arrow keys on radios. The member signs in, follows
"Record a story" from the site's navigation, sends the form once with the story left out (it is
refused: the error summary takes the focus and links to the field, and what was typed is kept),
then tells the story and records it, landing on the story's own address. It runs with
JavaScript, and again without.

Then the member withdraws a story they recorded, again by keys alone: the form is refused once
without a reason (what was typed stays, and the focus goes to the message), then sent, and the
story's page says when it was withdrawn and shows none of its words.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from uuid import UUID

import pytest

from domain.origins.commands import RecordStory
from tests.e2e.conftest import Site, path_of
from tests.e2e.test_whole_cycle import (
    button,
    check_accessible,
    choose_radio,
    expect_text,
    focused,
    link,
    press_enter_on,
    sign_in,
    tab_to,
    type_into,
    wait_for_focus,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

COMMUNITY = "Everyone: anyone who signs in to Pilot Tracker may read it"
STORY = "Our café group swapped the numbers that answer: three more carers came the week after."


def follow(page: Page, wanted: object) -> None:
    """Tabs to a link or button and presses Enter, and waits for the page it loads: the story
    form is a plain form, with or without JavaScript."""
    tab_to(page, wanted)  # type: ignore[arg-type]
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.browser
def test_a_member_records_a_story_with_the_keyboard_alone(
    keyboard_page: Page, site: Site, js: bool
) -> None:
    assert site.member is not None
    page = keyboard_page
    title = f"The numbers that answer ({'with' if js else 'without'} JavaScript)"
    sign_in(page, site.member)
    follow(page, link("Record a story"))
    assert path_of(page.url) == "/stories/new"

    choose_radio(page, "Who may read it?", COMMUNITY)
    type_into(page, "Title (optional)", title)
    type_into(page, "Who told it (optional)", "Marion, from the carers' café")
    type_into(page, "Themes (optional)", "carers, groups")
    follow(page, button("Record the story"))
    summary = page.locator(".error-summary")
    expect_text(summary, "nothing was recorded")
    wait_for_focus(page, ".error-summary")
    assert page.input_value("#story-title") == title
    assert page.get_attribute("#story-text", "aria-invalid") == "true"
    check_accessible(page)

    tab_to(page, link("Text: must not be blank."))
    page.keyboard.press("Enter")
    wait_for_focus(page, "#story-text")
    page.keyboard.type(STORY)
    assert focused(page)["value"] == STORY
    follow(page, button("Record the story"))

    found = re.fullmatch(r"/stories/([0-9a-f-]{36})", path_of(page.url))
    assert found, page.url
    story = site.services.pilots.story(UUID(found.group(1)))
    assert (story.text, story.title, story.told_by_name) == (
        STORY, title, "Marion, from the carers' café",
    )  # fmt: skip
    assert (story.consent.value, story.themes) == ("community", ("carers", "groups"))
    assert story.recorded_by == site.member.id


WORDS = "The night the lift broke and the porters carried tea up six floors"


@pytest.mark.browser
def test_a_member_withdraws_a_story_with_the_keyboard_alone(
    keyboard_page: Page, site: Site, js: bool
) -> None:
    assert site.member is not None
    told = RecordStory(text=WORDS, consent="community", title="The lift")
    story = site.services.pilots.execute(told, site.member.id, role="member").record.id
    page = keyboard_page
    sign_in(page, site.member)
    page.goto(f"/stories/{story}")

    tab_to(page, lambda f: f["tag"] == "summary" and f["label"] == "Withdraw this story")
    page.keyboard.press("Enter")
    type_into(page, "Why withdraw it?", "   ")
    press_enter_on(page, button("Withdraw the story"))
    expect_text(page.locator(".error-summary"), "nothing was recorded")
    wait_for_focus(page, "#story-withdrawal-reason" if js else ".error-summary")
    assert page.get_attribute("#story-withdrawal-reason", "aria-invalid") == "true"
    assert site.services.pilots.story(story).withdrawn_on is None
    check_accessible(page)

    if not js:
        tab_to(page, link("Reason: must not be blank."))
        page.keyboard.press("Enter")
        wait_for_focus(page, "#story-withdrawal-reason")
    page.keyboard.press("Control+A")
    page.keyboard.type("I would rather it were not kept")
    press_enter_on(page, button("Withdraw the story"))
    if js:
        wait_for_focus(page, "#story")
    else:
        assert path_of(page.url) == f"/stories/{story}"
    expect_text(page.locator("h1"), "A withdrawn story")
    expect_text(page.locator(".notice"), "This story was withdrawn on")
    assert WORDS not in page.content()
    assert site.services.pilots.story(story).withdrawn_on is not None
