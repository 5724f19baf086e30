"""Signing in and out with the keyboard alone, in a real browser over real HTTP.

Also: the skip link is the first Tab stop and moves focus to the main content, and a session
cookie copied before sign-out does not sign anyone in afterwards (R15, replay after logout).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import Person, Site, active_element, path_of
from web.security import SESSION_COOKIE

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

Focus = dict[str, Any]
MAX_TABS = 20


def tab_until(page: Page, reached: Callable[[Focus], bool], what: str) -> list[Focus]:
    """Presses Tab until the focused element satisfies `reached`; returns every stop."""
    stops: list[Focus] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stops.append(active_element(page))
        if reached(stops[-1]):
            return stops
    pytest.fail(f"{what} not reached in {MAX_TABS} Tab presses; focus went: {stops}")


def focus_the_page(page: Page) -> None:
    """Puts the keyboard at the start of the document, as on arriving at a page."""
    page.bring_to_front()
    page.evaluate("() => { document.activeElement?.blur(); window.focus(); }")


def is_sign_out(focus: Focus) -> bool:
    return bool(focus["tag"] == "button" and focus["text"] == "Sign out")


@pytest.mark.browser
def test_sign_in_and_out_with_the_keyboard_alone(
    page: Page, context: BrowserContext, site: Site
) -> None:
    lead = site.lead
    page.goto("/login")
    focus_the_page(page)

    tab_until(page, lambda f: f["id"] == "email", "the email field")
    page.keyboard.type(lead.email)
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == "password"
    page.keyboard.type(lead.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page.url) == "/"
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert lead.name in page.get_by_role("main").inner_text()
    signed_in = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    assert len(signed_in) == 1
    old_cookie = signed_in[0]
    assert context.request.get("/", max_redirects=0).status == 200  # the cookie works, for now

    focus_the_page(page)
    tab_until(page, is_sign_out, "the Sign out button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page.url) == "/login"
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert lead.name not in page.content()
    assert not [c for c in context.cookies() if c["name"] == SESSION_COOKIE]

    # R15: someone who copied the cookie before sign-out replays it afterwards.
    context.add_cookies(
        [{"name": SESSION_COOKIE, "value": old_cookie["value"], "url": site.base_url}]
    )
    replayed = context.request.get("/", max_redirects=0)
    assert replayed.status == 303
    assert replayed.headers["location"].startswith("/login")
    assert lead.name not in replayed.text()
    page.goto("/")
    assert path_of(page.url) == "/login"
    assert lead.name not in page.content()


@pytest.mark.browser
@pytest.mark.parametrize("user", [None, "lead"], ids=["signed-out", "signed-in"])
def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    page: Page,
    context: BrowserContext,
    site: Site,
    session_cookies: Callable[[Person], list[Any]],
    user: str | None,
) -> None:
    if user is not None:
        context.add_cookies(session_cookies(getattr(site, user)))
    page.goto("/login" if user is None else "/")
    focus_the_page(page)

    page.keyboard.press("Tab")

    first = active_element(page)
    assert first["tag"] == "a"
    assert first["text"] == "Skip to main content"
    assert first["href"] == "#main"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0, "the skip link must be on screen while it has the focus"

    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement === document.querySelector('main')")
    assert page.url.endswith("#main")
    if user is None:
        # The next Tab continues from the main content, not from the top of the page.
        page.keyboard.press("Tab")
        assert active_element(page)["id"] == "email"


@pytest.mark.browser
def test_the_search_box_in_the_header_finds_with_the_keyboard_alone(
    page: Page, context: BrowserContext, site: Site, session_cookies: Callable[[Person], list[Any]]
) -> None:
    """From any page: Tab to the header's search box, type, Enter, and the learning page opens
    at its search results."""
    context.add_cookies(session_cookies(site.lead))
    page.goto("/workshops")
    focus_the_page(page)

    tab_until(page, lambda f: f["id"] == "site-search-q", "the header's search box")
    page.keyboard.type("quiet")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page.url) == "/learning"
    assert page.url.endswith("?q=quiet#search")
    results = page.locator("#results-heading").inner_text()
    assert "found for “quiet”" in results
    assert "Nothing found" not in results
    assert page.locator("#search-q").input_value() == "quiet"  # the words, kept in the form
