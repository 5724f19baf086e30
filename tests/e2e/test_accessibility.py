"""Every page passes axe-core at WCAG 2.2 AA, in Chromium, with 0 violations (docs/quality.md).

axe-core is vendored (tests/e2e/vendor/, see its README). It is injected without weakening the
page's Content-Security-Policy: the browser asks for `/__e2e__/axe.min.js` on the app's own
origin, which `script-src 'self'` allows, and Playwright answers that one request from the
vendored file before it reaches the server. So the page is checked exactly as people get it,
CSP included (a bypassed CSP would, for example, apply inline styles the real page never gets).

To check a new page, add a `Case` to `PAGES`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import Person, Site, path_of, settle

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

AXE_FILE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_PATH = "/__e2e__/axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
NODES_SHOWN = 3


# -- the check ----------------------------------------------------------------------------------


def _serve_axe(route: Route) -> None:
    route.fulfill(status=200, path=AXE_FILE, content_type="text/javascript; charset=utf-8")


def run_axe(page: Page) -> dict[str, Any]:
    """axe-core's results for the page as it is now (WCAG 2.0, 2.1 and 2.2, levels A and AA)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.route(f"**{AXE_PATH}", _serve_axe)
        try:
            page.add_script_tag(url=AXE_PATH)
        finally:
            page.unroute(f"**{AXE_PATH}", _serve_axe)
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results


