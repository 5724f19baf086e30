"""Measures through the pages, as a browser without JavaScript uses them: defining one on the
pilot page, one value, many values pasted (previewed first, nothing recorded while a line is
bad), a correction, a new phase, and the chart as it stood."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from tests.web.pages_support import (
    XSS,
    Browser,
    Site,
    plan,
    register,
    site_fixture,  # noqa: F401
)


def define(lead: Browser, pilot_id: str, **typed: str) -> str:
    fields = {
        "name": "Attendance",
        "kind": "outcome",
        "definition": "People at each circle, counted at the door",
        "improvement": "up",
        "unit": "people",
        "target": "12",
    }
    answer = lead.submit(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/measures", **(fields | typed))
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/pilots/{pilot_id}#measures"
    page = lead.get(f"/pilots/{pilot_id}").text
    found = re.search(rf'href="/pilots/{pilot_id}/measures/([0-9a-f-]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_lead_defines_a_measure_and_sees_its_chart_on_the_pilot_page(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    define(lead, pilot_id)
    page = lead.get(f"/pilots/{pilot_id}").text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "No points yet" in page or "no values" in page.lower()


def test_a_blank_definition_keeps_what_was_typed(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    before = site.events(pilot_id)
    answer = lead.submit(
        f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/measures",
        name="Return rate", kind="process", definition="  ", improvement="up", unit="%",
    )  # fmt: skip
    assert answer.status_code == 400
    assert 'value="Return rate"' in answer.text
    assert 'value="%"' in answer.text
    assert "Definition: must not be blank" in answer.text or "must not be blank" in answer.text
    assert site.events(pilot_id) == before


def test_one_value_then_a_correction_then_a_phase(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id)}"
    answer = lead.submit(page, f"{page}/points", on="2026-03-02", value="7", note="Rainy")
    assert answer.status_code == 303, answer.text
    shown = lead.get(page).text
    assert "Rainy" in shown
    assert ">7<" in shown
    answer = lead.submit(page, f"{page}/correction", on="2026-03-02", value="9", reason="Miscount")
    assert answer.status_code == 303, answer.text
    shown = lead.get(page).text
    assert "Miscount" in shown
    assert "7 → 9" in shown
    answer = lead.submit(page, f"{page}/phases", **{"from": "2026-03-01", "reason": "Too soon"})
    assert answer.status_code == 409
    assert "after the first point" in answer.text
    assert 'value="2026-03-01"' in answer.text  # kept as typed


def test_a_bad_value_is_refused_with_the_form_as_typed(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id)}"
    before = site.events(pilot_id)
    answer = lead.submit(page, f"{page}/points", on="2026-03-02", value="lots", note="Busy day")
    assert answer.status_code == 400
    assert "must be a number" in answer.text
    assert 'value="lots"' in answer.text
    assert 'value="Busy day"' in answer.text
    future = (date.today() + timedelta(days=3)).isoformat()
    answer = lead.submit(page, f"{page}/points", on=future, value="3")
    assert answer.status_code == 400
    assert "in the future" in answer.text
    assert site.events(pilot_id) == before


def test_a_paste_is_previewed_and_every_bad_line_flagged_before_anything_is_recorded(
    site: Site,
) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id)}"
    assert lead.submit(page, f"{page}/points", on="2026-02-02", value="5").status_code == 303
    before = site.events(pilot_id)
    lines = (
        "on,value,note\n2026-02-09,6\n2026-02-16;7,5\nnot a date,3\n2026-02-23,many\n"
        "2026-02-02,4\n2026-02-09,8\n"
    )
    for step in ("preview", "record"):
        answer = lead.submit(page, f"{page}/paste", lines=lines, step=step)
        assert answer.status_code == (200 if step == "preview" else 400)
        assert "4 of 6 lines need putting right" in answer.text
        assert "is not a date" in answer.text
        assert "is not a number" in answer.text
        assert "already has a value" in answer.text
        assert "also on line 2" in answer.text
        assert "2026-02-09,6" in answer.text  # the box keeps what was pasted
    assert site.events(pilot_id) == before
    good = '2026-02-09\t6\n2026-02-16;7,5\n2026-02-23,8,"Quiz, then tea"\n'
    preview = lead.submit(page, f"{page}/paste", lines=good, step="preview")
    assert "All 3 lines can be recorded" in preview.text
    assert site.events(pilot_id) == before  # a preview records nothing
    answer = lead.submit(page, f"{page}/paste", lines=good, step="record")
    assert answer.status_code == 303, answer.text
    shown = lead.get(page).text
    assert ">7.5<" in shown
    assert "Quiz, then tea" in shown


def test_the_chart_as_it_stood_is_read_only(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id)}"
    shown = lead.get(page, params={"at": date.today().isoformat()}).text
    assert "An earlier state, read-only" in shown
    assert f'action="{page}/points"' not in shown
    assert lead.get(page, params={"at": "soon"}).status_code == 400


def test_a_reader_sees_the_chart_but_no_forms(site: Site) -> None:
    lead, reader = site.as_("lead"), site.as_("reader")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id)}"
    shown = reader.get(page)
    assert shown.status_code == 200
    assert "<svg" in shown.text
    assert f'action="{page}/points"' not in shown.text
    assert reader.post(f"{page}/points", {"on": "2026-01-01", "value": "1"}).status_code == 403


def test_what_people_type_is_escaped(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id, name=XSS, unit=XSS)}"
    lead.submit(page, f"{page}/points", on="2026-03-02", value="1", note=XSS)
    for url in (page, f"/pilots/{pilot_id}"):
        assert XSS not in lead.get(url).text


def test_a_plan_may_predict_a_measure(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    measure_id = define(lead, pilot_id)
    answer = plan(lead, pilot_id, **{f"measure-{measure_id}": "Attendance will reach 12"})
    assert answer.status_code == 303, answer.text
    page = lead.get(f"/pilots/{pilot_id}").text
    assert "Measure predictions" in page
    assert "Attendance will reach 12" in page


def test_the_chart_and_values_the_page_links_to_open_in_the_readers_browser(site: Site) -> None:
    """The page's files are served to the session that reads it (the API would refuse it, for
    it takes bearer tokens only), and are the files the API serves."""
    lead, reader = site.as_("lead"), site.as_("reader")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id)}"
    lead.submit(page, f"{page}/points", on="2026-03-02", value="7", note="Rainy")
    shown = reader.get(page).text
    links = re.findall(rf'href="({page}/(?:points\.csv|chart\.svg|chart\.json)[^"]*)"', shown)
    assert len(links) == 3, links
    token = site.services.accounts.issue_token("rae@example.org")
    for link in (html.unescape(link) for link in links):
        answer = reader.get(link)
        assert answer.status_code == 200, (link, answer.text)
        kind = {"csv": "text/csv", "svg": "image/svg+xml", "json": "application/json"}
        assert answer.headers["content-type"].startswith(kind[link.split("?")[0].rsplit(".")[-1]])
        bearer = {"Authorization": f"Bearer {token}"}
        api = reader.get(f"/api/v1{link}".replace("/chart.json", ""), headers=bearer)
        assert api.status_code == 200, api.text
        assert answer.content == api.content
    assert "Rainy" in reader.get(f"{page}/points.csv").text


def test_a_chart_choice_the_page_does_not_know_is_a_clear_400(site: Site) -> None:
    """`?rules=`, `?chart=` and `?at=` are read once for the page and for the files it links
    to: a value none of them takes is refused with the field named, never a server error."""
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}/measures/{define(lead, pilot_id)}"
    for ending in ("", "/chart.svg", "/chart.json"):
        for asked, field in (("rules=astrology", "rules"), ("chart=pie", "chart"),
                             ("at=yesterday", "at")):  # fmt: skip
            answer = lead.get(f"{page}{ending}?{asked}")
            assert answer.status_code == 400, (ending, asked, answer.text[:200])
            assert field in answer.text
    assert lead.get(f"{page}?rules=ihi").status_code == 200
