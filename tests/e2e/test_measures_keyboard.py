"""Measures with the keyboard alone (the issue "Measures and run charts"), in a real browser.

As in the whole-cycle journey, after each page loads only keys are pressed: Tab to a field, type,
Enter on a button or link, the arrow keys on radios and selects. A lead goes from the dashboard
to the pilot, then to a measure, records one value, then a value that is not a number, which is
refused; and defines a new measure from the pilot page. Each runs with htmx, and again with
JavaScript off, where every form is a plain POST.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import Site, path_of
from tests.e2e.test_whole_cycle import (
    button,
    check_accessible,
    choose_option,
    choose_radio,
    expect_text,
    focused,
    link,
    press_enter_on,
    sign_in,
    submit,
    tab_to,
    type_into,
    wait_for_focus,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

PILOT = "Story circles at the library"  # recorded by the site fixture
MEASURE = "Residents at each circle"
VALUE_LABEL = "Value (people)"
MANY_TABS = 400  # the pilot page has every cycle, entry and form before its measures


def open_the_measure(page: Page, site: Site) -> None:
    """From the dashboard to the pilot, and from its measures to the measure's own page."""
    press_enter_on(page, link(PILOT))
    assert path_of(page.url) == f"/pilots/{site.pilot_id}"
    tab_to(page, link(MEASURE), MANY_TABS)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/measures/{site.ids['measure_id']}")
    expect_text(page.get_by_role("heading", level=1), MEASURE)


def data_rows(page: Page) -> Locator:
    return page.locator("#data table").first.locator("tbody tr")


def data_row(page: Page, day: str) -> Locator:
    return data_rows(page).filter(has=page.locator(f'time[datetime="{day}"]'))


def type_lines(page: Page, *lines: str) -> None:
    for i, line in enumerate(lines):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def record_a_value(page: Page, js: bool, day: str, typed_day: str) -> None:
    """Types a day, a value and a note into "One value" and presses Enter on its button."""
    rows = data_rows(page).count()
    tab_to(page, "Day")
    page.keyboard.type(typed_day)  # the same day whether the day or the month comes first
    assert focused(page)["value"] == day
    type_into(page, VALUE_LABEL, "17")
    type_into(page, "Note (optional)", "Two new faces from the flats")
    press_enter_on(page, button("Record the value"))
    row = data_row(page, day)
    expect_text(row, "17")
    expect_text(row.locator("td.entry"), "Two new faces from the flats")
    assert data_rows(page).count() == rows + 1
    # The form is back, empty; the focus is on its heading, ready for the next value. A page
    # loaded afresh gets there by its address; after htmx the heading is focused.
    if not js:
        assert urlsplit(page.url).fragment == "point", page.url
    wait_for_focus(page, "#point")


def paste_values(page: Page, days: tuple[str, str]) -> None:
    """Pastes lines of which two are bad: the preview flags them, records nothing and takes the
    focus; then the lines are put right, previewed again and recorded all at once."""
    rows = data_rows(page).count()
    tab_to(page, "Values, one a line")
    type_lines(page, f"{days[0]},11", "next Tuesday,12", f"{days[1]},lots,Rain all day")
    press_enter_on(page, button("Preview"))
    wait_for_focus(page, "#paste-outcome")
    expect_text(page.locator("#paste-outcome"), "2 of 3 lines need putting right")
    flagged = page.locator("#paste-preview tbody tr.has-error")
    assert flagged.count() == 2
    expect_text(flagged.nth(0), "Error: ")
    assert data_rows(page).count() == rows
    check_accessible(page)

    page.keyboard.press("Shift+Tab")  # back to the lines, as typed
    assert focused(page)["label"] == "Values, one a line"
    page.keyboard.press("ControlOrMeta+A")
    type_lines(page, f"{days[0]},11", f"{days[1]},10,Rain all day")
    press_enter_on(page, button("Preview"))
    wait_for_focus(page, "#paste-outcome")
    expect_text(page.locator("#paste-outcome"), "All 2 lines can be recorded.")
    press_enter_on(page, button("Record them all"))
    wait_for_focus(page, "#paste")
    expect_text(data_row(page, days[0]), "11")
    expect_text(data_row(page, days[1]).locator("td.entry"), "Rain all day")
    assert data_rows(page).count() == rows + 2


def refuse_a_value(page: Page, js: bool) -> None:
    """A value that is not a number: nothing is recorded, the error is announced, and the focus
    goes to the field (after an htmx swap) or to the error summary (on a page loaded afresh)."""
    rows = data_rows(page).count()
    tab_to(page, VALUE_LABEL)
    page.keyboard.type("a dozen")
    press_enter_on(page, button("Record the value"))
    summary = page.locator("#alerts .error-summary")
    assert summary.get_attribute("role") == "alert"
    expect_text(summary, "nothing was recorded")
    error = page.locator("#point-value-error")
    expect_text(error, "Error: ")
    assert page.get_attribute("#point-value", "aria-invalid") == "true"
    described_by = page.get_attribute("#point-value", "aria-describedby") or ""
    assert "point-value-error" in described_by.split()
    assert page.input_value("#point-value") == "a dozen"
    assert data_rows(page).count() == rows
    wait_for_focus(page, "#point-value" if js else ".error-summary")


@pytest.mark.browser
def test_a_lead_enters_a_value_with_the_keyboard_alone(
    keyboard_page: Page, site: Site, js: bool
) -> None:
    page = keyboard_page
    sign_in(page, site.lead)
    open_the_measure(page, site)

    if js:  # a mark that lasts until the page loads again: every step below must be a swap
        page.evaluate("() => { window.stillTheSamePage = true; }")
    # A day of its own for each run, after the recorded weeks (which end on 6 April 2026).
    day, typed = ("2026-05-05", "05052026") if js else ("2026-06-06", "06062026")
    record_a_value(page, js, day, typed)
    paste_values(page, ("2026-05-12", "2026-05-19") if js else ("2026-06-13", "2026-06-20"))
    refuse_a_value(page, js)
    check_accessible(page)
    if not js:
        message = page.locator(".error-summary a").inner_text()
        press_enter_on(page, link(message))
        wait_for_focus(page, "#point-value")

    if js:
        assert page.evaluate("() => window.stillTheSamePage === true"), "a step reloaded the page"


@pytest.mark.browser
def test_a_lead_defines_a_measure_with_the_keyboard_alone(
    keyboard_page: Page, site: Site, js: bool
) -> None:
    page = keyboard_page
    name = f"Neighbours met for the first time ({'htmx' if js else 'no JavaScript'})"
    sign_in(page, site.lead)
    press_enter_on(page, link(PILOT))

    if js:
        page.evaluate("() => { window.stillTheSamePage = true; }")
    tab_to(page, "Name", MANY_TABS)
    page.keyboard.type(name)
    choose_option(page, "Kind", "Process")
    type_into(page, "Operational definition", "Names each resident says they learnt that day")
    type_into(page, "Unit (optional)", "names")
    choose_radio(page, "Which way is better?", "Higher is better")
    type_into(page, "Target (optional)", "3")
    submit(page, "Define the measure", "measures")
    card = page.locator("#measures .measure-list li", has=page.get_by_role("link", name=name))
    expect_text(card.locator(".tag"), "process")
    expect_text(card, "0 values, in names")
    if js:
        assert page.evaluate("() => window.stillTheSamePage === true"), "a step reloaded the page"

    press_enter_on(page, link(name))
    expect_text(page.get_by_role("heading", level=1), name)
    expect_text(page.locator("#data"), "No values yet.")
    check_accessible(page)