def describe_violations(violations: list[dict[str, Any]], where: str) -> str:
    """A readable report: one block per rule, with the first few offending elements."""
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for rule in violations:
        nodes = rule.get("nodes", [])
        lines.append(
            f"- {rule['id']} [{rule.get('impact') or 'n/a'}] {rule.get('help', '')}"
            f" ({len(nodes)} element(s)) {rule.get('helpUrl', '')}"
        )
        for node in nodes[:NODES_SHOWN]:
            target = " ".join(json.dumps(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " | ")
            lines.append(f"    at {target}: {node.get('html', '')[:160]}")
            if summary:
                lines.append(f"       {summary[:400]}")
        if len(nodes) > NODES_SHOWN:
            lines.append(f"    ... and {len(nodes) - NODES_SHOWN} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fails with a readable summary unless axe-core finds 0 WCAG 2.2 AA violations."""
    violations = run_axe(page)["violations"]
    if violations:
        pytest.fail(describe_violations(violations, page.url), pytrace=False)


# -- the pages ----------------------------------------------------------------------------------


def fail_a_sign_in(page: Page, site: Site) -> None:
    """Submits the sign-in form with a wrong password, so the page shows its error.

    An email without an account is used, so the lead is never locked out by the guard."""
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("not the password")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 400
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()


def open_every_disclosure(page: Page, site: Site) -> None:
    """Opens each <details>: sharing and withdrawing an entry, among others."""
    summaries = page.locator("details:not([open]) > summary")
    assert summaries.count() > 0
    while summaries.count():
        summaries.first.click()


BAD_LINES = "2026-06-01,12\n1 June,13\n2026-06-08,lots\n2026-01-05,9,Already has a value"


def preview_bad_lines(page: Page, site: Site) -> None:
    """Pastes lines of which three are bad, and asks for the preview: each bad line flagged."""
    page.get_by_label("Values, one a line").fill(BAD_LINES)
    page.get_by_role("button", name="Preview").click()
    settle(page)
    preview = page.locator("#paste-preview")
    preview.wait_for()
    assert preview.locator("tr.has-error").count() == 3


def refuse_one_value(page: Page, site: Site) -> None:
    """Records a value that is not a number: refused, with the message beside the field."""
    page.get_by_label("Value (people)").fill("a dozen")
    page.get_by_role("button", name="Record the value").click()
    page.locator("#point-value-error").wait_for()


def refuse_a_story(page: Page, site: Site) -> None:
    """Sends the story form with its text left blank: the page comes back with the error."""
    page.get_by_label("Title (optional)").fill("Kept as typed")
    page.get_by_role("button", name="Record the story").click()
    page.locator("#story-text-error").wait_for()


def refuse_a_principle(page: Page, site: Site) -> None:
    """Records a principle without its text: refused, with the message beside the field."""
    page.get_by_role("button", name="Record the principle").click()
    page.locator("#principle-text-error").wait_for()


def refuse_a_story_revision(page: Page, site: Site) -> None:
    """Opens the revision form and sends it without a reason: the page comes back with the
    error beside the field, the form open and what was typed kept."""
    page.locator("summary", has_text="Revise this story").click()
    page.get_by_label("Title (optional)").fill("Kept as typed")
    page.get_by_role("button", name="Revise the story").click()
    page.locator("#story-revision-rationale-error").wait_for()


@dataclass(frozen=True)
class Case:
    """One page to check: where it is, who is signed in, and what to do there first."""

    name: str
    path: str  # may name ids from `Site.ids`, such as {pilot_id}
    user: str | None = "lead"  # "lead", "member", "reader" or None (not signed in)
    status: int = 200
    then: Callable[[Page, Site], None] | None = None


MEASURE = "/pilots/{pilot_id}/measures/{measure_id}"
FEW = "/pilots/{pilot_id}/measures/{few_measure_id}"
WORKSHOP = "/workshops/{workshop_id}"
PAGES = [
    Case("sign-in", "/login", user=None),
    Case("sign-in-failed", "/login", user=None, then=fail_a_sign_in),
    Case("dashboard-lead", "/"),
    Case("dashboard-reader", "/", user="reader"),
    Case("not-found", "/no-such-page", status=404),
    Case("register-pilot", "/pilots/new"),
    Case("pilot", "/pilots/{pilot_id}"),
    Case("pilot-entry-controls-open", "/pilots/{pilot_id}", then=open_every_disclosure),
    Case("pilot-reader", "/pilots/{pilot_id}", user="reader"),
    Case("pilot-timeline", "/pilots/{pilot_id}/timeline"),
    Case("pilot-ideas", "/pilots/{pilot_id}/ideas"),
    Case("pilot-compare", "/pilots/{pilot_id}/compare?from=1&to=3"),
    Case("measure", MEASURE),
    Case("measure-reader", MEASURE, user="reader"),
    Case("measure-ihi", MEASURE + "?rules=ihi"),
    Case("measure-xmr", MEASURE + "?rules=mdc"),
    Case("measure-xmr-reader", MEASURE + "?rules=mdc", user="reader"),
    Case("measure-as-it-stood", MEASURE + "?at={recorded_on}"),
    Case("measure-too-few-points", FEW),
    Case("measure-too-few-points-reader", FEW, user="reader"),
    Case("measure-paste-preview", MEASURE, then=preview_bad_lines),
    Case("measure-one-value-refused", MEASURE, then=refuse_one_value),
    Case("learning", "/learning"),
    Case("all-pilots", "/pilots"),
    Case("your-pilots", "/pilots?team=mine"),
    Case("open-questions", "/learning/open-questions"),
    Case("insights", "/learning/insights"),
    Case("surprises", "/learning/surprises"),
    Case("record-story", "/stories/new", user="member"),
    Case("record-story-refused", "/stories/new", user="member", then=refuse_a_story),
    Case("workshops", "/workshops", user="reader"),
    Case("record-workshop", "/workshops/new"),
    Case("workshop", WORKSHOP, user="member"),
    Case("workshop-forms-open", WORKSHOP, user="member", then=open_every_disclosure),
    Case("workshop-refused", WORKSHOP, user="member", then=refuse_a_principle),
    Case("workshop-reader", WORKSHOP, user="reader"),
    Case("map", "/map"),
    Case("map-reader", "/map", user="reader"),
    Case("map-as-it-stood", "/map?at=2026-03-04"),
    Case("map-one-framing-question", "/map?framing={framing_id}"),
    Case("map-bad-day", "/map?at=last%20spring", status=400),
    Case("story-withdrawn", "/stories/{story_id}"),
    Case("story-for-the-programme-team", "/stories/{team_story_id}"),
    Case("story-withdrawn-reader", "/stories/{story_id}", user="reader"),
    Case("story-forms", "/stories/{own_story_id}"),
    Case("story-forms-open", "/stories/{own_story_id}", then=open_every_disclosure),
    Case("story-revision-refused", "/stories/{own_story_id}", then=refuse_a_story_revision),
]


@pytest.mark.browser
@pytest.mark.parametrize("case", PAGES, ids=[case.name for case in PAGES])
def test_page_has_no_wcag_22_aa_violations(
    case: Case,
    page: Page,
    context: BrowserContext,
    site: Site,
    session_cookies: Callable[[Person], list[Any]],
) -> None:
    if case.user is not None:
        context.add_cookies(session_cookies(getattr(site, case.user)))
    path = case.path.format(**site.ids)

    response = page.goto(path)

    assert response is not None
    assert response.status == case.status, f"{path} answered {response.status}"
    landed = urlsplit(page.url)
    assert path_of(page.url) + (f"?{landed.query}" if landed.query else "") == path, (
        f"{path} ended at {page.url}"
    )
    settle(page)
    if case.then is not None:
        case.then(page, site)
        settle(page)
    assert_accessible(page)


@pytest.mark.browser
def test_the_check_finds_a_violation_when_there_is_one(page: Page, site: Site) -> None:
    """The harness itself: axe runs under the real CSP and reports what it finds."""
    page.goto("/login")
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('main').append(img);
        }"""
    )

    violations = run_axe(page)["violations"]

    assert [rule["id"] for rule in violations] == ["image-alt"]
    assert "image-alt" in describe_violations(violations, "the test page")


@pytest.mark.browser
@pytest.mark.parametrize(("user", "path"), [("lead", "/map"), ("reader", "/map"),
                                            ("lead", "/map?at=2026-03-09")])  # fmt: skip
def test_the_maps_index_has_no_wcag_22_aa_violations(
    user: str,
    path: str,
    page: Page,
    context: BrowserContext,
    site: Site,
    session_cookies: Callable[[Person], list[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The index a map too large to draw is shown as: the site's map made too large by counting
    its two framing questions as too many (the server runs in this process)."""
    monkeypatch.setattr("projections.origins.index.MOST_FRAMINGS", 1)
    context.add_cookies(session_cookies(getattr(site, user)))

    response = page.goto(path)

    assert response is not None
    assert response.status == 200
    settle(page)
    assert page.locator("#map-index").count() == 1
    assert page.locator("svg").count() == 0
    questions = page.locator("#map-framing option").count() - 1  # and "Every framing question"
    assert questions >= 2
    assert page.locator("#map-index a[href^='/map?framing=']").count() == questions
    assert_accessible(page)
