"""A whole cycle logged with the keyboard alone (docs/quality.md), in a real browser.

After each page loads, the journey only presses keys: Tab until the wanted field has the focus,
then types, presses Enter on buttons and links, Space or the arrow keys on radios and selects.
It never clicks or fills. A lead signs in, registers a pilot, plans cycle 1 (after one refused
submission), starts it, records Do, Study and Act, then a reflection and a question set. Each
step checks the page shows what was typed, and axe-core checks the page after the refusal and at
the end. It runs with htmx, and again with JavaScript off, where every form is a plain POST.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import TIMEOUT_MS, Person, Site, path_of, settle
from tests.e2e.test_accessibility import assert_accessible
from web.security import CONTENT_SECURITY_POLICY

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Focus = dict[str, Any]
Wanted = str | Callable[[Focus], bool]
FIELDS = ("input", "textarea", "select")
AS_SERVED = {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": CONTENT_SECURITY_POLICY,
}
IS_FOCUSED = "s => document.activeElement === document.querySelector(s)"
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return {tag: 'body', id: '', label: '', group: ''};
    const name = e.labels && e.labels.length ? e.labels[0].innerText : e.innerText || '';
    const legend = e.closest('fieldset')?.querySelector('legend');
    return {
        tag: e.tagName.toLowerCase(), id: e.id || '', label: name.trim(),
        group: legend ? legend.innerText.trim() : '', value: e.value ?? '',
        choice: e.selectedOptions?.[0]?.text ?? '', checked: !!e.checked,
    };
}"""


@dataclass(frozen=True)
class Pair:
    question: str
    prediction: str
    result: str


PAIRS = (
    Pair("Will parents stay for the whole session?", "Most will stay", "Nine of eleven stayed"),
    Pair("Will children ask for a second session?", "A few will ask", "Everyone asked"),
)
OR_ELSE = "or what else did you observe?"
CLOSED = "Did you enjoy it?"
OPEN = "What would make the circle feel like yours?"


# -- keys ---------------------------------------------------------------------------------------


def focused(page: Page) -> Focus:
    """What has the focus: tag, id, accessible label, radio group, value and chosen option."""
    focus: Focus = page.evaluate(FOCUSED)
    return focus


def named(what: str, test: Callable[[Focus], bool]) -> Callable[[Focus], bool]:
    test.__qualname__ = what  # what tab_to says it was looking for when it fails
    return test


def field(label: str) -> Callable[[Focus], bool]:
    return named(f"the field {label!r}", lambda f: f["tag"] in FIELDS and f["label"] == label)


def radio_group(legend: str) -> Callable[[Focus], bool]:
    return named(f"the radios {legend!r}", lambda f: f["tag"] == "input" and f["group"] == legend)


def button(text: str) -> Callable[[Focus], bool]:
    return named(f"the button {text!r}", lambda f: f["tag"] == "button" and f["label"] == text)


def link(text: str) -> Callable[[Focus], bool]:
    return named(f"the link {text!r}", lambda f: f["tag"] == "a" and f["label"] == text)


def tab_to(page: Page, wanted: Wanted, max_tabs: int = 200) -> Focus:
    """Presses Tab until the focus is on `wanted`: a field's label, or a predicate."""
    test = field(wanted) if isinstance(wanted, str) else wanted
    stops: list[str] = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focus = focused(page)
        if test(focus):
            return focus
        stops.append(f"{focus['tag']}#{focus['id']} {focus['label'][:40]!r}")
    pytest.fail(f"{test.__qualname__} not reached in {max_tabs} Tabs on {page.url}: {stops}")


def wait_for_focus(page: Page, selector: str) -> None:
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(IS_FOCUSED, arg=selector, timeout=TIMEOUT_MS)
    except Timeout:
        pytest.fail(f"the focus went to {focused(page)}, not to {selector}")


def type_into(page: Page, label: str, text: str) -> None:
    tab_to(page, label)
    page.keyboard.type(text)


