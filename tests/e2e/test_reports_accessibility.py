"""The report pages and the learning summary pass axe-core at WCAG 2.2 AA in Chromium, charts
included, under the pages' real Content-Security-Policy (the harness of tests/e2e)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e import conftest as e2e
from tests.e2e.test_accessibility import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

# The browser harness of tests/e2e, used as it is; its site has one pilot with a decided cycle
# and an open question, enough for every chart, and measures. The count is of the charts besides
# the measures'; the reports also draw one chart for each measure of the site's pilot (other
# tests may define more, so they are counted when the page is checked). The programme report
# and the learning summary draw the co-creation map too (the site has origins), one more each.
PAGES = {"/pilots/{pilot_id}/report": 0, "/learning/report": 3 + 1,
         "/learning?theme=community": 3 + 1}  # fmt: skip
WITH_MEASURES = {"/pilots/{pilot_id}/report", "/learning/report"}


@pytest.mark.browser
@pytest.mark.parametrize(("path", "charts"), PAGES.items())
def test_the_page_has_no_wcag_22_aa_violations(
    path: str,
    charts: int,
    page: Page,
    context: BrowserContext,
    site: e2e.Site,
    session_cookies: Callable[[e2e.Person], list[Any]],
) -> None:
    context.add_cookies(session_cookies(site.reader))
    response = page.goto(path.format(**site.ids))
    assert response is not None
    assert response.status == 200
    e2e.settle(page)
    if path in WITH_MEASURES:
        charts += len(site.services.pilots.pilot(site.pilot_id).measures)
    assert page.locator("svg[role=img]").count() == charts
    maps = page.locator("svg.co-creation-map")
    assert maps.count() == (0 if path.startswith("/pilots/") else 1)
    assert_accessible(page)
