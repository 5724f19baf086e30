"""The learning page with search results, and the method-check prompts (on their own page, and
loaded by htmx into the pilot page), pass axe-core at WCAG 2.2 AA in Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import settle
from tests.e2e.test_accessibility import assert_accessible


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/learning?q=the",
        "/learning?q=" + "x" * 201,
        "/learning?status=",
        "/learning?status=pending",
        "/pilots/{pilot_id}/questions/{question_id}",
        "/pilots/{pilot_id}/method-checks",
        "/pilots/{pilot_id}",
    ],
)
def test_learning_pages_have_no_wcag_22_aa_violations(
    path: str, request: pytest.FixtureRequest
) -> None:
    the_site = request.getfixturevalue("site")
    request.getfixturevalue("context").add_cookies(
        request.getfixturevalue("session_cookies")(the_site.lead)
    )
    the_page = request.getfixturevalue("page")
    the_page.goto(path.format(**the_site.ids))
    if path == "/pilots/{pilot_id}":  # htmx loads the prompts into the pilot page
        the_page.wait_for_selector("#method-checks ul.method-checks")
    settle(the_page)
    assert_accessible(the_page)