def choose_radio(page: Page, legend: str, option: str) -> None:
    """Tabs into the radio group, then Space on the first option or arrows down to another."""
    focus = tab_to(page, radio_group(legend))
    for _ in range(10):
        if focus["label"] == option:
            page.keyboard.press("Space")
            assert focused(page)["checked"], f"Space did not check {option!r}"
            return
        page.keyboard.press("ArrowDown")
        focus = focused(page)
        if focus["label"] == option and focus["checked"]:
            return
    pytest.fail(f"{option!r} is not an option of {legend!r}")


def choose_option(page: Page, label: str, option: str) -> None:
    """Tabs to the select, then arrows down (closed, so nothing pops up) to the option."""
    focus = tab_to(page, label)
    for _ in range(10):
        if focus["choice"].startswith(option):
            return
        page.keyboard.press("ArrowDown")
        focus = focused(page)
    options = page.evaluate("() => [...document.activeElement.options].map(o => o.text)")
    pytest.fail(f"{option!r} is not an option of {label!r}, only {options}")


def press_enter_on(page: Page, wanted: Wanted) -> None:
    """Tabs to a button or link and presses Enter: a page load, or an htmx swap."""
    tab_to(page, wanted)
    if page.evaluate("() => typeof window.htmx === 'object'") and focused(page)["tag"] == "button":
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.keyboard.press("Enter")
        settle(page)
    else:
        with page.expect_navigation():
            page.keyboard.press("Enter")


def submit(page: Page, text: str, section: str) -> None:
    """Presses Enter on a form's submit button. With htmx the section is swapped and its heading
    takes the focus; without JavaScript the page loads afresh at the section."""
    press_enter_on(page, button(text))
    if page.evaluate("() => typeof window.htmx === 'object'"):
        wait_for_focus(page, f"#{section}-heading")
    else:
        assert urlsplit(page.url).fragment == section, f"{text!r} led to {page.url}"


# -- steps --------------------------------------------------------------------------------------


def sign_in(page: Page, person: Person) -> None:
    page.goto("/login")
    type_into(page, "Email", person.email)
    type_into(page, "Password", person.password)
    press_enter_on(page, button("Sign in"))
    assert path_of(page.url) == "/"


def register_pilot(page: Page, title: str) -> None:
    press_enter_on(page, link("Register a pilot"))
    assert path_of(page.url) == "/pilots/new"
    type_into(page, "Title", title)
    type_into(page, "How might we…", "How might we help families feel at home here?")
    type_into(page, "Idea to test", "A bilingual story circle on Saturday mornings")
    type_into(page, "Themes (optional)", "belonging, languages")
    press_enter_on(page, button("Register the pilot"))
    expect_text(page.get_by_role("heading", level=1), title)
    expect_text(page.locator("#summary"), "A bilingual story circle on Saturday mornings")
    expect_text(page.locator("#summary .tag").nth(1), "belonging")
    expect_text(page.locator("#summary .tag").nth(2), "languages")


def plan_without_objective(page: Page, js: bool) -> None:
    """Submits the plan with a blank objective: refused, with the typed pairs kept."""
    type_pairs(page)
    press_enter_on(page, button("Plan cycle 1"))
    error = page.locator("#plan-objective-error")
    expect_text(error, "Error: Must not be blank.")
    assert page.locator("#plan-objective").get_attribute("aria-invalid") == "true"
    described_by = page.get_attribute("#plan-objective", "aria-describedby") or ""
    assert "plan-objective-error" in described_by.split()
    for i, pair in enumerate(PAIRS):
        assert page.input_value(f"#plan-predictions-{i}-question") == pair.question
        assert page.input_value(f"#plan-predictions-{i}-prediction") == pair.prediction
    # With htmx only the form is swapped, and its first field in error takes the focus; a page
    # loaded afresh focuses the error summary, whose link leads to the field.
    wait_for_focus(page, "#plan-objective" if js else ".error-summary")
    if not js:
        expect_text(page.locator(".error-summary a"), "Objective: must not be blank")


def type_pairs(page: Page) -> None:
    for i, pair in enumerate(PAIRS, start=1):
        type_into(page, f"Question {i}", pair.question)
        type_into(page, f"Prediction {i}", pair.prediction)


def plan_cycle(page: Page, objective: str) -> None:
    type_into(page, "Objective", objective)
    submit(page, "Plan cycle 1", "cycles")
    expect_text(cycle_heading(page), "Cycle 1: planned")
    expect_text(page.locator("#cycles article dd").first, objective)
    for row, pair in zip(prediction_rows(page), PAIRS, strict=True):
        assert row == [pair.question, pair.prediction, "Not studied yet"]


def start_cycle(page: Page) -> None:
    submit(page, "Start cycle 1 and lock its predictions", "cycles")
    expect_text(cycle_heading(page), "Cycle 1: started")
    expect_text(page.locator("#cycles article caption"), "Predictions (locked)")
    expect_text(page.locator("#summary"), "Cycle 1, started")


def record_do(page: Page, happened: str, observed: str) -> None:
    type_into(page, "What happened?", happened)
    choose_radio(page, "Did it go as planned?", "Yes")
    type_into(page, f"What differed from the plan, {OR_ELSE} (optional)", observed)
    submit(page, "Record what happened", "cycles")
    expect_text(cycle_heading(page), "Cycle 1: done")
    assert facts(page)["What happened"] == happened
    assert facts(page)["Went as planned"] == "Yes"
    assert facts(page)["Deviations and other observations"] == observed


def record_study(page: Page, learning: str) -> None:
    for i, pair in enumerate(PAIRS, start=1):
        study_row = page.locator(".study-row").nth(i - 1)
        expect_text(study_row.locator("legend"), f"Question {i}: {pair.question}")
        expect_text(study_row.locator(".prediction .entry"), pair.prediction)
        type_into(page, f"Result {i}", pair.result)
    type_into(page, "What did you learn?", learning)
    submit(page, "Record the study", "cycles")
    expect_text(cycle_heading(page), "Cycle 1: studied")
    expect_text(page.locator("#cycles article caption"), "Predictions and results (locked)")
    for row, pair in zip(prediction_rows(page), PAIRS, strict=True):
        assert row == [pair.question, pair.prediction, pair.result]
    assert facts(page)["Learning"] == learning


def decide(page: Page, rationale: str) -> None:
    choose_radio(page, "What will you do with the change?", "Adapt: change it and test again")
    type_into(page, "Why?", rationale)
    submit(page, "Record the decision", "cycles")
    expect_text(cycle_heading(page), "Cycle 1: decided")
    assert facts(page)["Decision"] == "Adapt"
    assert facts(page)["Rationale"] == rationale
    expect_text(page.locator("#plan"), "Plan cycle 2")


def record_reflection(page: Page, text: str) -> None:
    choose_option(page, "Kind of reflection", "Observation")
    choose_option(page, "Cycle (optional)", "Cycle 1")
    type_into(page, "Reflection", text)
    choose_radio(page, "Who reads it?", "Team: this pilot's lead, members and facilitators")
    submit(page, "Record the reflection", "reflections")
    entry = page.locator("#reflections .entries li").first
    expect_text(entry.locator(".tag").nth(0), "Observation")
    expect_text(entry.locator(".tag").nth(1), "Team")
    expect_text(entry, "by Lena Lead, on cycle 1")
    expect_text(entry.locator(".entry"), text)


def withdraw_reflection(page: Page, text: str, reason: str) -> None:
    """Opens the reflection's own controls, then withdraws it for good with a reason: the page
    keeps the fact, and not a word of the text."""
    tab_to(page, lambda f: f["tag"] == "summary" and f["label"].startswith("Change who reads"))
    page.keyboard.press("Enter")
    type_into(page, "Why withdraw it?", reason)
    submit(page, "Withdraw the reflection", "reflections")
    entry = page.locator("#reflections .entries li").first
    expect_text(entry, "Withdrawn on ")
    assert entry.locator(".entry").count() == 0
    assert text not in page.content()


def record_question_set(page: Page, action: str) -> None:
    tab_to(page, "Held on")
    page.keyboard.type("05052026")  # 5 May 2026 whether the day or the month comes first
    assert focused(page)["value"] == "2026-05-05"
    tab_to(page, "Questions asked, one a line")
    page.keyboard.type(OPEN)
    page.keyboard.press("Enter")
    page.keyboard.type(CLOSED)
    type_into(page, "Actions committed, one a line (optional)", action)
    submit(page, "Record the question set", "question-sets")
    meeting = page.locator("#question-sets article").first
    expect_text(meeting.locator("h3"), "Set meeting on 5 May 2026")
    asked = meeting.locator("ol.questions > li")
    expect_text(asked.nth(0).locator(".entry").first, OPEN)
    expect_text(asked.nth(1).locator(".entry").first, CLOSED)
    assert asked.nth(0).locator(".hint-closed").count() == 0
    expect_text(asked.nth(1).locator(".hint-closed"), "This looks like a closed question.")
    expect_text(meeting.locator("ol.actions .entry"), action)


# -- reading the page ---------------------------------------------------------------------------


def expect_text(locator: Locator, text: str) -> None:
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text)


def cycle_heading(page: Page) -> Locator:
    return page.locator("#cycles article h3").first


def prediction_rows(page: Page) -> list[list[str]]:
    rows = page.locator("#cycles article").first.locator("tbody tr")
    return [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in rows.all()]


def facts(page: Page) -> dict[str, str]:
    """The cycle's facts (What happened, Learning, Decision...) as term: definition."""
    facts: dict[str, str] = page.locator("#cycles article").first.evaluate(
        """a => Object.fromEntries([...a.querySelectorAll('dt')].map(
            dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()]))"""
    )
    return facts


def check_accessible(page: Page) -> None:
    """axe-core at WCAG 2.2 AA on the page as it stands. axe needs JavaScript, so a page shown
    without it is checked as a copy: its DOM, at its URL and under the app's CSP, in a page that
    blocks the app's own scripts but lets axe run."""
    if page.evaluate("() => typeof window.htmx === 'object'"):
        assert_accessible(page)
        return
    url, html = page.url, page.content()
    browser = page.context.browser
    assert browser is not None
    copy = browser.new_context(locale="en-GB")
    try:
        twin = copy.new_page()
        twin.route("**/*.js", lambda route: route.abort())
        twin.route(url.split("#")[0], lambda route: route.fulfill(headers=AS_SERVED, body=html))
        twin.goto(url)
        assert_accessible(twin)
    finally:
        copy.close()


# -- the journey --------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_whole_cycle_is_logged_with_the_keyboard_alone(
    keyboard_page: Page, site: Site, js: bool
) -> None:
    page = keyboard_page
    sign_in(page, site.lead)
    register_pilot(page, f"Saturday story circle ({'htmx' if js else 'no JavaScript'})")

    if js:  # a mark that lasts until the page loads again: every step below must be a swap
        page.evaluate("() => { window.stillTheSamePage = true; }")
    plan_without_objective(page, js)
    check_accessible(page)
    if not js:
        press_enter_on(page, link("Objective: must not be blank."))
        wait_for_focus(page, "#plan-objective")
    plan_cycle(page, "Find out whether families stay, and come back")
    start_cycle(page)
    record_do(page, "Eleven families came", "Two grandparents told stories in Somali")
    record_study(page, "Stories in home languages kept everyone in the room")
    decide(page, "Keep it, and invite grandparents to host in their languages")
    reflection = "The quiet children spoke up when the story was in their language."
    record_reflection(page, reflection)
    withdraw_reflection(page, reflection, "A parent asked us not to keep it")
    record_question_set(page, "Ask the library for a quieter room")

    if js:
        assert page.evaluate("() => window.stillTheSamePage === true"), "a step reloaded the page"
    check_accessible(page)
